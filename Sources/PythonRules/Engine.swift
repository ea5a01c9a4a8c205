import Findings
import Python

/// "Parameter i of this function reaches a sink of rule R": what callers in the same file need to know.
struct SinkRecord: Hashable, Sendable {
    var rule: String
    var sink: String
    var line: Int
    var sinkClass: SinkClass?
    var reportUnknown: Bool
    /// Helper calls between this function and the sink itself, and the sink's own description with its
    /// line: a chain of helpers is described hop by hop only for its first few hops, so a chain of
    /// thousands of helpers neither grows its text with every hop (quadratic time) nor fills the report.
    var hops = 0
    var final: String? = nil
}

struct Summary: Sendable {
    /// Parameter index → sinks it reaches, keyed by "rule|line" so recursion cannot grow them forever.
    var sinks: [Int: [String: SinkRecord]] = [:]
    /// The join of every returned value.
    var returns: Taint? = nil

    var signature: String {
        let s = sinks.keys.sorted().map { k in "\(k):" + sinks[k]!.keys.sorted().joined(separator: ",") }.joined(separator: ";")
        guard let r = returns else { return s }
        return s + "|\(r.level)|\(r.params.sorted())|\(r.cleared.map(\.rawValue).sorted())|\(r.paramCleared.map(\.rawValue).sorted())|\(r.tags.count)"
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
    var function: FunctionInfo?
    var statement: Stmt?

    var summaries: [String: Summary] = [:]
    var current = Summary()
    var env = Environment()
    var globals: [String: Taint] = [:]
    var paramIndex: [String: Int] = [:]
    var cache: [CacheKey: Taint] = [:]
    var emitting = false
    var statementLine = 0
    var depth = 0
    var loopDepth = 0
    var found: [String: RawFinding] = [:]
    /// Names assigned once per function, for guards (see `GuardMemo`).
    var guardMemo = GuardMemo()
    var currentAssignments: (span: Span, list: [(name: String, target: Expr, value: Expr)])?
    /// Where calls into other modules of the repository are resolved; nil: no other module is read.
    var modules: ModuleScope?
    /// Functions by `FunctionInfo.key` ("name", or "Class.name" for methods).
    let functionsByKey: [String: FunctionInfo]
    /// First function of each bare name, for `self.method()` calls to methods inherited within the file.
    let functionsByName: [String: FunctionInfo]
    let rulesByID: [String: Rule]
    let index: RuleIndex
    /// The rules that run on this file (see `Rule.imports`).
    let active: RuleMask
    /// The call hook of each rule, by rule index (nil for rules without one): the index gives rule numbers,
    /// and reading a closure touches less than reading a `Rule`, a value with many reference-counted fields.
    let callHooks: [(@Sendable (Call, Flow) -> [Hit])?]
    /// The other hooks of the active rules, in rule order, with the index of their rule.
    let statementHooks: [(rule: Int, run: @Sendable (Stmt, Flow) -> [Hit])]
    let returnHooks: [(rule: Int, run: @Sendable (Expr, Flow) -> [Hit])]

    struct CacheKey: Hashable { var a: Int, b: Int, c: Int, d: Int, k: Int }

    /// `tables`: the file's tables made once for all its engines (an imported module's summaries, see
    /// `ModuleFacts`); nil makes them here.
    init(file: FileContext, index: RuleIndex, tables: FileTables? = nil) {
        let t = tables ?? FileTables(file: file, index: index)
        self.file = file
        self.index = index
        rules = t.rules
        active = t.active
        functionsByName = t.functionsByName
        functionsByKey = t.functionsByKey
        rulesByID = t.rulesByID
        callHooks = t.callHooks
        statementHooks = t.statementHooks
        returnHooks = t.returnHooks
    }

    /// Analyzes the file. With `addedLines`, only functions a change can affect are analyzed for findings:
    /// those overlapping the added lines, their callers (a helper's new sink is reported at its call sites),
    /// and the summaries of what they call, and the readers of the module-level names a change binds (see
    /// `affectedFunctions`).
    func run(addedLines: Set<Int>? = nil) -> [RawFinding] {
        let scope = affectedFunctions(addedLines)
        let out = runPasses(scope: scope, relevant: relevantFunctions(scope))
        guard escaped else { return out }
        // A call reached a storing method whose analysis was skipped: the shortcut was not exact here.
        resetAnalysis()
        startedOver = true
        return runPasses(scope: scope, relevant: nil)
    }

    /// `run`'s passes. `relevant`: the functions whose analysis can change what is reported (see
    /// `relevantFunctions`); nil analyzes every attribute-storing method, as a review of the whole file does.
    private func runPasses(scope: [FunctionInfo], relevant: Set<String>?) -> [RawFinding] {
        analyzeModule()
        // Methods that store attributes run once first, so readers anywhere in the class see the fields.
        let firstGlobals = globals
        let inScope = Set(scope.map(ObjectIdentifier.init))
        for f in file.functions where f.className != nil && storesAttributes(f) {
            if let relevant, !relevant.contains(f.key) {
                skippedStoring.insert(f.key)
                continue
            }
            analyzeRecorded(f, emits: inScope.contains(ObjectIdentifier(f)))
        }
        var needed = Set<String>()
        var frontier = scope.map(\.key) + moduleLevelSummaryRoots(scope)
        while let k = frontier.popLast() {
            guard needed.insert(k).inserted, let f = functionsByKey[k] else { continue }
            frontier.append(contentsOf: calls(of: f))
        }
        // Only functions the file calls need summaries. They feed each other (a helper of a helper), so
        // iterate: after the first round, re-analyze only callers of functions whose summary changed.
        let calledNames = file.calledNames
        let called = file.functions.filter { needed.contains($0.key) && calledNames.contains($0.name) }
        var work = called
        for _ in 0..<6 where !work.isEmpty {
            var changed = Set<String>()
            for f in work {
                let before = summaries[f.key]?.signature
                if let r = reusable(f) { reuse(r, for: f) } else { analyzeRecorded(f, emits: inScope.contains(ObjectIdentifier(f))) }
                if summaries[f.key]?.signature != before { changed.insert(f.key) }
            }
            work = changed.isEmpty ? [] : called.filter { !calls(of: $0).isDisjoint(with: changed) }
        }
        emitting = true
        analyzeModule()
        if globals != firstGlobals { globalsGeneration += 1 }
        for f in scope {
            if let r = reusable(f) { reuse(r, for: f) } else { analyze(f) }
        }
        statement = nil
        for (i, rule) in rules.enumerated() where active.contains(i) {
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

    var callGraph: [String: Set<String>] = [:]
    /// Attribute-storing methods whose first analysis `runPasses` skipped, and whether a call reached one
    /// anyway (its summary was then missing where a full review has it).
    var skippedStoring: Set<String> = []
    var escaped = false
    /// Whether `run` had to start over (for tests).
    var startedOver = false
    /// Analyses `run` may reuse (see `AnalysisRecord`), the keys the running one resolved calls to, which
    /// values of the module it saw, and how many analyses were reused (for tests).
    var records: [ObjectIdentifier: AnalysisRecord] = [:]
    var reads: Set<String>? = nil
    var globalsGeneration = 0
    var reuseAnalyses = true
    var reused = 0
    /// Client data stored on instances: class name → "self.attr" → taint, so a method reading
    /// `self.name` sees what another method stored there.
    var fields: [String: [String: Taint]] = [:]

    /// Keys of this file's functions that `f` calls.
    func calls(of f: FunctionInfo) -> Set<String> {
        if let c = callGraph[f.key] { return c }
        let out = syntax(of: f).callees
        callGraph[f.key] = out
        return out
    }

    /// The file's facts about `f`'s definition (see `FunctionSyntax`); `withNames`: with `moduleNames`.
    func syntax(of f: FunctionInfo, withNames: Bool = false) -> FunctionSyntax {
        // `target` reads only the file's imports and functions: every engine over this file finds the same.
        file.syntax(of: f, withNames: withNames) {
            FunctionSyntax(f, names: withNames ? file.moduleLevelUnits.bound : nil) { target(of: $0, from: f) }
        }
    }

    /// The names module-level code may bind that `f`'s analysis can look up (see `FunctionSyntax.moduleNames`).
    func moduleNames(readBy f: FunctionInfo) -> Set<String> { syntax(of: f, withNames: true).moduleNames ?? [] }

    /// The function of this file a call reaches: `helper(...)` a module-level function, `self.m(...)` the
    /// caller's own class's method (or, failing that, a method of that name elsewhere in the file).
    func resolve(_ callee: Expr, from caller: FunctionInfo?) -> FunctionInfo? {
        let found = target(of: callee, from: caller)
        if let found {
            if !skippedStoring.isEmpty, skippedStoring.contains(found.key) { escaped = true }
            reads?.insert(found.key)
        }
        return found
    }

    /// `resolve` without noting skipped analyses: for the call graph, which reads no summary.
    func target(of callee: Expr, from caller: FunctionInfo?) -> FunctionInfo? {
        switch callee.kind {
        case .name(let n, _) where file.imports[n] == nil:
            return functionsByKey[n] ?? functionsByName[n]
        case .attribute(let v, let attr, _):
            guard case .name(let n, _) = v.kind, n == "self" || n == "cls" else { return nil }
            if let cls = caller?.className, let m = functionsByKey[cls + "." + attr] { return m }
            return functionsByName[attr]
        default:
            return nil
        }
    }

    // MARK: Scopes

    /// `include`: only the units it keeps run (an imported helper's slice, see `ModuleUnits`).
    func analyzeModule(including include: [Bool]? = nil) {
        function = nil
        env = Environment()
        paramIndex = [:]
        execModuleLevel(file.module.body, keep: include.map(UnitFilter.init))
        // A module-level value can be changed from anywhere: functions see its taint, not its constant.
        globals = env.values.mapValues(\.withoutShape)
    }

    /// Module and class bodies: assignments and calls, but not function bodies (analyzed on their own).
    /// `keep`: which units run (`ModuleSlice` numbers them in this walk's order); nil runs every one.
    func execModuleLevel(_ body: [Stmt], keep: UnitFilter? = nil) {
        let take = { keep?.take() ?? true }
        for s in body {
            statement = s
            switch s.kind {
            case .functionDef(let f):
                guard take() else { continue }
                cache = [:]
                statementLine = s.span.start.line
                for d in f.decorators { _ = eval(d) }
                fireStatement(s)
            case .classDef(let c):
                if take() {
                    cache = [:]
                    statementLine = s.span.start.line
                    for d in c.decorators + c.bases { _ = eval(d) }
                    fireStatement(s)
                }
                execModuleLevel(c.body, keep: keep)
            case .if(let test, let body, let orelse):
                if take() {
                    cache = [:]
                    statementLine = s.span.start.line
                    _ = eval(test)
                }
                execModuleLevel(body, keep: keep)
                execModuleLevel(orelse, keep: keep)
            case .try(let body, let handlers, let orelse, let finalbody, _):
                execModuleLevel(body + handlers.flatMap(\.body) + orelse + finalbody, keep: keep)
            default:
                if take() { exec(s) }
            }
        }
    }

    /// Parameter name → default value expression.
    static func defaultsByName(_ a: Arguments) -> [String: Expr] {
        var out: [String: Expr] = [:]
        let positional = a.posonlyargs + a.args
        for (p, d) in zip(positional.suffix(a.defaults.count), a.defaults) { out[p.name] = d }
        for (p, d) in zip(a.kwonlyargs, a.kwDefaults) { if let d { out[p.name] = d } }
        return out
    }

    func analyze(_ f: FunctionInfo) {
        function = f
        env = Environment()
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
        if f.isRoute && file.imports.values.contains(where: { $0 == "fastapi" || $0.hasPrefix("fastapi.") }) {
            // FastAPI fills every plain parameter from the path, query or body; numbers and injected
            // dependencies (`Depends(...)`, `Request`) are not attacker-chosen text.
            let args = f.def.args.posonlyargs + f.def.args.args + f.def.args.kwonlyargs
            let defaults = Engine.defaultsByName(f.def.args)
            for a in args {
                let injected = defaults[a.name].map { d -> Bool in
                    if case .call(let fn, _, _) = d.kind, let n = fn.lastName { return n == "Depends" || n == "Security" }
                    return false
                } ?? false
                if injected || isTypedValue(a.annotation) {
                    continue
                }
                env[a.name] = .tainted(Origin(description: "request parameter \(a.name)", line: a.span.start.line, column: a.span.start.column + 1))
            }
        }
        seedWSGIEnviron(f)
        if f.isClassView && !f.isDjangoView {
            // URL captures of a class-based view arrive as extra arguments, as strings unless converted.
            for name in f.params + kwonly where env[name] == nil { env[name] = .unknown }
        }
        if f.isDjangoView {
            // Django passes URL captures as extra arguments; their converters live in urls.py, so their
            // origin is unknown here rather than certainly attacker-chosen.
            for name in f.params.dropFirst() where env[name] == nil { env[name] = .unknown }
        }
        if f.isView, let first = f.params.first, first == "request" { env["request"] = .unknown }
        exec(f.def.body)
        summaries[f.key] = current
        if let cls = f.className {
            for (k, v) in env.values where k.hasPrefix("self.") && v.level == .tainted {
                let field = Taint(level: v.level, origin: v.origin, cleared: v.cleared, tags: v.tags.intersection([.upload]))
                fields[cls, default: [:]][k] = fields[cls]?[k].map { $0.joined(with: field) } ?? field
            }
        }
    }

    func storesAttributes(_ f: FunctionInfo) -> Bool { syntax(of: f).storesAttributes }
}
