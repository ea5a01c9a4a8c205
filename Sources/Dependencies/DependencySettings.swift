import Findings

/// The dependency check's part of the settings: where the advisory data is, and which of its rules the
/// config turns off or re-rates. Without advisory data the check is off.
public struct DependencySettings: Equatable, Sendable {
    /// A folder of OSV records or a zip of them, as a path the process can open; nil turns the check off.
    public var advisories: String?
    /// Where `advisories` was set, for messages: `--advisories` or the config file.
    public var origin = "--advisories"
    public private(set) var disabled: Set<String> = []
    public private(set) var severity: [String: Severity] = [:]

    public init() {}

    /// Ids that name no dependency rule are left out: the caller routes every id to the detector that has it.
    public init(advisories: String?, origin: String, disabled: Set<String>, severity: [String: Severity]) {
        self.advisories = advisories
        self.origin = origin
        self.disabled = disabled.filter(Self.isRule)
        self.severity = severity.filter { Self.isRule($0.key) }
    }

    public static func isRule(_ id: String) -> Bool { DependencyReviewer.rules.contains { $0.id == id } }

    /// The rules left on, at their configured severities.
    public var activeRules: [RuleInfo] {
        DependencyReviewer.rules.filter { !disabled.contains($0.id) }.map { rule in
            var rule = rule
            if let s = severity[rule.id] { rule.severity = s }
            return rule
        }
    }

    /// Drops findings of disabled rules and applies severity overrides (an advisory's own severity gives way
    /// to an override of its rule).
    func apply(_ findings: [Finding]) -> [Finding] {
        findings.compactMap { finding in
            guard !disabled.contains(finding.rule) else { return nil }
            var f = finding
            if let s = severity[f.rule] { f.severity = s }
            return f
        }
    }
}
