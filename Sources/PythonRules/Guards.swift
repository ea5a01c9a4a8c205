import Python

/// Conditions that make a checked value safe, for some sinks or all, in the branch where they hold (and,
/// through `Engine.exec`'s early-exit handling, after `if not ok: abort()`).
///
/// What each guard clears:
/// - membership in a constant collection (`x in ALLOWED`, `x in {"a", "b"}`) and equality with a constant:
///   every sink (the value is one of the program's own constants);
/// - a regular expression that must match the whole value (`re.fullmatch`, or `re.match`/`re.search`
///   anchored with `$`/`\Z`, also through a compiled pattern or a match object kept in a variable): the
///   sinks its characters cannot attack (`Sanitizers.cleared(by:)`): `[a-z0-9_-]+` all of them,
///   `[a-z0-9./]+` all but paths, redirects, XPath and code, `[A-Za-z ,.!]+` HTML, templates, headers, XML and
///   XPath; `[^;]+`, `.+` or an unanchored pattern nothing;
/// - `isdigit`/`isdecimal`/`isnumeric`/`isalnum`/`isalpha`/`isidentifier`, `isinstance(x, int)`: every sink;
/// - a normalized path's `startswith(BASE)`: paths; `url_has_allowed_host_and_scheme`/`is_safe_url`:
///   redirects and headers;
/// - on a value `os.path.basename` made, a check that rules out `.` and `..` (`name in {".", ".."}`,
///   `".." in name`, `name.startswith(".")` failing): paths;
/// - `x.startswith("/")` holding and `x.startswith("//")`, `"\\" in x` failing, together or one after another:
///   redirects (a path on this site).
extension Engine {
    typealias Narrowing = [String: Taint]

    /// Names a condition proves safe when it holds (`yes`) and when it fails (`no`). A name in the condition
    /// that holds a check (`ok = x.isdigit()`, `m = re.fullmatch(...)`) stands for it, one level deep.
    func guards(_ test: Expr, followingNames: Bool = true) -> (yes: Narrowing, no: Narrowing) {
        switch test.kind {
        case .unaryOp(.not, let inner):
            let (y, n) = guards(inner, followingNames: followingNames)
            return (n, y)
        case .boolOp(.and, let values):
            // All hold: what any of them proves. Some failed: nothing certain.
            var y: Narrowing = [:]
            for v in values { y.merge(guards(v, followingNames: followingNames).yes, uniquingKeysWith: Engine.both) }
            return (y, [:])
        case .boolOp(.or, let values):
            // All failed: what any failure proves. One held: only what every one of them proves.
            var n: Narrowing = [:]
            var y: Narrowing? = nil
            for v in values {
                let g = guards(v, followingNames: followingNames)
                n.merge(g.no, uniquingKeysWith: Engine.both)
                y = y.map { Engine.either($0, g.yes) } ?? g.yes
            }
            return (y ?? [:], n)
        case .namedExpr(_, let value):
            return guards(value, followingNames: followingNames)
        case .name(let n, _):
            guard followingNames, let check = heldCheck(n) else { return ([:], [:]) }
            return guards(check, followingNames: false)
        case .compare(let left, let ops, let comparators) where ops.count == 1:
            guard let right = comparators.first else { return ([:], [:]) }
            if case .name = left.kind, ops[0] == .is || ops[0] == .isNot, followingNames, right.isNoneConstant, let check = heldCheck(left.dottedName ?? "") {
                // `m = re.match(...)`, then `if m is None:`.
                let g = guards(check, followingNames: false)
                return ops[0] == .is ? (g.no, g.yes) : g
            }
            return comparison(left, ops[0], right)
        case .call(let f, let args, let keywords):
            return callGuard(f, args, keywords)
        default:
            return ([:], [:])
        }
    }

