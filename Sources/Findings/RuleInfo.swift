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
    /// What a Python rule looks at (nil for secret patterns).
    public var interests: RuleInterests?
    public init(id: String, kind: Finding.Kind, title: String, severity: Severity, cwe: Int?, owasp: String? = nil,
                description: String, fix: String, helpUri: String? = nil, interests: RuleInterests? = nil) {
        self.id = id; self.kind = kind; self.title = title; self.severity = severity; self.cwe = cwe
        self.owasp = owasp; self.description = description; self.fix = fix; self.helpUri = helpUri
        self.interests = interests
    }
}

/// The calls, statements and files a Python rule looks at, so "who looks at subprocess.run?" is one lookup.
public struct RuleInterests: Codable, Hashable, Sendable {
    /// Qualified call names ("subprocess.run").
    public var calls: [String]
    /// Bare names no import defines ("eval", "open").
    public var builtins: [String]
    /// Qualified-name prefixes ("random.").
    public var prefixes: [String]
    /// Dotted segments of qualified call names ("jwt" in google.auth.jwt.decode).
    public var segments: [String]
    public var methods: [Method]
    /// Keyword arguments ("verify"; "**" for a mapping splat).
    public var keywords: [String]
    /// Every call with a named keyword argument.
    public var anyKeyword: Bool
    /// Every call.
    public var everyCall: Bool
    /// The rule runs only in files importing one of these modules (empty: every file).
    public var imports: [String]
    /// Which hooks the rule has besides calls: "statement", "return", "function", "file".
    public var hooks: [String]

    public struct Method: Codable, Hashable, Sendable {
        public var name: String
        /// A condition on the receiver, in words; nil when any receiver will do.
        public var receiver: String?
        public init(name: String, receiver: String?) { self.name = name; self.receiver = receiver }
    }

    public init(calls: [String] = [], builtins: [String] = [], prefixes: [String] = [], segments: [String] = [], methods: [Method] = [], keywords: [String] = [],
                anyKeyword: Bool = false, everyCall: Bool = false, imports: [String] = [], hooks: [String] = []) {
        self.calls = calls; self.builtins = builtins; self.prefixes = prefixes; self.segments = segments; self.methods = methods; self.keywords = keywords
        self.anyKeyword = anyKeyword; self.everyCall = everyCall; self.imports = imports; self.hooks = hooks
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
    /// Findings the per-file caps left out of the report, counted by file and rule.
    public var omitted: [OmittedFindings] = []
    public init(commits: Int = 0, files: Int = 0, bytes: Int = 0, durationSeconds: Double = 0, skipped: [String] = [], errors: [String] = [],
                configFiles: [String] = []) {
        self.commits = commits; self.files = files; self.bytes = bytes; self.durationSeconds = durationSeconds
        self.skipped = skipped; self.errors = errors; self.configFiles = configFiles
    }
}

/// "and 999,900 more": findings of one rule in one file that a report does not list.
public struct OmittedFindings: Codable, Hashable, Sendable {
    public var file: String
    public var rule: String
    public var count: Int
    /// The most severe of them, so a report can say what it leaves out.
    public var severity: Severity
    public init(file: String, rule: String, count: Int, severity: Severity) {
        self.file = file; self.rule = rule; self.count = count; self.severity = severity
    }
}
