import Findings

/// Turns a confirmed match into a `Finding`: redaction, snippet, confidence, hashes.
enum FindingBuilder {
    static func finding(_ compiled: SecretScanner.Compiled, path: String, inFixtures: Bool, secret: ArraySlice<UInt8>, line: ArraySlice<UInt8>,
                        lineNumber: Int, column: Int, endLine: Int, endColumn: Int, redact: Bool) -> Finding {
        let pattern = compiled.pattern
        let plain = String(decoding: secret, as: UTF8.self)
        let shown = redact ? Redaction.redacted(plain) : plain
        return Finding(
            rule: pattern.id, kind: .secret, severity: pattern.severity,
            confidence: confidence(pattern, inFixtures: inFixtures), cwe: 798, title: pattern.description,
            file: path, line: lineNumber, column: column, endLine: endLine, endColumn: endColumn,
            secret: shown, snippet: snippet(line: line, secret: secret, shown: shown),
            message: "Hardcoded \(compiled.sentence) (\(Redaction.redacted(plain))).",
            fix: compiled.fixText,
            fingerprint: SHA256.hex(pattern.id, path, plain),
            contentHash: SHA256.hex(pattern.id, plain), isCredential: true)
    }

    /// Pattern files can say; otherwise a distinctive format is high and a generic one medium. Test and
    /// example folders hold fixtures more often than live keys, so they lower confidence one step.
    static func confidence(_ pattern: SecretPattern, inFixtures: Bool) -> Confidence {
        let level: Confidence = pattern.confidence ?? (pattern.isGeneric ? .medium : .high)
        guard inFixtures else { return level }
        return level == .high ? .medium : .low
    }

    /// A test or example folder or file; asked once per file, not per finding.
    static func isFixturePath(_ path: String) -> Bool {
        let lower = "/" + path.lowercased()
        let fixtureDirs = ["/test/", "/tests/", "/testing/", "/spec/", "/fixtures/", "/testdata/", "/examples/", "/example/", "/docs/"]
        let name = lower.split(separator: "/").last ?? ""
        return fixtureDirs.contains(where: { lower.contains($0) }) || name.hasPrefix("test_") || name.contains("_test.")
            || name.contains(".test.") || name.contains(".spec.")
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
