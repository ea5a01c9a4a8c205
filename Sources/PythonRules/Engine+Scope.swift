import Python

/// Which functions a change can affect, so an incremental review analyzes only those for findings.
///
/// What the review reports is what whole-file analysis reports, filtered to the findings one of whose lines
/// (sink, statement, source, the steps of the flow, a helper's sink) was added. A function that does not
/// overlap the change has such a finding only if a value it sees carries a changed line: through a helper
/// it calls, the fields its class's storing methods leave, or a module-level value it reads. Module-level
/// values are followed by name: a changed statement changes the names it binds (targets, `del`, import
/// aliases, mutated receivers, class names), a statement reading a changed name binds changed names too,
/// and a function reading one is affected. The closure runs together with the older rules (callers of an
/// affected function, every method of a class whose storing method is affected): a module-level statement
/// calling an affected function binds changed names, and every function it calls needs its summary, as
/// whole-file analysis has it. A docstring or a constant nothing reads affects nothing; a changed line
/// in a class body (not in a method) affects that class's methods, whose properties (`classAuth`, the
/// view flags) come from it. Where the names cannot be known (a star import, `match` at module level) the
/// answer is every function.
extension Engine {
    func affectedFunctions(_ added: Set<Int>?) -> [FunctionInfo] {
        guard let added else { return file.functions }
        let functions = file.functions
        let units = file.moduleLevelUnits
        let unitsReading = units.readers
        var functionsReading: [String: [String]] = [:]
        var callers: [String: [String]] = [:]
        var methodsOf: [String: [String]] = [:]
        // Keys some function of which stores attributes (a redefinition counts too).
        var storing = Set<String>()
        for f in functions {
            let syntax = syntax(of: f, withNames: true)
            for n in syntax.moduleNames ?? [] { functionsReading[n, default: []].append(f.key) }
            for c in calls(of: f) { callers[c, default: []].append(f.key) }
            if let cls = f.className { methodsOf[cls, default: []].append(f.key) }
            if syntax.storesAttributes { storing.insert(f.key) }
        }

        var touched = Set<String>()
        var inClosure = [Bool](repeating: false, count: units.list.count)
        var changedNames = Set<String>()
        var pendingFunctions: [String] = [], pendingUnits: [Int] = [], pendingNames: [String] = []
        func touch(_ key: String) { if touched.insert(key).inserted { pendingFunctions.append(key) } }
        func include(_ u: Int) { if !inClosure[u] { inClosure[u] = true; pendingUnits.append(u) } }
        func change(_ n: String) { if changedNames.insert(n).inserted { pendingNames.append(n) } }

        for f in functions where f.span.overlaps(lines: added) || f.def.decorators.contains(where: { $0.span.overlaps(lines: added) }) {
            touch(f.key)
        }
        for (u, unit) in units.list.enumerated() where unit.regions.contains(where: { $0.overlaps(lines: added, except: unit.owned) }) {
            include(u)
            for cls in unit.classes { for m in methodsOf[cls] ?? [] { touch(m) } }
        }
        while true {
            if let u = pendingUnits.popLast() {
                let unit = units.list[u]
                if unit.unknown { return functions }
                for n in unit.binds { change(n) }
                for c in unit.calls { if let f = target(of: c, from: nil) { touch(f.key) } }
            } else if let n = pendingNames.popLast() {
                for u in unitsReading[n] ?? [] { include(u) }
                for k in functionsReading[n] ?? [] { touch(k) }
            } else if let k = pendingFunctions.popLast() {
                for c in callers[k] ?? [] { touch(c) }
                guard let f = functionsByKey[k] else { continue }
                // Its fields reach every method of the class; a module-level statement calling it gets a new value.
                if let cls = f.className, storing.contains(k) {
                    for m in methodsOf[cls] ?? [] { touch(m) }
                }
                for u in unitsReading[f.name] ?? [] { include(u) }
            } else {
                break
            }
        }
        if touched.count == Set(functions.map(\.key)).count { return functions }
        return functions.filter { touched.contains($0.key) }
    }