    /// `x in ALLOWED`, `x == "a"`, `re.match(...) is None`, `".." in name`.
    private func comparison(_ left: Expr, _ op: CompareOperator, _ right: Expr) -> (yes: Narrowing, no: Narrowing) {
        switch op {
        case .is, .isNot:
            // `re.fullmatch(p, x) is None`: the guard itself, negated.
            guard right.isNoneConstant, case .call = left.kind else { return ([:], [:]) }
            let g = guards(left)
            return op == .is ? (g.no, g.yes) : g
        case .in, .notIn:
            if let name = left.dottedName, isConstant(right) {
                // Membership in a constant collection; when it fails, a basename is known not to be `.` or `..`.
                let member: Narrowing = [name: .safe]
                let other = constantStrings(right).contains("..") ? baseNameChecked(left) : [:]
                return op == .in ? (member, other) : (other, member)
            }
            if let s = left.stringish, s == ".." || s == "/" || s == "\\" || s == "." {
                let other = s == "\\" ? localPath(right, .noBackslash) : s == "/" ? [:] : baseNameChecked(right)
                return op == .in ? ([:], other) : (other, [:])
            }
            return ([:], [:])
        case .eq, .notEq:
            // `x == "a"` or `"a" == x`, the constant a literal or a name holding only constants.
            var (subject, constant) = (left, right)
            if left.dottedName == nil || (right.dottedName != nil && !isConstant(right)) { (subject, constant) = (right, left) }
            guard let name = subject.dottedName, constant.isLiteral || isConstant(constant) else { return ([:], [:]) }
            let equal: Narrowing = [name: .safe]
            let unequal = constant.stringish == ".." ? baseNameChecked(subject) : [:]
            return op == .eq ? (equal, unequal) : (unequal, equal)
        default:
            return ([:], [:])
        }
    }

    private func callGuard(_ f: Expr, _ args: [Expr], _ keywords: [Keyword]) -> (yes: Narrowing, no: Narrowing) {
        let qualified = file.qualified(f) ?? ""
        let last = f.lastName ?? ""
        var receiver: Expr? = nil
        if case .attribute(let recv, _, _) = f.kind { receiver = recv }
        func narrow(_ e: Expr?, _ classes: BitSet<SinkClass>) -> Narrowing {
            guard let e, let n = e.dottedName, file.imports[n] == nil, !classes.isEmpty else { return [:] }
            if classes == SinkClass.all { return [n: .safe] }
            var t = eval(e)
            t.cleared.formUnion(classes)
            t.paramCleared.formUnion(classes)
            return [n: t]
        }
        // `full.startswith(BASE)` after realpath/abspath: the path cannot leave BASE (only for normalized paths,
        // since "BASE/../etc" also starts with BASE).
        if last == "startswith" || last == "is_relative_to", let recv = receiver, let n = recv.dottedName {
            let t = eval(recv)
            if t.tags.contains(.normalized) { return ([n: t.clearing(.path)], [:]) }
            guard last == "startswith", let first = args.first else { return ([:], [:]) }
            if first.stringish == "." { return ([:], baseNameChecked(recv)) }
            // A redirect target that starts with one `/` and holds no `\` stays on this site.
            let prefixes = first.stringish.map { [$0] } ?? constantStrings(first)
            if prefixes == ["/"] { return (localPath(recv, .rootRelative), [:]) }
            var no: Narrowing = [:]
            if prefixes.contains("//") { no.merge(localPath(recv, .singleSlash), uniquingKeysWith: Engine.both) }
            if prefixes.contains("/\\") && prefixes.contains("//") { no.merge(localPath(recv, .noBackslash), uniquingKeysWith: Engine.both) }
            return ([:], no)
        }
        if Engine.characterPredicates.contains(last), args.isEmpty, receiver.map(isConstant) != true {
            return (narrow(receiver, SinkClass.all), [:])
        }
        if qualified == "isinstance", args.count == 2, isScalarType(args[1]) { return (narrow(args[0], SinkClass.all), [:]) }
        if Engine.redirectValidators.contains(qualified) || Engine.redirectValidators.contains(last) {
            return (narrow(args.first ?? keywords.first { $0.arg == "url" }?.value, [.url, .header]), [:])
        }
        if last == "is_safe_path" { return (narrow(args.last, [.path]), [:]) }
        // A form's `is_valid()`/`validate()` clears every sink, as before guards were per sink: this trusts plain text
        // fields too far, and is kept so that validated Django and WTForms views stay as quiet as they were.
        if last == "is_valid" || last == "validate" {
            var y: Narrowing = [:]
            if let r = receiver { y.merge(narrow(r, SinkClass.all)) { a, _ in a } }
            for a in args { y.merge(narrow(a, SinkClass.all)) { a, _ in a } }
            return (y, [:])
        }
        if let (shape, subject, multiline) = regexGuard(f, qualified: qualified, method: last, args, keywords),
           shape.coversSubject(method: last, multiline: multiline) {
            return (narrow(subject, Sanitizers.cleared(by: shape.chars)), [:])
        }
        return ([:], [:])
    }

