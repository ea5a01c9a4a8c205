// Findings: the values every detector produces and every report consumes (Finding, RuleInfo, ScanSummary,
// Credential), and the small helpers all of them need: SHA-256 fingerprints, printable text, byte search,
// the TOML guard. It imports nothing of Shortwall's, and every other module may import it.

/// A finding is a plain value: what rule fired, where, how sure we are, and how to fix it.
/// Detectors create them without knowing about git; Review fills in the commit; Report prints them.
public struct Finding: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Sendable { case secret, python, dependency }

    /// Where attacker-controlled data entered, for tainted Python findings.
    public struct Source: Codable, Hashable, Sendable {
        public var file: String
        public var line: Int
        public var column: Int
        public var description: String
        public init(file: String, line: Int, column: Int, description: String) {
            self.file = file; self.line = line; self.column = column; self.description = description
        }
    }

    public var rule: String
    public var kind: Kind
    public var severity: Severity
    public var confidence: Confidence
    public var cwe: Int?
    public var title: String
    public var file: String
    /// 1-based line and column of the match start. Columns count characters (Unicode scalars), not
    /// bytes, for every detector; SARIF says so with `columnKind`.
    public var line: Int
    public var column: Int
    public var endLine: Int?
    public var endColumn: Int?
    /// Full commit id, or nil when scanning the index or plain files.
    public var commit: String?
    /// The secret, redacted (never the whole secret unless the user asked for --no-redact).
    public var secret: String?
    /// The source line with any secret redacted, for context in text output.
    public var snippet: String?
    public var message: String
    public var fix: String
    /// Stable across line moves: a hash of rule, path and the matched content.
    public var fingerprint: String
    /// Path-independent hash of rule and matched content, so a baseline survives renames.
    public var contentHash: String
    public var source: Source?
    /// The package, its pinned version and the advisory, for dependency findings.
    public var dependency: Dependency?
    // History-only facts.
    public var presentInHead: Bool?
    public var author: String?
    public var date: String?
    public var commitCount: Int?
    /// The finding is a credential written into the file (every secret pattern; Python rules that flag a
    /// literal password or key): one credential is one problem, so where a secret pattern and a Python
    /// rule both name it, Review keeps the pattern's finding.
    public var isCredential: Bool
    /// SHA-256 of the whole source line a Python finding is on, before redaction: the history audit asks
    /// whether HEAD still has that line without keeping its text (the snippet may be redacted or cut).
    public var lineHash: String?

    public init(
        rule: String, kind: Kind, severity: Severity, confidence: Confidence, cwe: Int?, title: String,
        file: String, line: Int, column: Int, endLine: Int? = nil, endColumn: Int? = nil,
        commit: String? = nil, secret: String? = nil, snippet: String? = nil,
        message: String, fix: String, fingerprint: String, contentHash: String, source: Source? = nil,
        isCredential: Bool = false, lineHash: String? = nil
    ) {
        self.rule = rule; self.kind = kind; self.severity = severity; self.confidence = confidence
        self.cwe = cwe; self.title = title; self.file = file; self.line = line; self.column = column
        self.endLine = endLine; self.endColumn = endColumn; self.commit = commit; self.secret = secret
        self.snippet = snippet; self.message = message; self.fix = fix; self.fingerprint = fingerprint
        self.contentHash = contentHash; self.source = source; self.isCredential = isCredential; self.lineHash = lineHash
    }
}

extension Finding {
    /// The hash `lineHash` holds: the line without surrounding blanks or its line ending.
    public static func lineHash<S: StringProtocol>(_ line: S) -> String {
        var s = Substring(line)
        // A byte-order mark is not part of the first line.
        while let f = s.first, f == " " || f == "\t" || f == "\u{FEFF}" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" || l == "\n" || l == "\r\n" { s = s.dropLast() }
        return SHA256.hex(String(s))
    }
}

extension Finding {
    /// A dependency pin and the advisory it matches (none for a requirement that pins no version).
    public struct Dependency: Codable, Hashable, Sendable {
        public var package: String
        /// The pinned version as written; nil when the requirement allows a range.
        public var version: String?
        public var advisory: String?
        /// The advisory's other ids (CVE, GHSA).
        public var aliases: [String]
        /// Where to read the advisory.
        public var url: String?
        /// The lowest version above the pinned one that fixes the advisory; nil when none does.
        public var fixedIn: String?
        public init(package: String, version: String?, advisory: String? = nil, aliases: [String] = [], url: String? = nil, fixedIn: String? = nil) {
            self.package = package; self.version = version; self.advisory = advisory; self.aliases = aliases
            self.url = url; self.fixedIn = fixedIn
        }
    }
}

public enum Severity: String, Codable, CaseIterable, Comparable, Sendable {
    case low, medium, high, critical

    private var rank: Int { Severity.allCases.firstIndex(of: self)! }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

public enum Confidence: String, Codable, CaseIterable, Comparable, Sendable {
    case low, medium, high

    private var rank: Int { Confidence.allCases.firstIndex(of: self)! }
    public static func < (a: Confidence, b: Confidence) -> Bool { a.rank < b.rank }
}
