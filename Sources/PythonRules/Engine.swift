import Findings
import Python

/// "Parameter i of this function reaches a sink of rule R": what callers in the same file need to know.
struct SinkRecord: Hashable, Sendable {
    var rule: String
    var sink: String
    var line: Int
    var sinkClass: SinkClass?
    var reportUnknown: Bool
}

struct Summary: Sendable {
    /// Parameter index → sinks it reaches, keyed by "rule|line" so recursion cannot grow them forever.
    var sinks: [Int: [String: SinkRecord]] = [:]
    /// The join of every returned value.
    var returns: Taint? = nil

    var signature: String {
        let s = sinks.keys.sorted().map { k in "\(k):" + sinks[k]!.keys.sorted().joined(separator: ",") }.joined(separator: ";")
        guard let r = returns else { return s }
        return s + "|\(r.level)|\(r.params.sorted())|\(r.cleared.map(\.rawValue).sorted())|\(r.tags.count)"
    }
}

/// A finding before it becomes a `Finding`: rule, place, and the lines whose change makes it new.
struct RawFinding: Sendable {
    var rule: Rule
    var span: Span
    var statementLine: Int
    var confidence: Confidence
    var severity: Severity
    var cwe: Int
    var message: String
    var origin: Origin?
    var lines: Set<Int>
    var fingerprintText: String?
}

/// Flow-sensitive, intra-file taint analysis with per-function summaries iterated to a fixed point.
/// One instance per file review; never shared between threads.
final class Engine: Flow {
    let file: FileContext
    let rules: [Rule]
    private(set) var function: FunctionInfo?
    private(set) var statement: Stmt?

    private var summaries: [String: Summary] = [:]
    private var current = Summary()
    private var env: [String: Taint] = [:]
    private var globals: [String: Taint] = [:]
    private var paramIndex: [String: Int] = [:]
    private var cache: [CacheKey: Taint] = [:]
    private var emitting = false
    private var statementLine = 0
    private var depth = 0
    private var loopDepth = 0
    private var found: [String: RawFinding] = [:]
    private let functionsByName: [String: FunctionInfo]
    private let rulesByID: [String: Rule]

    private struct CacheKey: Hashable { var a: Int, b: Int, c: Int, d: Int, k: Int }