    /// Functions whose summaries the module-level values `scope` reads depend on, beyond those `scope` calls:
    /// a function called by a module-level statement that binds a name the analysis of `scope` (or of a
    /// helper it needs) reads, as `_CONFIG = load()` does. Whole-file analysis has every summary when it
    /// executes the module a second time; without these, such a name would hold a different value.
    func moduleLevelSummaryRoots(_ scope: [FunctionInfo]) -> [String] {
        guard scope.count < file.functions.count else { return [] }
        let units = file.moduleLevelUnits
        guard units.list.contains(where: { !$0.calls.isEmpty }) else { return [] }
        let writers = units.writers
        var roots: [String] = []
        var seenFunctions = Set<String>(), seenNames = Set<String>(), seenUnits = Set<Int>()
        var functions = scope.map(\.key), names: [String] = []
        while true {
            if let k = functions.popLast() {
                guard seenFunctions.insert(k).inserted, let f = functionsByKey[k] else { continue }
                functions.append(contentsOf: calls(of: f))
                // Only a name some unit binds has writers.
                names.append(contentsOf: moduleNames(readBy: f))
            } else if let n = names.popLast() {
                guard seenNames.insert(n).inserted else { continue }
                for u in writers[n] ?? [] where seenUnits.insert(u).inserted {
                    names.append(contentsOf: units.list[u].reads)
                    for c in units.list[u].calls {
                        guard let f = target(of: c, from: nil) else { continue }
                        roots.append(f.key)
                        functions.append(f.key)
                    }
                }
            } else {
                return roots
            }
        }
    }
}

/// The module-level code as `Engine.execModuleLevel` runs it, cut into units: a plain statement (a
/// compound one other than `if` and `try` whole), a definition's header (decorators, bases, defaults), an
/// `if` test, an `except` clause. Per unit: the lines that are its own, the names it mentions, the names
/// it may bind, and what it calls.
struct ModuleLevelUnits: Sendable {
    struct Unit {
        /// Line ranges of the unit's own text.
        var regions: [ClosedRange<Int>] = []
        /// Lines inside the regions that belong to a function analyzed on its own (a `def` in a `with`).
        var owned: [ClosedRange<Int>] = []
        var reads = Set<String>()
        var binds = Set<String>()
        /// Names that may lose parts of their value (see `ModuleUnits`): they count where some unit binds them.
        var follow = Set<String>()
        /// The callees of its calls.
        var calls: [Expr] = []
        /// Classes whose methods a change of this unit's text affects (the class bodies it is in).
        var classes: [String] = []
        /// Binds names that cannot be known.
        var unknown = false
    }

    private(set) var list: [Unit] = []
    /// Per name: the units that mention it, and those that may bind it.
    private(set) var readers: [String: [Int]] = [:]
    private(set) var writers: [String: [Int]] = [:]
    /// The names some unit may bind: the only ones whose readers a change can affect.
    private(set) var bound = Set<String>()

    init(_ module: Module, functions: [FunctionInfo]) {
        collect(module.body, classes: [], functions: functions)
        // A follow write (a value passed on or aliased losing its parts) changes only a name some unit
        // gives a value in the first place: an imported module, for one, is never such a value.
        let valued = list.reduce(into: Set<String>()) { $0.formUnion($1.binds) }
        for i in list.indices { list[i].binds.formUnion(list[i].follow.intersection(valued)) }
        for (u, unit) in list.enumerated() {
            for n in unit.reads { readers[n, default: []].append(u) }
            for n in unit.binds { writers[n, default: []].append(u) }
            bound.formUnion(unit.binds)
        }
    }

