import Findings

/// What `--config`, `.shortwall.toml` and `.gitleaks.toml` contribute to the secret scanner. The CLI
/// fills it in; `SecretScanner.build` turns it into a scanner.
public struct SecretConfiguration: Sendable {
    /// Start from the embedded patterns. A gitleaks file without `[extend] useDefault = true` clears it.
    public var useEmbedded = true
    /// Added after the embedded ones; a pattern with an embedded pattern's id replaces it.
    public var patterns: [SecretPattern] = []
    public var disabled: Set<String> = []
    public var severity: [String: Severity] = [:]
    public var allowlists: [Allowlist] = []
    public var redact = true
    /// Problems met while adding files, for the caller to print.
    public var warnings: [String] = []

    public init() {}

    /// Adds Shortwall pattern TOML (`[[pattern]]` tables and an optional `[allowlist]`).
    public mutating func addPatterns(toml: String, origin: String) throws {
        absorb(try SecretScanner.loadPatterns(toml: toml, origin: origin))
    }

    /// Adds a gitleaks configuration. Without `[extend] useDefault = true`, gitleaks replaces its own
    /// defaults, so the embedded patterns are dropped too.
    public mutating func addGitleaks(toml: String, origin: String = ".gitleaks.toml") throws {
        let loaded = try SecretScanner.loadGitleaks(toml: toml, origin: origin)
        if !loaded.useDefault { useEmbedded = false }
        absorb(loaded)
    }

    private mutating func absorb(_ loaded: PatternLoadResult) {
        for p in loaded.patterns {
            if let i = patterns.firstIndex(where: { $0.id == p.id }) { patterns[i] = p } else { patterns.append(p) }
        }
        allowlists += loaded.allowlists
        disabled.formUnion(loaded.disabledIDs)
        warnings += loaded.warnings
    }
}

extension SecretScanner {
    /// Builds a scanner from a configuration. Returns warnings for ids named in `disabled` or `severity`
    /// that match no pattern (likely typos), together with those collected while loading.
    public static func build(_ config: SecretConfiguration) throws -> (scanner: SecretScanner, warnings: [String]) {
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
        patterns.removeAll { config.disabled.contains($0.id) }
        for i in patterns.indices { if let s = config.severity[patterns[i].id] { patterns[i].severity = s } }
        let scanner = try SecretScanner(patterns: patterns, allowlists: allowlists + config.allowlists, redact: config.redact)
        return (scanner, warnings)
    }
}
