import Python

/// What the bookkeeping of a review asks of one function's definition, found in one walk of it: the
/// keys of the functions of its file it calls (`Engine.calls(of:)`), whether it stores attributes
/// (`Engine.storesAttributes`) and, for an incremental review, the module-level names it reads
/// (`Engine.moduleNames(readBy:)`).
///
/// Each was a walk of its own, asked per review (some per function of a closure, some twice): together
/// they were a tenth of the instructions of the hook case. They follow from the file alone, so the
/// file context keeps them per function (`FileContext.syntax(of:withNames:_:)`).
struct FunctionSyntax: Sendable {
    /// Keys of the functions `resolve` finds for the callees of the body's calls.
    let callees: Set<String>
    /// Some assignment in the body has a target `self.…`.
    let storesAttributes: Bool
    /// The names among `bound` the function's analysis can look up among the module's values: those its
    /// definition mentions but its decorators, which the module-level code evaluates (their text is the
    /// function's own). Nil when not asked for: only an incremental review needs them, and a set of every
    /// name mentioned cost more to build than the rest of the walk.
    let moduleNames: Set<String>?

    /// `bound`: the names module-level code may bind (`ModuleLevelUnits.bound`); nil leaves `moduleNames` out.
    init(_ f: FunctionInfo, names bound: Set<String>?, resolve: (Expr) -> FunctionInfo?) {
        var names = Set<String>(), stores = false, callees = Set<String>()
        if let bound {
            let own = f.def.args.defaults + f.def.args.kwDefaults.compactMap { $0 } + f.def.args.all.compactMap(\.annotation)
                + (f.def.returns.map { [$0] } ?? [])
            for e in own { e.walk { x in if case .name(let n, _) = x.kind, bound.contains(n) { names.insert(n) } } }
        }
        Stmt.walk(f.def.body, statement: { st in
            if !stores, case .assign(let targets, _) = st.kind, targets.contains(where: { $0.dottedName?.hasPrefix("self.") == true }) {
                stores = true
            }
        }, expression: { x in
            switch x.kind {
            case .name(let n, _): if let bound, bound.contains(n) { names.insert(n) }
            case .call(let callee, _, _): if let t = resolve(callee) { callees.insert(t.key) }
            default: break
            }
        })
        self.callees = callees
        storesAttributes = stores
        moduleNames = bound == nil ? nil : names
    }
}
