/// What a rule is, independent of any finding: for `shortwall rules` and SARIF rule metadata.
public struct RuleInfo: Codable, Hashable, Sendable {
    public var id: String
    public var kind: Finding.Kind
    public var title: String
    public var severity: Severity
    public var cwe: Int?
    /// OWASP Top 10 2021 category, e.g. "A03:2021-Injection", for Python rules.
    public var owasp: String?
    public var description: String
    public var fix: String
    /// A page that explains the rule (for an advisory: the advisory).
    public var helpUri: String?
    public init(id: String, kind: Finding.Kind, title: String, severity: Severity, cwe: Int?, owasp: String? = nil,
                description: String, fix: String, helpUri: String? = nil) {
        self.id = id; self.kind = kind; self.title = title; self.severity = severity; self.cwe = cwe
        self.owasp = owasp; self.description = description; self.fix = fix; self.helpUri = helpUri
    }
}

/// What a run covered, for the summary of every report.
public struct ScanSummary: Codable, Hashable, Sendable {
    public var commits: Int
    public var files: Int
    public var bytes: Int
    public var durationSeconds: Double
    /// Files skipped (binary, too large, LFS pointer, submodule) with the reason, e.g. "big.bin: larger than 10 MiB".
    public var skipped: [String]
    public var errors: [String]
    /// The configuration files the run read (`.shortwall.toml`, `pyproject.toml`, `.gitleaks.toml`, ...), so a
    /// report says which settings produced it.
    public var configFiles: [String]
    public init(commits: Int = 0, files: Int = 0, bytes: Int = 0, durationSeconds: Double = 0, skipped: [String] = [], errors: [String] = [],
                configFiles: [String] = []) {
        self.commits = commits; self.files = files; self.bytes = bytes; self.durationSeconds = durationSeconds
        self.skipped = skipped; self.errors = errors; self.configFiles = configFiles
    }
}
