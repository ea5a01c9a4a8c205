import Python

/// The module-level code of an imported module cut down to what the functions asked of it can see.
///
/// A summary of an imported function needs the module's values only for the names that function (and
/// the helpers of its file it calls) reads: `globals`. Executing the whole module's top-level code for
/// that (the stdlib's `os.py`, a settings module) cost more than the summaries. The top level is split
/// into units exactly as `Engine.execModuleLevel` walks it (a plain statement, a function's or class's
/// decorators, a top-level `if` test), and a unit runs only if it may write a name that is needed; the
/// names it reads are then needed too, to a fixed point.
///
/// Which keys a unit may write follows the engine's writes to `env`. A *first* write needs no earlier
/// value: a target (any name, attribute or subscript in store or del context, and the base of a
/// subscript store), the receiver of a mutating method (`x.append(...)`), the array `shuffle` or
/// `permutation` reorders, an `except ... as e` name. A *follow* write changes a value the name already
/// holds (a collection losing its parts when passed on or aliased, a method of a collection with
/// parts): any receiver, argument or assigned value that is a name or attribute chain. A follow write
/// matters only for a name some unit first-writes. Keys are taken by their root name (`a` for `a.b`),
/// which over-approximates. A unit whose writes are harder to see (a nested `if` narrows the names its
/// test reaches through other assignments; `match` binds pattern names) always runs.
///
/// Executing only such a slice leaves every needed name with the value the whole module would give it:
/// a skipped unit writes no needed name, and a unit that runs reads only needed names.
struct ModuleUnits: Sendable {
    /// Per unit in execution order: runs whatever is needed.
    private var always: [Bool] = []
    /// Per name: the units that may first-write it, and those that may follow-write it.
    private var firstWriters: [String: [Int]] = [:]
    private var followWriters: [String: [Int]] = [:]
    /// Per unit: the names it reads.
    private var reads: [[String]] = []
    /// Names some unit first-writes (the only ones a follow write can change).
    private var firstWritten: Set<String> = []

    var count: Int { reads.count }

    init(_ module: Module) {
        collect(module.body)
    }

    private mutating func collect(_ body: [Stmt]) {
        for s in body {
            switch s.kind {
            case .functionDef:
                // `execModuleLevel` evaluates the decorators and fires the statement's hooks, which see
                // the definition's own expressions (defaults, annotations), not its body.
                add(expressions: s.childExpressions, statements: [])
            case .classDef(let c):
                add(expressions: s.childExpressions, statements: [])
                collect(c.body)
            case .if(let test, let body, let orelse):
                add(expressions: [test], statements: [])
                collect(body)
                collect(orelse)
            case .try(let body, let handlers, let orelse, let finalbody, _):
                collect(body + handlers.flatMap(\.body) + orelse + finalbody)
            default:
                add(expressions: [], statements: [s])
            }
        }
    }

    private mutating func add(expressions: [Expr], statements: [Stmt]) {
        var scan = UnitScan()
        for e in expressions { scan.expression(e) }
        for s in statements { scan.statement(s) }
        let unit = reads.count
        always.append(scan.always)
        reads.append(Array(scan.reads))
        for n in scan.first {
            firstWriters[n, default: []].append(unit)
            firstWritten.insert(n)
        }
        for n in scan.follow { followWriters[n, default: []].append(unit) }
    }

    /// Per unit, whether it runs for functions that read `names`.
    func slice(reading names: Set<String>) -> [Bool] {
        var include = always
        var needed = Set<String>()
        var frontier: [String] = []
        func need(_ n: String) { if needed.insert(n).inserted { frontier.append(n) } }
        func run(_ unit: Int) {
            guard !include[unit] else { return }
            include[unit] = true
            for n in reads[unit] { need(n) }
        }
        for (unit, on) in always.enumerated() where on { for n in reads[unit] { need(n) } }
        for n in names { need(n) }
        while let n = frontier.popLast() {
            for u in firstWriters[n] ?? [] { run(u) }
            if firstWritten.contains(n) { for u in followWriters[n] ?? [] { run(u) } }
        }
        return include
    }

    /// Every name the functions' definitions mention (their bodies, nested functions and lambdas
    /// included): the module-level names their analysis can read.
    static func names(readBy functions: [FunctionInfo]) -> Set<String> {
        var scan = UnitScan()
        for f in functions {
            for e in f.def.decorators { scan.expression(e) }
            for s in f.def.body { scan.statement(s) }
        }
        return scan.reads
    }
}

/// The names one unit reads and may write (see `ModuleUnits`), and the callees of its calls (for
/// `ModuleLevelUnits`, which reads units by the same rules).
struct UnitScan {
    var reads = Set<String>()
    var first = Set<String>()
    var follow = Set<String>()
    var calls: [Expr] = []
    var always = false

    mutating func statement(_ s: Stmt) {
        Stmt.walk([s], statement: { st in
            switch st.kind {
            case .if:
                // The unit's own statement is run by `exec`, so any `if` in it narrows.
                always = true
            case .match:
                always = true
            case .assign(_, let value), .annAssign(_, _, let value?, _):
                // `b = a` drops the parts of the list both now name.
                if let r = value.rootName { follow.insert(r) }
            case .try(_, let handlers, _, _, _):
                for h in handlers { if let n = h.name { first.insert(n); reads.insert(n) } }
            default: break
            }
            // A nested definition's body is not run here; walking it too only over-approximates.
        }, expression: { note($0) })
    }

    mutating func expression(_ e: Expr) { e.walk { note($0) } }

    /// One node of `expression`'s walk.
    private mutating func note(_ x: Expr) {
        switch x.kind {
        case .name(let n, let ctx):
            reads.insert(n)
            if ctx != .load { first.insert(n) }
        case .attribute(_, _, let ctx):
            if ctx != .load, let r = x.rootName { first.insert(r) }
        case .subscript(let base, _, let ctx):
            if ctx != .load, let r = base.rootName { first.insert(r) }
        case .starred(let inner, let ctx):
            if ctx != .load, let r = inner.rootName { first.insert(r) }
        case .namedExpr(let target, let value):
            if let r = target.rootName { first.insert(r) }
            if let r = value.rootName { follow.insert(r) }
        case .call(let callee, let args, let keywords):
            calls.append(callee)
            if case .attribute(let receiver, let method, _) = callee.kind, let r = receiver.rootName {
                follow.insert(r)
                if Tables.mutators.contains(method) { first.insert(r) }
            }
            let reorders = callee.lastName.map { $0 == "shuffle" || $0 == "permutation" } ?? false
            if reorders, let a = args.first, let r = a.rootName { first.insert(r) }
            for a in args { if let r = a.rootName { follow.insert(r) } }
            for k in keywords { if let r = k.value.rootName { follow.insert(r) } }
        default: break
        }
    }
}

/// Which module-level units `Engine.execModuleLevel` runs, asked once per unit in the walk's order.
final class UnitFilter {
    private let include: [Bool]
    private var next = 0
    init(_ include: [Bool]) { self.include = include }

    func take() -> Bool {
        defer { next += 1 }
        return next < include.count && include[next]
    }
}
