import Python

/// Which analyses an incremental review can leave out without changing what it reports.
///
/// A review of a change analyzes, besides the functions it reports on, every attribute-storing method of
/// every class first (so readers see the fields). Such an analysis leaves two things behind: the fields of
/// its class, read only while analyzing a method of that class, and its summary, read only where a call
/// resolves to it. So the analyses that matter are those of the reported functions, of the module-level
/// code, and, closed over: the functions these call and the storing methods of the classes they belong
/// to. Every other storing method's analysis is skipped. The call graph is syntactic and a rule hook may
/// evaluate more than the statements it sees, so `resolve` watches for a call that reaches a skipped
/// method after all; `run` then starts over and analyzes every one, as before.
extension Engine {
    /// Keys of the functions whose analysis can affect the findings of a review of `scope`; nil when that
    /// is every function (a whole-file review, or a change at module level).
    func relevantFunctions(_ scope: [FunctionInfo]) -> Set<String>? {
        guard scope.count < file.functions.count else { return nil }
        var storingByClass: [String: [String]] = [:]
        for f in file.functions {
            if let cls = f.className, storesAttributes(f) { storingByClass[cls, default: []].append(f.key) }
        }
        guard !storingByClass.isEmpty else { return nil }
        var relevant = Set<String>()
        var frontier = scope.map(\.key) + moduleLevelCalls()
        while let k = frontier.popLast() {
            guard relevant.insert(k).inserted, let f = functionsByKey[k] else { continue }
            frontier.append(contentsOf: calls(of: f))
            if let cls = f.className, let storing = storingByClass[cls] { frontier.append(contentsOf: storing) }
        }
        return relevant
    }

    /// Keys of this file's functions called by code outside function bodies (module and class bodies,
    /// decorators, default values), which `analyzeModule` evaluates.
    func moduleLevelCalls() -> [String] {
        var out: [String] = []
        var stack = file.module.body
        while let s = stack.popLast() {
            s.walkExpressions { x in
                if case .call(let callee, _, _) = x.kind, let f = target(of: callee, from: nil) { out.append(f.key) }
            }
            if case .functionDef = s.kind { continue }
            stack.append(contentsOf: s.childStatements)
        }
        return out
    }

    /// Forgets everything an analysis left, for `run` to start over (the call graph and memos of the
    /// syntax stay: they do not depend on the analysis).
    func resetAnalysis() {
        summaries = [:]
        fields = [:]
        globals = [:]
        found = [:]
        current = Summary()
        env = Environment()
        paramIndex = [:]
        cache = [:]
        emitting = false
        function = nil
        statement = nil
        currentAssignments = nil
        skippedStoring = []
        escaped = false
        records = [:]
        reads = nil
        globalsGeneration = 0
    }
}