    static let characterPredicates: Set<String> = ["isdigit", "isdecimal", "isnumeric", "isalnum", "isalpha", "isidentifier"]
    static let redirectValidators: Set<String> = [
        "url_has_allowed_host_and_scheme", "django.utils.http.url_has_allowed_host_and_scheme", "is_safe_url", "django.utils.http.is_safe_url",
    ]

    /// `re.fullmatch(P, x)` (or `match`/`search`, or `PATTERN.fullmatch(x)` with `PATTERN = re.compile(P)`): the
    /// pattern's shape, the subject, and whether multi-line mode is on.
    private func regexGuard(_ f: Expr, qualified: String, method: String, _ args: [Expr], _ keywords: [Keyword])
        -> (RegexShape, Expr?, Bool)? {
        guard method == "fullmatch" || method == "match" || method == "search" else { return nil }
        func kw(_ k: String) -> Expr? { keywords.first { $0.arg == k }?.value }
        if qualified.hasPrefix("re.") || qualified.hasPrefix("regex.") {
            guard let p = args.first ?? kw("pattern"), let pattern = file.constantString(p, in: function) else { return nil }
            let flags = args.count > 2 ? args[2] : kw("flags")
            if let flags, flagsUnknown(flags) { return nil }
            return (RegexShape(pattern), args.count > 1 ? args[1] : kw("string"), flags.map(isMultiline) ?? false)
        }
        guard case .attribute(let recv, _, _) = f.kind, let compiled = compiledPattern(recv) else { return nil }
        return (compiled.shape, args.first ?? kw("string"), compiled.multiline)
    }

    /// `NAME = re.compile(r"...", flags)` once in this function, its class or the module.
    private func compiledPattern(_ e: Expr) -> (shape: RegexShape, multiline: Bool)? {
        guard var name = e.dottedName else { return nil }
        for prefix in ["self.", "cls."] where name.hasPrefix(prefix) { name.removeFirst(prefix.count) }
        guard !name.contains("."), let value = singleAssignment(name) else { return nil }
        guard case .call(let fn, let args, let keywords) = value.kind, let q = file.qualified(fn), q == "re.compile" || q == "regex.compile",
              let p = args.first, let pattern = file.constantString(p, in: nil) ?? p.stringish else { return nil }
        let flags = args.count > 1 ? args[1] : keywords.first { $0.arg == "flags" }?.value
        if let flags, flagsUnknown(flags) { return nil }
        return (RegexShape(pattern), flags.map(isMultiline) ?? false)
    }

    /// The check (a call, comparison or `not`/`and`/`or` of them) assigned to `name`, when that is the only
    /// assignment of `name` in the current function.
    private func heldCheck(_ name: String) -> Expr? {
        guard let f = function, let value = guardMemo.assignment(name, in: f) else { return nil }
        switch value.kind {
        case .call, .compare, .boolOp, .unaryOp(.not, _): return value
        default: return nil
        }
    }

    /// The value of the only assignment to `name` in the current function, else in the module (its classes included).
    private func singleAssignment(_ name: String) -> Expr? {
        if let f = function, let v = guardMemo.assignment(name, in: f) { return v }
        return guardMemo.moduleAssignment(name, in: file.module)
    }

    /// Flags that change what a pattern means in ways this file does not model (verbose mode).
    private func flagsUnknown(_ e: Expr) -> Bool {
        var unknown = false
        e.walk { x in if let n = x.lastName, n == "X" || n == "VERBOSE" { unknown = true } }
        return unknown
    }

    private func isMultiline(_ e: Expr) -> Bool {
        var m = false
        e.walk { x in if let n = x.lastName, n == "M" || n == "MULTILINE" { m = true } }
        return m
    }

    /// An expression of the program's own constants: literals, constant names, collections of them.
    private func isConstant(_ e: Expr) -> Bool {
        let t = eval(e)
        return t.level == .safe && t.params.isEmpty
    }

    private func constantStrings(_ e: Expr) -> [String] {
        switch e.kind {
        case .tuple(let elts, _), .list(let elts, _), .set(let elts): return elts.compactMap(\.stringish)
        default: return []
        }
    }

    private func isScalarType(_ e: Expr) -> Bool {
        let scalars: Set<String> = ["int", "float", "bool", "uuid.UUID", "decimal.Decimal"]
        switch e.kind {
        case .tuple(let elts, _): return !elts.isEmpty && elts.allSatisfy(isScalarType)
        default: return file.qualified(e).map(scalars.contains) ?? false
        }
    }