    private mutating func collect(_ body: [Stmt], classes: [String], functions: [FunctionInfo]) {
        for s in body {
            switch s.kind {
            case .functionDef(let f):
                // A definition's own text belongs to the function (its class's other methods do not see it).
                var unit = Unit()
                unit.regions = f.decorators.map(\.span.lines) + [header(s, body: f.body)]
                unit.scan(expressions: s.childExpressions)
                add(unit)
            case .classDef(let c):
                var unit = Unit(classes: classes + [c.name])
                unit.regions = c.decorators.map(\.span.lines) + [header(s, body: c.body)]
                unit.scan(expressions: s.childExpressions)
                unit.binds.insert(c.name)
                add(unit)
                collect(c.body, classes: classes + [c.name], functions: functions)
            case .if(let test, let body, let orelse):
                var unit = Unit(classes: classes)
                unit.regions = [test.span.lines]
                unit.scan(expressions: [test])
                add(unit)
                collect(body, classes: classes, functions: functions)
                collect(orelse, classes: classes, functions: functions)
            case .try(let body, let handlers, let orelse, let finalbody, _):
                for h in handlers {
                    var unit = Unit(classes: classes)
                    unit.regions = [h.span.start.line...max(h.span.start.line, (h.body.first?.span.start.line ?? h.span.end.line + 1) - 1)]
                    unit.scan(expressions: h.type.map { [$0] } ?? [])
                    if let n = h.name { unit.reads.insert(n); unit.binds.insert(n) }
                    add(unit)
                }
                collect(body + handlers.flatMap(\.body) + orelse + finalbody, classes: classes, functions: functions)
            default:
                var unit = Unit(classes: classes)
                unit.regions = [s.span.lines]
                if s.isSimple {
                    unit.scan(statement: s)
                } else {
                    // A loop or `with` runs whole, and `exec` narrows names its tests mention: every name it
                    // mentions may change. A `def` in a `with` is analyzed as a function of its own.
                    unit.scanWhole(s)
                    // Only a `with` holds functions of the file's list (`FileContext` looks for none in a loop or `match`).
                    if case .with = s.kind {
                        unit.owned = functions.filter { s.span.start <= $0.span.start && $0.span.end <= s.span.end }.map(\.span.lines)
                    }
                }
                add(unit)
            }
        }
    }

    private mutating func add(_ unit: Unit) { list.append(unit) }

    /// The lines of a definition before its body.
    private func header(_ s: Stmt, body: [Stmt]) -> ClosedRange<Int> {
        s.span.start.line...max(s.span.start.line, (body.first?.span.start.line ?? s.span.end.line + 1) - 1)
    }

}

extension ModuleLevelUnits.Unit {
    mutating func scan(statement s: Stmt) {
        switch s.kind {
        case .import(let names):
            for a in names { binds.insert(a.asname ?? a.name.split(separator: ".").first.map(String.init) ?? a.name) }
        case .importFrom(_, let names, _):
            for a in names {
                if a.name == "*" { unknown = true } else { binds.insert(a.asname ?? a.name) }
            }
        case .assign(_, let value), .annAssign(_, _, let value?, _):
            if let r = value.rootName { follow.insert(r) }
        default: break
        }
        scan(expressions: s.childExpressions)
    }

    mutating func scanWhole(_ s: Stmt) {
        s.walk { st in
            switch st.kind {
            case .match: unknown = true
            case .import, .importFrom: scan(statement: st)
            case .try(_, let handlers, _, _, _):
                for h in handlers { if let n = h.name { reads.insert(n) } }
            default: break
            }
            scan(expressions: st.childExpressions)
        }
        binds.formUnion(reads)
    }

    /// Reads, binds and calls by `ModuleUnits`' rules (a first write binds, a follow write may).
    mutating func scan(expressions: [Expr]) {
        var scan = UnitScan()
        for e in expressions { scan.expression(e) }
        reads.formUnion(scan.reads)
        binds.formUnion(scan.first)
        follow.formUnion(scan.follow)
        calls += scan.calls
    }
}

extension Expr {
    /// The root name of a name or attribute chain (`a` for `a.b.c`).
    var rootName: String? {
        var x = self
        while case .attribute(let base, _, _) = x.kind { x = base }
        if case .name(let n, _) = x.kind { return n }
        return nil
    }
}

extension Span {
    var lines: ClosedRange<Int> { start.line...max(start.line, end.line) }
}

extension ClosedRange where Bound == Int {
    /// Whether one of `lines` is in this range and in none of `except`.
    func overlaps(lines: Set<Int>, except: [ClosedRange<Int>]) -> Bool {
        func counts(_ l: Int) -> Bool { contains(l) && !except.contains { $0.contains(l) } }
        if lines.count < count { return lines.contains(where: counts) }
        return contains { lines.contains($0) && counts($0) }
    }
}