    init(file: FileContext, rules: [Rule]) {
        self.file = file
        self.rules = rules
        var byName: [String: FunctionInfo] = [:]
        for f in file.functions where byName[f.name] == nil { byName[f.name] = f }
        functionsByName = byName
        rulesByID = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Analyzes the file. With `addedLines`, only functions a change can affect are analyzed for findings:
    /// those overlapping the added lines, their callers (a helper's new sink is reported at its call sites),
    /// and the summaries of what they call. A change at module level affects everything.
    func run(addedLines: Set<Int>? = nil) -> [RawFinding] {
        analyzeModule()
        let scope = affectedFunctions(addedLines)
        var needed = Set<String>()
        var frontier = scope.map(\.name)
        while let n = frontier.popLast() {
            guard needed.insert(n).inserted, let f = functionsByName[n] else { continue }
            frontier.append(contentsOf: calls(of: f))
        }
        // Only functions the file calls need summaries. They feed each other (a helper of a helper), so
        // iterate: after the first round, re-analyze only callers of functions whose summary changed.
        let called = file.functions.filter { file.calledNames.contains($0.name) && needed.contains($0.name) }
        var work = called
        for _ in 0..<6 where !work.isEmpty {
            var changed = Set<String>()
            for f in work {
                let before = summaries[f.name]?.signature
                analyze(f)
                if summaries[f.name]?.signature != before { changed.insert(f.name) }
            }
            work = changed.isEmpty ? [] : called.filter { !calls(of: $0).isDisjoint(with: changed) }
        }
        emitting = true
        analyzeModule()
        for f in scope { analyze(f) }
        for rule in rules {
            if let onFunction = rule.onFunction {
                for f in scope {
                    function = f
                    statementLine = f.span.start.line
                    handle(onFunction(f, file), rule: rule)
                }
            }
            function = nil
            if let onFile = rule.onFile {
                statementLine = 1
                handle(onFile(file), rule: rule)
            }
        }
        return found.values.sorted { ($0.span.start, $0.rule.id) < ($1.span.start, $1.rule.id) }
    }

    private func affectedFunctions(_ added: Set<Int>?) -> [FunctionInfo] {
        guard let added else { return file.functions }
        func overlaps(_ f: FunctionInfo) -> Bool {
            f.span.overlaps(lines: added) || f.def.decorators.contains { $0.span.overlaps(lines: added) }
        }
        // Module-level code outside functions and classes: globals may feed any function.
        var moduleLevelChanged = false
        func scan(_ body: [Stmt]) {
            for s in body {
                switch s.kind {
                case .functionDef: continue
                case .classDef(let c): scan(c.body)
                default: if s.span.overlaps(lines: added) { moduleLevelChanged = true }
                }
            }
        }
        scan(file.module.body)
        if moduleLevelChanged { return file.functions }
        var touched = Set(file.functions.filter(overlaps).map(\.key))
        var grew = true
        while grew {
            grew = false
            let names = Set(file.functions.filter { touched.contains($0.key) }.map(\.name))
            for f in file.functions where !touched.contains(f.key) && !calls(of: f).isDisjoint(with: names) {
                touched.insert(f.key)
                grew = true
            }
        }
        return file.functions.filter { touched.contains($0.key) }
    }

    private var callGraph: [String: Set<String>] = [:]

    /// Names of this file's functions that `f` calls.
    private func calls(of f: FunctionInfo) -> Set<String> {
        if let c = callGraph[f.key] { return c }
        var out = Set<String>()
        for s in f.def.body {
            s.walk { st in
                for e in st.childExpressions {
                    e.walk { x in
                        guard case .call(let callee, _, _) = x.kind else { return }
                        switch callee.kind {
                        case .name(let n, _) where functionsByName[n] != nil: out.insert(n)
                        case .attribute(let v, let a, _):
                            if case .name(let n, _) = v.kind, n == "self" || n == "cls", functionsByName[a] != nil { out.insert(a) }
                        default: break
                        }
                    }
                }
            }
        }
        callGraph[f.key] = out
        return out
    }

    // MARK: Scopes

    private func analyzeModule() {
        function = nil
        env = [:]
        paramIndex = [:]
        execModuleLevel(file.module.body)
        globals = env
    }

    /// Module and class bodies: assignments and calls, but not function bodies (analyzed on their own).
    private func execModuleLevel(_ body: [Stmt]) {
        for s in body {
            statement = s
            switch s.kind {
            case .functionDef(let f):
                cache = [:]
                statementLine = s.span.start.line
                for d in f.decorators { _ = eval(d) }
                fireStatement(s)
            case .classDef(let c):
                cache = [:]
                statementLine = s.span.start.line
                for d in c.decorators + c.bases { _ = eval(d) }
                fireStatement(s)
                execModuleLevel(c.body)
            case .if(let test, let body, let orelse):
                cache = [:]
                statementLine = s.span.start.line
                _ = eval(test)
                execModuleLevel(body)
                execModuleLevel(orelse)
            case .try(let body, let handlers, let orelse, let finalbody, _):
                execModuleLevel(body + handlers.flatMap(\.body) + orelse + finalbody)
            default:
                exec(s)
            }
        }
    }

    private func analyze(_ f: FunctionInfo) {
        function = f
        env = [:]
        paramIndex = [:]
        current = Summary()
        let kwonly = f.def.args.kwonlyargs.map(\.name)
        for (i, name) in (f.params + kwonly).enumerated() { paramIndex[name] = i }
        if f.isRoute {
            // The framework fills route parameters; converters like <int:id> make them numbers.
            for name in f.params + kwonly { env[name] = .safe }
        }
        for name in f.routeStringParams {
            env[name] = .tainted(Origin(description: "route parameter <\(name)>", line: f.span.start.line, column: f.span.start.column + 1))
        }
        if f.isDjangoView {
            // Django passes URL captures as extra arguments; their converters live in urls.py, so their
            // origin is unknown here rather than certainly attacker-chosen.
            for name in f.params.dropFirst() where env[name] == nil { env[name] = .unknown }
        }
        if f.isView, let first = f.params.first, first == "request" { env["request"] = .unknown }
        exec(f.def.body)
        summaries[f.name] = current
    }

    // MARK: Statements

    private func exec(_ body: [Stmt]) { for s in body { exec(s) } }

    private func exec(_ s: Stmt) {
        cache = [:]
        statement = s
        statementLine = s.span.start.line
        let line = s.span.start.line
        switch s.kind {
        case .functionDef, .classDef, .import, .importFrom, .global, .nonlocal, .pass, .break, .continue:
            fireStatement(s)
        case .expr(let e):
            _ = eval(e)
            fireStatement(s)
        case .assign(let targets, let value):
            let t = eval(value)
            for target in targets { assign(target, value: value, taint: t, line: line) }
            fireStatement(s)
        case .annAssign(let target, _, let value, _):
            if let value { assign(target, value: value, taint: eval(value), line: line) }
            fireStatement(s)
        case .augAssign(let target, let op, let value):
            var t = eval(target).combined(with: eval(value))
            if op == .add || op == .mod, t.isNonTrivial { t.tags.insert(.built) }
            assign(target, value: nil, taint: t, line: line)
            fireStatement(s)
        case .typeAlias, .delete:
            break
        case .return(let value):
            if let value {
                let t = eval(value)
                current.returns = current.returns.map { $0.joined(with: t) } ?? t
                fireStatement(s)
                if function != nil { fireReturn(value) }
            }
        case .raise(let exc, let cause):
            if let exc { _ = eval(exc) }
            if let cause { _ = eval(cause) }
            fireStatement(s)
        case .assert(let test, let msg):
            _ = eval(test)
            if let msg { _ = eval(msg) }
            fireStatement(s)
        case .if(let test, let body, let orelse):
            _ = eval(test)
            fireStatement(s)
            let (yes, no) = guards(test)
            let before = env
            env = before.merging(yes) { _, new in new }
            exec(body)
            let afterBody = env
            env = before.merging(no) { _, new in new }
            exec(orelse)
            let afterElse = env
            let bodyEnds = terminates(body), elseEnds = terminates(orelse)
            if bodyEnds && !elseEnds { env = afterElse } else if elseEnds && !bodyEnds { env = afterBody } else {
                env = join(afterBody, afterElse)
            }
        case .for(let target, let iter, let body, let orelse, _):
            let t = eval(iter)
            fireStatement(s)
            let before = env
            assign(target, value: nil, taint: elementTaint(t), line: line)
            loopBody(body)
            env = join(before, env)
            exec(orelse)
        case .while(let test, let body, let orelse):
            _ = eval(test)
            fireStatement(s)
            let before = env
            loopBody(body)
            env = join(before, env)
            exec(orelse)
        case .with(let items, let body, _):
            for item in items {
                let t = eval(item.contextExpr)
                if let v = item.optionalVars { assign(v, value: nil, taint: t, line: line) }
            }
            fireStatement(s)
            exec(body)
        case .match(let subject, let cases):
            _ = eval(subject)
            fireStatement(s)
            let before = env
            var out = env
            for c in cases {
                env = before
                if let g = c.guard_ { _ = eval(g) }
                exec(c.body)
                out = join(out, env)
            }
            env = out
        case .try(let body, let handlers, let orelse, let finalbody, _):
            fireStatement(s)
            let before = env
            exec(body)
            let afterBody = env
            var out = env
            for h in handlers {
                env = join(before, afterBody)
                if let type = h.type { _ = eval(type) }
                if let name = h.name { env[name] = .unknown }
                exec(h.body)
                out = join(out, env)
            }
            env = out
            exec(orelse)
            exec(finalbody)
        }
    }

    /// Twice, so a value tainted late in the body reaches uses early in the next iteration; nested loops
    /// run once each beyond the third level so the cost stays linear.
    private func loopBody(_ body: [Stmt]) {
        loopDepth += 1
        defer { loopDepth -= 1 }
        exec(body)
        if loopDepth <= 3 { exec(body) }
    }

    private func join(_ a: [String: Taint], _ b: [String: Taint]) -> [String: Taint] {
        var out = a
        for (k, v) in b { out[k] = a[k].map { $0.joined(with: v) } ?? v }
        return out
    }

    /// Iterating a value yields its elements: same taint, but not the container's kind.
    private func elementTaint(_ t: Taint) -> Taint {
        var e = t
        e.tags.subtract([.tarArchive, .pickled])
        return e
    }

    private func assign(_ target: Expr, value: Expr?, taint: Taint, line: Int) {
        let t = taint.passing(line: line)
        switch target.kind {
        case .name(let n, _):
            env[n] = t
        case .tuple(let elts, _), .list(let elts, _):
            // `a, b = x, y` pairs up; anything else spreads the whole value over every target.
            if let value, case .tuple(let vals, _) = value.kind, vals.count == elts.count {
                for (e, v) in zip(elts, vals) { assign(e, value: v, taint: eval(v), line: line) }
            } else if let value, case .list(let vals, _) = value.kind, vals.count == elts.count {
                for (e, v) in zip(elts, vals) { assign(e, value: v, taint: eval(v), line: line) }
            } else {
                for e in elts { assign(e, value: nil, taint: elementTaint(t), line: line) }
            }
        case .starred(let inner, _):
            assign(inner, value: nil, taint: t, line: line)
        case .attribute:
            if let d = target.dottedName { env[d] = t }
        case .subscript(let base, _, _):
            // A store into a container taints the container (weakly: it may hold other, safe values).
            if let d = base.dottedName {
                let old = env[d] ?? lookupName(d)
                env[d] = old.combined(with: t)
            }
        default:
            break
        }
    }

    private func terminates(_ body: [Stmt]) -> Bool {
        guard let last = body.last else { return false }
        switch last.kind {
        case .return, .raise, .continue, .break: return true
        case .expr(let e):
            if case .call(let f, _, _) = e.kind, let n = file.qualified(f) { return Tables.terminators.contains(n) }
            return false
        case .if(_, let b, let o): return !o.isEmpty && terminates(b) && terminates(o)
        default: return false
        }
    }

    // MARK: Guards

    /// Names a condition proves safe when it holds (`yes`) and when it fails (`no`).
    private func guards(_ test: Expr) -> (yes: [String: Taint], no: [String: Taint]) {
        switch test.kind {
        case .unaryOp(.not, let inner):
            let (y, n) = guards(inner)
            return (n, y)
        case .boolOp(.and, let values):
            var y: [String: Taint] = [:]
            for v in values { y.merge(guards(v).yes) { a, _ in a } }
            return (y, [:])
        case .boolOp(.or, let values):
            var n: [String: Taint] = [:]
            for v in values { n.merge(guards(v).no) { a, _ in a } }
            return ([:], n)
        case .compare(let left, let ops, let comparators) where ops.count == 1:
            guard let name = left.dottedName, let right = comparators.first else { return ([:], [:]) }
            let r = eval(right)
            guard r.level == .safe, r.params.isEmpty else { return ([:], [:]) }
            switch ops[0] {
            case .in:
                return ([name: .safe], [:])
            case .notIn:
                return ([:], [name: .safe])
            case .eq where right.isLiteral:
                return ([name: .safe], [:])
            case .notEq where right.isLiteral:
                return ([:], [name: .safe])
            default:
                return ([:], [:])
            }
        case .call(let f, let args, _):
            let qualified = file.qualified(f) ?? ""
            let last = f.lastName ?? ""
            // `full.startswith(BASE)` after realpath/abspath: the path cannot leave BASE (only for normalized paths,
            // since "BASE/../etc" also starts with BASE).
            if ["startswith", "is_relative_to"].contains(last), case .attribute(let recv, _, _) = f.kind, let n = recv.dottedName {
                let t = eval(recv)
                guard t.tags.contains(.normalized) else { return ([:], [:]) }
                return ([n: t.clearing(.path)], [:])
            }
            guard Tables.guardFunctions.contains(qualified) || Tables.guardFunctions.contains(last) else { return ([:], [:]) }
            // `x.isdigit()` checks its receiver; `is_safe_url(x, ...)` / `re.fullmatch(p, x)` their arguments.
            var names: [String] = []
            if case .attribute(let recv, _, _) = f.kind, let n = recv.dottedName, file.imports[n] == nil { names.append(n) }
            for a in args { if let n = a.dottedName { names.append(n) } }
            var y: [String: Taint] = [:]
            for n in names { y[n] = .safe }
            return (y, [:])
        default:
            return ([:], [:])
        }
    }

    // MARK: Expressions

    private func lookupName(_ name: String) -> Taint {
        if let t = env[name] { return t }
        if let i = paramIndex[name] { return Taint(level: .safe, params: [i]) }
        if function != nil, let t = globals[name] { return t }
        // Upper-case names are constants by convention (often imported from a settings module).
        if name.first?.isUppercase == true, name == name.uppercased() { return .safe }
        return .unknown
    }

    func taint(_ e: Expr) -> Taint { eval(e) }

    private func key(_ e: Expr) -> CacheKey {
        let k: Int
        switch e.kind {
        case .call: k = 1
        case .attribute: k = 2
        case .subscript: k = 3
        case .name: k = 4
        case .joinedStr: k = 5
        case .formattedValue: k = 6
        default: k = 0
        }
        return CacheKey(a: e.span.start.line, b: e.span.start.column, c: e.span.end.line, d: e.span.end.column, k: k)
    }

    private func eval(_ e: Expr) -> Taint {
        let k = key(e)
        if let t = cache[k] { return t }
        depth += 1
        defer { depth -= 1 }
        // Pathologically deep expressions: give up precisely rather than exhaust the stack.
        let t = depth > 150 ? Taint.unknown : compute(e)
        cache[k] = t
        return t
    }

    private func compute(_ e: Expr) -> Taint {
        switch e.kind {
        case .constant:
            return .safe
        case .name(let n, _):
            return lookupName(n)
        case .joinedStr(let parts):
            return formatted(parts.map { ($0, eval($0)) }, prefix: parts.first?.stringLiteral, literals: parts.compactMap(\.stringLiteral))
        case .formattedValue(let v, _, let spec):
            var t = eval(v)
            if let spec { _ = eval(spec) }
            t.tags.subtract([.tarArchive])
            return t
        case .binOp(let l, let op, let r):
            let lt = eval(l), rt = eval(r)
            if op == .add || op == .mod {
                var lits: [String] = []
                if let s = l.stringish { lits.append(s) }
                if let s = r.stringish { lits.append(s) }
                return formatted([(l, lt), (r, rt)], prefix: l.stringish, literals: lits)
            }
            return lt.combined(with: rt)
        case .boolOp(_, let values):
            return values.map(eval).reduce(Taint.safe) { $0.combined(with: $1) }
        case .ifExp(let test, let body, let orelse):
            _ = eval(test)
            return eval(body).combined(with: eval(orelse))
        case .compare(let left, _, let comparators):
            _ = eval(left)
            for c in comparators { _ = eval(c) }
            return .safe
        case .unaryOp(let op, let v):
            let t = eval(v)
            return op == .not ? .safe : t
        case .dict(let keys, let values):
            var t = Taint.safe
            for k in keys { if let k { t = t.combined(with: eval(k)) } }
            for v in values { t = t.combined(with: eval(v)) }
            return t
        case .set(let elts), .list(let elts, _), .tuple(let elts, _):
            return elts.map(eval).reduce(Taint.safe) { $0.combined(with: $1) }
        case .listComp(let elt, let gens), .setComp(let elt, let gens), .generatorExp(let elt, let gens):
            return comprehension(gens) { self.eval(elt) }
        case .dictComp(let k, let v, let gens):
            return comprehension(gens) { self.eval(k).combined(with: self.eval(v)) }
        case .await(let v), .yieldFrom(let v), .starred(let v, _):
            return eval(v)
        case .yield(let v):
            if let v { _ = eval(v) }
            return .unknown
        case .namedExpr(let target, let value):
            let t = eval(value)
            assign(target, value: value, taint: t, line: e.span.start.line)
            return t
        case .lambda:
            return .unknown
        case .slice(let a, let b, let c):
            for x in [a, b, c] { if let x { _ = eval(x) } }
            return .safe
        case .attribute(let value, let attr, _):
            if let origin = requestSource(receiver: value, attr: attr, node: e) {
                var t = Taint.tainted(origin)
                if attr == "files" || attr == "FILES" { t.tags.insert(.upload) }
                // The request's own URL points at this site: redirecting or fetching it is not an open redirect.
                if ["url", "full_path", "path", "path_info", "base_url"].contains(attr) { t.cleared.insert(.url) }
                return t
            }
            if let q = file.qualified(e), q == "sys.argv" {
                // Whoever runs a command-line tool already chooses its files and URLs.
                return Taint.tainted(origin(e)).clearing(.path, .url)
            }
            if let d = e.dottedName, let t = env[d] { return t }
            var t = eval(value)
            // The name of an uploaded file is the client's choice: name it as the source.
            if attr == "filename", t.tags.contains(.upload), t.level == .tainted {
                t.origin = Origin(description: "the uploaded file's name \(file.brief(e.span))", line: e.span.start.line, column: e.span.start.column + 1)
                t.tags = []
                return t
            }
            t.tags.subtract([.tarArchive, .pickled, .built, .html, .fixedHost])
            return extend(t, to: e)
        case .subscript(let value, let slice, _):
            var t = eval(value)
            _ = eval(slice)
            t.tags.subtract([.tarArchive, .pickled, .html, .fixedHost])
            return extend(t, to: e)
        case .call(let callee, let args, let keywords):
            return call(e, callee: callee, args: args, keywords: keywords)
        }
    }

    private func comprehension(_ gens: [Comprehension], _ element: () -> Taint) -> Taint {
        let saved = env
        for g in gens {
            let it = eval(g.iter)
            assign(g.target, value: nil, taint: elementTaint(it), line: g.target.span.start.line)
            for cond in g.ifs { _ = eval(cond) }
        }
        let t = element()
        env = saved
        return t
    }

    /// String building: the parts' taint, marked as built, HTML-looking, or with a fixed URL host.
    private func formatted(_ parts: [(Expr, Taint)], prefix: String?, literals: [String]) -> Taint {
        var t = parts.map(\.1).reduce(Taint.safe) { $0.combined(with: $1) }
        t.tags.subtract([.tarArchive])
        if parts.contains(where: { $0.1.isNonTrivial }) {
            t.tags.insert(.built)
            if literals.contains(where: Engine.looksLikeHTML) { t.tags.insert(.html) }
            if let prefix, Engine.fixesHost(prefix) { t.tags.insert(.fixedHost) }
        }
        return t
    }

    static func looksLikeHTML(_ s: String) -> Bool {
        var prev: Character = " "
        for c in s {
            if prev == "<", c.isLetter || c == "/" { return true }
            prev = c
        }
        return false
    }

    /// "https://host/..." — scheme and host are fixed by the literal, so only the path can vary.
    static func fixesHost(_ s: String) -> Bool {
        guard let r = s.range(of: "://") else { return false }
        let rest = s[r.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return false }
        return slash > rest.startIndex && !rest[..<slash].contains("{") && !rest[..<slash].contains("%")
    }

    private func origin(_ e: Expr) -> Origin {
        Origin(description: file.brief(e.span), line: e.span.start.line, column: e.span.start.column + 1)
    }

    /// `request.args` (Flask global or Django view parameter, or `self.request` in class-based views).
    private func requestSource(receiver: Expr, attr: String, node: Expr) -> Origin? {
        guard Tables.requestAttributes.contains(attr), isRequest(receiver) else { return nil }
        return origin(node)
    }

    private func isRequest(_ e: Expr) -> Bool {
        guard let d = e.dottedName else { return false }
        if d == "request" || d == "self.request" { return true }
        if let q = file.qualified(e), q == "flask.request" || q.hasSuffix(".request") { return true }
        return false
    }

    /// `request.args['q']`: name the whole access in messages, not just `request.args`.
    private func extend(_ t: Taint, to e: Expr) -> Taint {
        guard t.level == .tainted, var o = t.origin, o.line == e.span.start.line, o.column == e.span.start.column + 1 else { return t }
        o.description = file.brief(e.span)
        var out = t
        out.origin = o
        return out
    }

    // MARK: Calls

    private func call(_ e: Expr, callee: Expr, args: [Expr], keywords: [Keyword]) -> Taint {
        var receiverTaint: Taint? = nil
        var receiver: Expr? = nil
        var method: String? = nil
        let qualified = file.qualified(callee)
        if case .attribute(let recv, let attr, _) = callee.kind {
            method = attr
            receiver = recv
            // Imported modules and classes evaluate to unknown, so `os.path.join` and `cur.execute` need no distinction here.
            receiverTaint = eval(recv)
        } else {
            _ = eval(callee)
        }
        let argTaints = args.map(eval)
        let kwTaints = keywords.map { eval($0.value) }
        let all = (argTaints + kwTaints).reduce(Taint.safe) { $0.combined(with: $1) }
        var isBare = false
        if case .name(let n, _) = callee.kind, file.imports[n] == nil { isBare = true }
        let c = Call(expr: e, callee: callee, args: args, keywords: keywords, name: qualified, isBareName: isBare,
                     method: method, receiver: receiver)

        var result = callResult(c, qualified: qualified ?? "", receiverTaint: receiverTaint, argTaints: argTaints, all: all)
        if method == "hexdigest" || method == "digest" || qualified == "hmac.digest" { result.tags.insert(.digest) }
        for rule in rules { if let onCall = rule.onCall { handle(onCall(c, self), rule: rule) } }
        applySummary(c)
        return result
    }

    private func callResult(_ c: Call, qualified: String, receiverTaint: Taint?, argTaints: [Taint], all: Taint) -> Taint {
        let bare = c.isBareName ? qualified : ""
        if c.matches("input", "raw_input"), c.isBareName { return Taint.tainted(origin(c.expr)).clearing(.path, .url) }
        if let m = c.method, let recv = c.receiver, Tables.requestMethods.contains(m), isRequest(recv) {
            var t = Taint.tainted(origin(c.expr))
            if m.hasPrefix("get_full_path") || m == "build_absolute_uri" { t.cleared.insert(.url) }
            return t
        }
        if Tables.fullSanitizers.contains(qualified) || Tables.fullSanitizers.contains(bare) { return .safe }
        // WTForms / Flask-WTF / Django forms: `LoginForm(request.form)` or `LoginForm()` (which reads the
        // request itself); their fields hold what the client submitted.
        if let last = c.callee.lastName, last.count > 4, last.hasSuffix("Form"), last.first?.isUppercase == true,
           !last.hasSuffix("BaseForm") {
            return .tainted(Origin(description: "form data of \(last)()", line: c.expr.span.start.line, column: c.expr.span.start.column + 1))
        }
        if let cls = Tables.classSanitizers[qualified] ?? (c.isBareName ? Tables.classSanitizers[qualified] : nil) {
            var t = all
            t.cleared.insert(cls)
            if cls == .url { t.cleared.insert(.header) }
            t.tags = []
            return t
        }
        if Tables.serializers.contains(qualified) { return all.with(tag: .pickled) }
        if ["tarfile.open", "tarfile.TarFile", "tarfile.TarFile.open", "tarfile.TarFile.taropen"].contains(qualified) {
            return Taint(level: all.level, origin: all.origin, params: all.params).with(tag: .tarArchive)
        }
        if ["os.path.realpath", "os.path.abspath", "os.path.normpath", "posixpath.realpath", "posixpath.abspath"].contains(qualified) {
            return all.with(tag: .normalized)
        }
        if Tables.propagators.contains(qualified) { return all }
        // A function of this file: its summary says what it returns.
        if let target = localFunction(c), let summary = summaries[target.name] {
            return apply(summary.returns, of: target, to: c)
        } else if localFunction(c) != nil {
            return .unknown
        }
        if let m = c.method, let r = receiverTaint {
            if Tables.mutators.contains(m), let d = c.receiver?.dottedName {
                env[d] = r.combined(with: all)
                return .safe
            }
            if m == "format" || m == "join" {
                var literals: [String] = []
                if let s = c.receiver?.stringish { literals.append(s) }
                var parts: [(Expr, Taint)] = [(c.receiver!, r)]
                for (a, t) in zip(c.args, argTaints) { parts.append((a, t)) }
                for (k, t) in zip(c.keywords, c.keywords.map { eval($0.value) }) { parts.append((k.value, t)) }
                let prefix = m == "format" ? c.receiver?.stringish : nil
                var out = formatted(parts, prefix: prefix, literals: literals)
                if m == "join", r.level == .safe, r.params.isEmpty { out.tags.remove(.fixedHost) }
                return out
            }
            // `request.args.get("n", type=int)` converts (and drops what does not convert).
            if m == "get", let type = c.keyword("type")?.dottedName, ["int", "float", "bool"].contains(type) { return .safe }
            if m == "resolve" || m == "absolute" { return r.with(tag: .normalized) }
            if Tables.passingMethods.contains(m) {
                var t = r.combined(with: all)
                t.tags.subtract([.tarArchive, .pickled, .html, .fixedHost])
                return extend(t, to: c.expr)
            }
            if r.level == .tainted {
                var t = r
                t.tags = r.tags.intersection([.upload])
                return extend(t, to: c.expr)
            }
            return Taint(level: .unknown, params: r.params)
        }
        return .unknown
    }

    private func localFunction(_ c: Call) -> FunctionInfo? {
        switch c.callee.kind {
        case .name(let n, _) where file.imports[n] == nil:
            return functionsByName[n]
        case .attribute(let v, let attr, _):
            if case .name(let n, _) = v.kind, n == "self" || n == "cls" { return functionsByName[attr] }
            return nil
        default:
            return nil
        }
    }

    /// The argument a call passes for parameter `i` of `target`.
    private func argument(_ c: Call, _ i: Int, of target: FunctionInfo) -> Expr? {
        let names = target.params + target.def.args.kwonlyargs.map(\.name)
        guard i < names.count else { return nil }
        if let k = c.keywords.first(where: { $0.arg == names[i] }) { return k.value }
        if i < target.params.count, i < c.args.count {
            if c.args[...i].contains(where: { if case .starred = $0.kind { return true } else { return false } }) { return nil }
            return c.args[i]
        }
        return nil
    }

    private func apply(_ returns: Taint?, of target: FunctionInfo, to c: Call) -> Taint {
        guard let r = returns else { return .safe }
        var out = Taint(level: r.level, origin: r.origin, cleared: r.cleared, tags: r.tags, via: r.via)
        if r.level == .safe { out.cleared = [] }
        for p in r.params {
            guard let a = argument(c, p, of: target) else { continue }
            out = out.combined(with: eval(a))
        }
        out.cleared.formUnion(r.cleared)
        return out
    }

    /// A call to a helper whose parameter reaches a sink is itself that sink.
    private func applySummary(_ c: Call) {
        guard let target = localFunction(c), let summary = summaries[target.name] else { return }
        let names = target.params + target.def.args.kwonlyargs.map(\.name)
        for (p, records) in summary.sinks {
            guard let a = argument(c, p, of: target) else { continue }
            let t = eval(a)
            for rec in records.values.sorted(by: { $0.line < $1.line }) {
                guard t.dangerous(for: rec.sinkClass), let rule = rulesByID[rec.rule] else { continue }
                let pname = p < names.count ? names[p] : "#\(p)"
                let at = rec.sink.hasSuffix(")") && rec.sink.contains("(line ") ? "" : " (line \(rec.line))"
                let sink = "\(target.name)(), which passes its parameter '\(pname)' to \(rec.sink)\(at)"
                // Through a helper only tainted flows are reported: a value of unknown origin handed to a
                // helper is ordinary code, and the helper's own sink was already judged where it is.
                var hit = Hit(span: a.span, value: t, sinkClass: rec.sinkClass, sink: sink, reportUnknown: false)
                hit.alsoLines = [rec.line]
                hit.span = c.expr.span
                handle([hit], rule: rule, record: SinkRecord(rule: rec.rule, sink: sink, line: rec.line, sinkClass: rec.sinkClass, reportUnknown: rec.reportUnknown))
            }
        }
    }

    // MARK: Hooks and findings

    private func fireStatement(_ s: Stmt) {
        for rule in rules { if let f = rule.onStatement { handle(f(s, self), rule: rule) } }
    }

    private func fireReturn(_ value: Expr) {
        for rule in rules { if let f = rule.onReturn { handle(f(value, self), rule: rule) } }
    }

    private func handle(_ hits: [Hit], rule: Rule, record: SinkRecord? = nil) {
        for hit in hits {
            guard let v = hit.value else {
                if emitting { emit(rule, hit, confidence: hit.confidence, message: hit.message ?? hit.sink, origin: nil, via: []) }
                continue
            }
            guard v.dangerous(for: hit.sinkClass) else { continue }
            if function != nil, !v.params.isEmpty {
                let rec = record ?? SinkRecord(rule: rule.id, sink: hit.sink, line: hit.span.start.line, sinkClass: hit.sinkClass, reportUnknown: hit.reportUnknown)
                for p in v.params { current.sinks[p, default: [:]]["\(rec.rule)|\(rec.line)"] = rec }
            }
            guard emitting else { continue }
            let what = file.brief(hit.span)
            switch v.level {
            case .tainted:
                let o = v.origin!
                let msg = "\(o.description) (line \(o.line)) reaches \(hit.sink)." + (hit.message.map { " " + $0 } ?? "")
                emit(rule, hit, confidence: .high, message: msg, origin: o, via: v.via)
            case .unknown where hit.reportUnknown:
                let msg = "A non-literal value of unknown origin reaches \(hit.sink) in `\(what)`." + (hit.message.map { " " + $0 } ?? "")
                emit(rule, hit, confidence: .medium, message: msg, origin: nil, via: v.via)
            case .safe where hit.reportUnknown:
                // Only parameters flow here. When the file calls this function, the callers are checked
                // through its summary instead; otherwise the callers are elsewhere and we cannot see them.
                guard let f = function, !file.calledNames.contains(f.name) else { continue }
                let names = f.params + f.def.args.kwonlyargs.map(\.name)
                let ps = v.params.sorted().compactMap { $0 < names.count ? "'\(names[$0])'" : nil }.joined(separator: ", ")
                let msg = "Parameter \(ps) of \(f.name)() reaches \(hit.sink); its callers are not in this file." + (hit.message.map { " " + $0 } ?? "")
                emit(rule, hit, confidence: .medium, message: msg, origin: nil, via: v.via)
            default:
                continue
            }
        }
    }

    private func emit(_ rule: Rule, _ hit: Hit, confidence: Confidence, message: String, origin: Origin?, via: [Int]) {
        var lines = Set(hit.span.start.line...max(hit.span.start.line, min(hit.span.end.line, hit.span.start.line + 50)))
        lines.formUnion(via)
        lines.formUnion(hit.alsoLines)
        if let origin { lines.insert(origin.line) }
        let f = RawFinding(rule: rule, span: hit.span, statementLine: statementLine, confidence: confidence,
                           severity: hit.severity ?? rule.severity, cwe: hit.cwe ?? rule.cwe, message: message,
                           origin: origin, lines: lines, fingerprintText: hit.fingerprintText)
        let k = "\(rule.id)|\(hit.span.start.line)|\(hit.span.start.column)"
        if let old = found[k], old.confidence >= confidence {
            found[k]!.lines.formUnion(lines)
            return
        }
        found[k] = f
    }
}
