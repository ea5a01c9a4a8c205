import Findings

/// The secret scanner's part of the settings: which patterns, allowlists and severities. Review's
/// `Settings` fills it in from the config files and the command line; `SecretScanner.build` turns it
/// into a scanner.
public struct SecretSettings: Sendable {
    /// Start from the embedded patterns. Only Shortwall's own config turns them off (`builtin-patterns =
    /// false`): a gitleaks file adds to them, whatever its `[extend] useDefault` says, so that dropping a
    /// `.gitleaks.toml` into a repository never silently switches detection off.
    public var useEmbedded = true
    /// Added after the embedded ones; a pattern with an embedded pattern's id replaces it.
    public var patterns: [SecretPattern] = []
    /// Pattern ids turned off by Shortwall's config; an id that matches no pattern is warned about.
    public var disabled: Set<String> = []
    /// Pattern ids turned off by a gitleaks `[extend] disabledRules`, translated to Shortwall's ids. gitleaks
    /// has rules Shortwall lacks, so an id here that matches nothing is not worth a warning.
    public var disabledByGitleaks: Set<String> = []
    public var severity: [String: Severity] = [:]
    public var allowlists: [Allowlist] = []
    public var redact = true
    /// Problems met while adding files, for the caller to print.
    public var warnings: [String] = []

    public init() {}

    /// Adds Shortwall pattern TOML (`[[pattern]]` tables and an optional `[allowlist]`).
    public mutating func addPatterns(toml: String, origin: String) throws {
        addPatterns(try SecretScanner.loadPatterns(toml: toml, origin: origin))
    }

    /// Adds patterns already read (a config's `[[pattern]]` tables).
    public mutating func addPatterns(_ loaded: PatternLoadResult) { absorb(loaded) }

    /// Adds a gitleaks configuration already read (its `[extend] path`, if any, added before it).
    public mutating func addGitleaks(_ loaded: PatternLoadResult) {
        disabledByGitleaks.formUnion(loaded.disabledIDs.flatMap(GitleaksRuleIDs.shortwallIDs))
        absorb(loaded)
    }

    /// Adds a gitleaks configuration.
    public mutating func addGitleaks(toml: String, origin: String = ".gitleaks.toml") throws {
        addGitleaks(try SecretScanner.loadGitleaks(toml: toml, origin: origin))
    }

    private mutating func absorb(_ loaded: PatternLoadResult) {
        for p in loaded.patterns {
            if let i = patterns.firstIndex(where: { $0.id == p.id }) { patterns[i] = p } else { patterns.append(p) }
        }
        allowlists += loaded.allowlists
        warnings += loaded.warnings
    }
}

extension SecretScanner {
    /// Builds a scanner from a configuration. Returns warnings for ids named in `disabled` or `severity`
    /// that match no pattern (likely typos), together with those collected while loading.
    public static func build(_ config: SecretSettings) throws -> (scanner: SecretScanner, warnings: [String]) {
        var warnings = config.warnings
        var patterns: [SecretPattern] = []
        var allowlists: [Allowlist] = []
        if config.useEmbedded {
            let embedded = try embeddedPatterns()
            patterns = embedded.patterns
            allowlists = embedded.allowlists
        }
        for p in config.patterns {
            if let i = patterns.firstIndex(where: { $0.id == p.id }) { patterns[i] = p } else { patterns.append(p) }
        }
        let known = Set(patterns.map(\.id))
        for id in config.disabled.subtracting(known).sorted() { warnings.append("disabled pattern \(id) does not exist") }
        for id in Set(config.severity.keys).subtracting(known).sorted() { warnings.append("severity override for unknown pattern \(id)") }
        patterns.removeAll { config.disabled.contains($0.id) || config.disabledByGitleaks.contains($0.id) }
        for i in patterns.indices { if let s = config.severity[patterns[i].id] { patterns[i].severity = s } }
        let scanner = try SecretScanner(patterns: patterns, allowlists: allowlists + config.allowlists, redact: config.redact)
        return (scanner, warnings)
    }
}
