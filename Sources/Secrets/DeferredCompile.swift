extension PCRE2Regex {
    /// `source` compiled now, or at its first match when it is a regex of the embedded pattern files:
    /// the build compiled those already (embed-patterns) and recorded their capture groups, and a
    /// pre-commit run meets the keywords of only a few of them.
    static func compiling(_ source: String) throws -> PCRE2Regex {
        if let groups = EmbeddedPatterns.captureCounts[source] { return PCRE2Regex(deferred: source, captureCount: groups) }
        return try PCRE2Regex(source)
    }
}
