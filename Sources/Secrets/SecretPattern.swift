import Findings

/// One detection rule as written in a pattern file (Patterns/*.toml, `--config`, `.gitleaks.toml`).
/// Plain data: the scanner compiles it once.
public struct SecretPattern: Sendable, Hashable {
    public struct Example: Sendable, Hashable {
        public var text: String
        /// The secret the pattern must extract from `text`; nil means "any finding of this pattern".
        public var secret: String?
        /// The pattern must report it as a weak value (at lower confidence), not a strong one.
        public var weak: Bool
        public init(text: String, secret: String? = nil, weak: Bool = false) { self.text = text; self.secret = secret; self.weak = weak }
    }

    public var id: String
    public var description: String
    /// PCRE2 syntax, matched in byte mode.
    public var regex: String
    /// Capture group holding the secret; nil: 1 if the regex has a group, else the whole match.
    public var secretGroup: Int?
    /// Case-insensitive literals; one must occur on the line (or in the file, for multiline patterns)
    /// before the regex runs. An empty list means the regex runs on every line, which is slow.
    public var keywords: [String]
    /// Minimum Shannon entropy of the secret for a base64-like alphabet; see `Entropy.threshold`.
    public var entropy: Double?
    /// Only files matching one of these; empty means every file.
    public var paths: [PathPattern]
    public var severity: Severity
    /// Run over the whole file instead of line by line (PEM blocks and other multi-line secrets).
    public var multiline: Bool
    /// Apply the placeholder and false-positive filters (see `Filters`). Generic patterns need them.
    public var placeholders: Bool
    public var allowlists: [Allowlist]
    /// A credential store (`.pgpass`, `.git-credentials`, FileZilla's `<Pass>`): the file's format says every
    /// value is a credential, so only references, templates and masks are filtered (no entropy, no stock or
    /// template words) and findings have high confidence.
    public var store: Bool
    /// Literal byte strings that identify the file by its content (`<FileZilla3`, `PuTTY-User-Key-File-`),
    /// so the pattern also applies to a file of that format whose name is not one of `paths`.
    public var signatures: [String]
    /// Values reported at lower confidence instead of dropped (see `reportsWeak`): a person's password is a
    /// leak however guessable.
    public var weak: Allowlist?
    public var matches: [Example]
    public var nonMatches: [String]
    /// Optional overrides of the generated remediation text and confidence.
    public var fix: String?
    public var confidence: Confidence?
    public var tags: [String]
    /// Where the pattern came from ("aws.toml", ".gitleaks.toml"), for messages.
    public var origin: String

    public init(
        id: String, description: String, regex: String, secretGroup: Int? = nil, keywords: [String] = [],
        entropy: Double? = nil, paths: [PathPattern] = [], severity: Severity = .high, multiline: Bool = false,
        placeholders: Bool = true, allowlists: [Allowlist] = [], store: Bool = false, signatures: [String] = [],
        weak: Allowlist? = nil, matches: [Example] = [], nonMatches: [String] = [],
        fix: String? = nil, confidence: Confidence? = nil, tags: [String] = [], origin: String = ""
    ) {
        self.id = id; self.description = description; self.regex = regex; self.secretGroup = secretGroup
        self.keywords = keywords; self.entropy = entropy; self.paths = paths; self.severity = severity
        self.multiline = multiline; self.placeholders = placeholders; self.allowlists = allowlists
        self.store = store; self.signatures = signatures; self.weak = weak
        self.matches = matches; self.nonMatches = nonMatches; self.fix = fix; self.confidence = confidence
        self.tags = tags; self.origin = origin
    }

    /// Generic patterns ("generic-…") are fallbacks: when one overlaps a specific pattern's finding, the
    /// specific one wins.
    public var isGeneric: Bool { id.hasPrefix("generic") }

    /// A pattern with a `[pattern.weak]` table reports what its entropy floor and the stock-word filters
    /// would drop, at lower confidence (see `FindingBuilder.confidence`), instead of dropping it.
    public var reportsWeak: Bool { weak != nil }

    public var fixText: String {
        fix ?? "Revoke and rotate this \(description.inSentence), then remove it from the code; read it from the environment or a secret manager"
    }

    public var ruleInfo: RuleInfo {
        RuleInfo(id: id, kind: .secret, title: description, severity: severity, cwe: 798,
                 description: "Hardcoded \(description.inSentence).", fix: fixText)
    }
}

/// A file path condition: globs in Shortwall files, regexes in gitleaks files.
public enum PathPattern: Sendable, Hashable {
    case glob(String)
    case regex(String)
}

/// Conditions under which a candidate secret is not reported. Used globally and per pattern.
public struct Allowlist: Sendable, Hashable {
    public enum Target: String, Sendable, Hashable { case secret, match, line }

    public var description: String
    /// PCRE2 regexes tested against `regexTarget`.
    public var regexes: [String]
    public var regexTarget: Target
    /// Case-insensitive substrings of the secret.
    public var stopwords: [String]
    public var paths: [PathPattern]
    /// gitleaks `condition = "AND"`: every kind of condition given must hold, instead of any one.
    public var requireAll: Bool

    public init(description: String = "", regexes: [String] = [], regexTarget: Target = .secret, stopwords: [String] = [],
                paths: [PathPattern] = [], requireAll: Bool = false) {
        self.description = description; self.regexes = regexes; self.regexTarget = regexTarget
        self.stopwords = stopwords; self.paths = paths; self.requireAll = requireAll
    }

    public var isEmpty: Bool { regexes.isEmpty && stopwords.isEmpty && paths.isEmpty }
}

extension String {
    /// The description as it reads inside a sentence ("Hardcoded password in a .netrc file"). Only an
    /// ordinary English first word is lower-cased: most descriptions start with a name ("GitHub",
    /// "Linear", "Square", "New Relic") or an acronym, which keep their case wherever they stand.
    var inSentence: String {
        // On bytes, not Characters: every pattern's description goes through here at start-up, and
        // grapheme breaking made it a few percent of a pre-commit run. The words are ASCII and capitalized.
        let bytes = utf8
        guard let first = bytes.first, first &- 0x41 < 26 else { return self }
        let end = bytes.firstIndex { $0 == 0x20 || $0 == 0x2F || $0 == 0x28 } ?? bytes.endIndex
        guard String.ordinaryFirstWords.contains(String(self[..<end])) else { return self }
        var lowered = Array(bytes)
        lowered[0] = first | 0x20
        return String(decoding: lowered, as: UTF8.self)
    }

    /// First words of pattern descriptions that are not names.
    static let ordinaryFirstWords: Set<String> = [
        "Password", "Passwords", "Unquoted", "Registry", "Credential", "Credentials", "Bearer", "User", "Upload", "Server",
        "Saved", "Private", "Public", "Database", "Connection", "Encrypted", "Obscured", "Clear-text", "High-entropy",
        "Base64-encoded", "Basic-auth", "Secret", "Secrets", "Token", "Tokens", "Key", "Keys", "Generic", "Internal",
        "Access", "Session", "Signing", "Service", "Personal", "Literal", "Hardcoded", "Hard-coded", "Webhook",
    ]
}
