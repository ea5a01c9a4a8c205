import Python

/// The active rules with one index over their call patterns. Built once per reviewer (the rule set does
/// not change during a run) and shared, read-only, by the engine of every file.
final class RuleIndex: Sendable {
    let rules: [Rule]
    let calls: CallIndex
    /// Rules by id (the first of each id), and each rule's call hook by rule index: every engine reads them.
    let rulesByID: [String: Rule]
    let callHooks: [(@Sendable (Call, Flow) -> [Hit])?]
    /// Does any rule run only in files importing one of its modules?
    private let anyGated: Bool
    private let all: RuleMask

    init(_ rules: [Rule]) {
        self.rules = rules
        // A pattern without a hook would dispatch to nothing.
        calls = CallIndex(rules.map { $0.onCall == nil ? CallPattern() : $0.calls })
        anyGated = rules.contains { !$0.imports.isEmpty }
        rulesByID = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        callHooks = rules.map(\.onCall)
        var all = RuleMask()
        for i in rules.indices { all.insert(i) }
        self.all = all
    }

    /// The rules that run on `file`: every rule but those whose modules it does not import.
    func active(in file: FileContext) -> RuleMask {
        guard anyGated else { return all }
        var out = RuleMask()
        for i in rules.indices where rules[i].imports.isEmpty || rules[i].isRelevant(to: file) { out.insert(i) }
        return out
    }
}
