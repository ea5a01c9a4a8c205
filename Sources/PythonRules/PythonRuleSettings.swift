import Findings

/// What the user's settings say about the Python rules: which are off, and which report at another
/// severity. Rule ids may be written with or without `python.`; `Rule.spellings` is the one place that
/// says which names a rule answers to, for settings and for suppression comments alike.
public struct PythonRuleSettings: Equatable, Sendable {
    public private(set) var disabled: Set<String> = []
    public private(set) var severity: [String: Severity] = [:]

    public init() {}

    /// Ids that name no Python rule are left out: the caller routes every id to the detector that has it.
    public init(disabled: Set<String>, severity: [String: Severity] = [:]) {
        self.disabled = Set(disabled.compactMap(PythonRuleSettings.ruleID(named:)))
        for (name, level) in severity { if let id = PythonRuleSettings.ruleID(named: name) { self.severity[id] = level } }
    }

    /// The id of the Python rule a user's name stands for, nil when it names none.
    public static func ruleID(named name: String) -> String? { byName[name] }

    private static let byName: [String: String] = {
        var names: [String: String] = [:]
        for rule in RuleSet.all { for name in rule.spellings { names[name] = rule.id } }
        return names
    }()
}

extension Rule {
    /// The names a user may give this rule in settings and in `# nosec` / `# shortwall: ignore[...]`: its id,
    /// and its id without the `python.` prefix.
    var spellings: [String] { [id, String(id.dropFirst("python.".count))] }
}
