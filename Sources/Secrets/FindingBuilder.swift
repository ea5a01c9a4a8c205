import Findings

/// Turns a confirmed match into a `Finding`: redaction, snippet, confidence, hashes.
enum FindingBuilder {
    static func finding(_ compiled: SecretScanner.Compiled, path: String, inFixtures: Bool, secret: ArraySlice<UInt8>, line: ArraySlice<UInt8>,
                        lineNumber: Int, column: Int, endLine: Int, endColumn: Int, redact: Bool, weak: Bool = false) -> Finding {
        let pattern = compiled.pattern
        let plain = String(decoding: secret, as: UTF8.self)
        let shown = redact ? Redaction.redacted(plain) : plain
        let level = confidence(pattern, path: path, inFixtures: inFixtures, weak: weak)
        var message = "Hardcoded \(compiled.sentence) (\(Redaction.redacted(plain)))."
        if weak { message += " The value looks typed by a person (a word, a name or a short run), " + (level == .low ? "so it may be a sample." : "which makes it no less a credential: it is guessable too.") }
        return Finding(
            rule: pattern.id, kind: .secret, severity: pattern.severity,
            confidence: level, cwe: 798, title: pattern.description,
            file: path, line: lineNumber, column: column, endLine: endLine, endColumn: endColumn,
            secret: shown, snippet: snippet(line: line, secret: secret, shown: shown),
            message: message,
            fix: FixAdvice.text(for: pattern, line: line),
            fingerprint: SHA256.hex(pattern.id, path, plain),
            contentHash: SHA256.hex(pattern.id, plain), isCredential: true)
    }

    /// Pattern files can say; otherwise a credential store or a distinctive format is high and a generic
    /// one medium. A weak value (see `Filters.Verdict`) is medium in a configuration file, where it is
    /// what the program logs in with (`DB_PASSWORD=admin123` in `.env`), and low in code. Tests, fixtures,
    /// examples and documentation hold samples more often than live keys, so they lower confidence one step;
    /// a scan decides that once per file and passes it as `inFixtures` (nil: decided here).
    static func confidence(_ pattern: SecretPattern, path: String, inFixtures: Bool? = nil, weak: Bool = false) -> Confidence {
        let inFixtures = inFixtures ?? PathKinds.looksLikeFixture(path)
        var level: Confidence = pattern.store ? .high : pattern.confidence ?? (pattern.isGeneric ? .medium : .high)
        if weak && !pattern.store { level = min(level, PathKinds.isConfiguration(path) ? .medium : .low) }
        if inFixtures {
            level = level == .high ? .medium : .low
        }
        return level
    }

    /// The line with the secret replaced by its redacted form, trimmed to a window around the secret so a
    /// minified 50 MB line yields a short snippet.
    static func snippet(line: ArraySlice<UInt8>, secret: ArraySlice<UInt8>, shown: String) -> String {
        let window = 60
        let start = max(line.startIndex, min(secret.startIndex, line.endIndex))
        let endOnLine = min(secret.endIndex, line.endIndex)
        var from = max(line.startIndex, start - window)
        var to = min(line.endIndex, max(endOnLine, start) + window)
        // Do not cut a UTF-8 sequence in half.
        while from > line.startIndex && from < line.endIndex && line[from] & 0xC0 == 0x80 { from -= 1 }
        while to < line.endIndex && line[to] & 0xC0 == 0x80 { to += 1 }
        var text = (from > line.startIndex ? "…" : "") + String(decoding: line[from..<start], as: UTF8.self) + shown
        if secret.endIndex <= line.endIndex {
            text += String(decoding: line[endOnLine..<to], as: UTF8.self) + (to < line.endIndex ? "…" : "")
        }
        return text.trimmingCharacters(in: " \t\r")
    }
}

private extension String {
    func trimmingCharacters(in set: String) -> String {
        let chars = Set(set)
        var s = Substring(self)
        while let f = s.first, chars.contains(f) { s = s.dropFirst() }
        while let l = s.last, chars.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