    /// A value `os.path.basename` made, once a check has ruled out `.` and `..`: safe for paths.
    private func baseNameChecked(_ e: Expr) -> Narrowing {
        guard let n = e.dottedName else { return [:] }
        let t = eval(e)
        guard t.tags.contains(.baseName) else { return [:] }
        return [n: t.clearing(.path)]
    }

    /// Both narrowings hold: what either cleared, and the facts either proved.
    static func both(_ a: Taint, _ b: Taint) -> Taint {
        if a == .safe || b == .safe { return .safe }
        var t = a
        t.cleared.formUnion(b.cleared)
        t.paramCleared.formUnion(b.paramCleared)
        t.tags.formUnion(b.tags.intersection(Engine.localPathFacts))
        return Engine.completingLocalPath(t)
    }

    static let localPathFacts: BitSet<Tag> = [.rootRelative, .singleSlash, .noBackslash]

    /// A value proved to start with `/`, not with `//`, and to hold no `\\` is a path on this site: safe to redirect to.
    static func completingLocalPath(_ t: Taint) -> Taint {
        guard Engine.localPathFacts.intersection(t.tags) == Engine.localPathFacts else { return t }
        var out = t.clearing(.url)
        out.tags.subtract(Engine.localPathFacts)
        return out
    }

    /// One fact of a local redirect target, added to what the value already had.
    private func localPath(_ e: Expr, _ fact: Tag) -> Narrowing {
        guard let n = e.dottedName else { return [:] }
        return [n: Engine.completingLocalPath(eval(e).with(tag: fact))]
    }

    /// One of two narrowings holds: what both cleared, for names both narrow.
    static func either(_ a: Narrowing, _ b: Narrowing) -> Narrowing {
        var out: Narrowing = [:]
        for (k, x) in a {
            guard let y = b[k] else { continue }
            if x == .safe { out[k] = y } else if y == .safe { out[k] = x } else {
                var t = x
                t.cleared.formIntersection(y.cleared)
                t.paramCleared.formIntersection(y.paramCleared)
                out[k] = t
            }
        }
        return out
    }

    /// `c if c in ALLOWED else "ls"`: each arm under what the condition proves there.
    func guardedArms(_ test: Expr, _ body: Expr, _ orelse: Expr) -> Taint {
        let (yes, no) = guards(test)
        if yes.isEmpty && no.isEmpty { return eval(body).combined(with: eval(orelse)) }
        env.open()
        for (n, t) in yes { env[n] = t }
        let a = eval(body)
        _ = env.close()
        env.open()
        for (n, t) in no { env[n] = t }
        let b = eval(orelse)
        _ = env.close()
        return a.combined(with: b)
    }
}

/// Per function, and for the module, the names assigned exactly once (and their values), for guards that look
/// a name's value up: computed once, since a file may hold thousands of guards.
struct GuardMemo {
    private var function: String? = nil
    private var single: [String: Expr] = [:]
    private var module: [String: Expr]? = nil

    /// Module-level statements, class bodies and the branches of top-level `if`/`try`, not function bodies.
    mutating func moduleAssignment(_ name: String, in m: Module) -> Expr? {
        if let module { return module[name] }
        var found: [String: Expr] = [:], count: [String: Int] = [:]
        func top(_ body: [Stmt]) {
            for s in body {
                switch s.kind {
                case .functionDef: continue
                case .classDef(let c): top(c.body)
                case .if, .try: top(s.childStatements)
                default:
                    for (n, target, value) in Shapes.assignments(s) {
                        guard case .name = target.kind else { continue }
                        count[n, default: 0] += 1
                        found[n] = value
                    }
                }
            }
        }
        top(m.body)
        for (n, c) in count where c != 1 { found.removeValue(forKey: n) }
        module = found
        return found[name]
    }

    mutating func assignment(_ name: String, in f: FunctionInfo) -> Expr? {
        if function != f.key {
            function = f.key
            single = [:]
            var count: [String: Int] = [:]
            for s in f.def.body {
                s.walk { st in
                    for (n, target, value) in Shapes.assignments(st) {
                        guard case .name = target.kind else { continue }
                        count[n, default: 0] += 1
                        single[n] = value
                    }
                    if case .augAssign(let t, _, _) = st.kind, let n = t.dottedName { count[n, default: 0] += 2 }
                    if case .for(let t, _, _, _, _) = st.kind, let n = t.dottedName { count[n, default: 0] += 2 }
                }
            }
            for (n, c) in count where c != 1 { single.removeValue(forKey: n) }
        }
        return single[name]
    }
}
