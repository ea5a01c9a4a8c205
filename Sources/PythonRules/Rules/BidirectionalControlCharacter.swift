import Python

extension RuleSet {
    static let bidirectionalControlCharacter = Rule(
        id: "python.bidi-control-character",
        title: "Unicode bidirectional control character in source",
        cwe: 451, owasp: OWASP.a08, severity: .high,
        explanation: "Bidirectional override and isolate characters (U+202A-U+202E, U+2066-U+2069) reorder how text is displayed, so a reviewer sees different code than Python runs: a comment that seems to end, or a string that seems to close, does not (Trojan Source, CVE-2021-42574).",
        fix: "Remove the character; if right-to-left text is needed in a string, write it with an escape (\"\\u202e\") so it is visible in review.",
        bandit: [],
        triggering: [
            "access_level = \"user\"\nif access_level != \"user\u{202E} \u{2066}# Check if admin\u{2069} \u{2066}\":  # expect\n    print(\"You are an admin.\")\n",
        ],
        nonTriggering: [
            "greeting = \"\\u202e reversed on purpose, and visible\"\nname = \"\u{05E9}\u{05DC}\u{05D5}\u{05DD}\"\n",
        ],
        onFile: { file in
            var hits: [Hit] = []
            var lastLine = 0
            let b = file.bytes
            var i = 0
            while i + 2 < b.count {
                // U+202A-U+202E are E2 80 AA-AE in UTF-8; U+2066-U+2069 are E2 81 A6-A9.
                if b[i] == 0xE2, b[i + 1] == 0x80 && (0xAA...0xAE).contains(b[i + 2]) || b[i + 1] == 0x81 && (0xA6...0xA9).contains(b[i + 2]) {
                    let line = lineOf(i, file)
                    if line != lastLine {
                        lastLine = line
                        let column = i - file.lineStarts[line - 1]
                        hits.append(.plain(Span(start: Position(line: line, column: column), end: Position(line: line, column: column + 3)),
                                           "Line \(line) holds a Unicode bidirectional control character: the code shown in review is not the code that runs."))
                    }
                    i += 3
                    continue
                }
                i += 1
            }
            return hits
        }
    )

    /// The 1-based line holding byte offset `i`.
    fileprivate static func lineOf(_ i: Int, _ file: FileContext) -> Int {
        var lo = 0, hi = file.lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if file.lineStarts[mid] <= i { lo = mid } else { hi = mid - 1 }
        }
        return lo + 1
    }
}
