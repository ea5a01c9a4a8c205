/// Repository text (file names, lines, author names, config values) is untrusted: an escape sequence in
/// it could rewrite a terminal or a CI log and hide a finding. Every output shows it through here.
extension Unicode.Scalar {
    /// C0 controls, DEL, C1 controls (U+0080–U+009F: U+009B is a one-character CSI on some terminals), the
    /// line and paragraph separators, and the bidirectional embeddings, overrides and isolates, which can
    /// make text read differently than it is.
    public var isUnsafeInOutput: Bool {
        let v = value
        return v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029
            || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }
}

/// `s` with every unsafe character shown as a visible escape (`\u{1b}`), so nothing from the repository
/// reaches a terminal or a log as a control character. A tab becomes a space. With `continuation`, a
/// newline starts an indented line instead (rule messages may span lines).
public func printable(_ s: String, continuation: String? = nil) -> String {
    if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s }
    var out = String.UnicodeScalarView()
    for scalar in s.unicodeScalars {
        if scalar == "\n", let indent = continuation {
            out.append("\n")
            out.append(contentsOf: indent.unicodeScalars)
        } else if scalar == "\t" {
            out.append(" ")
        } else if scalar.isUnsafeInOutput {
            out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16))}".unicodeScalars)
        } else {
            out.append(scalar)
        }
    }
    return String(out)
}

/// JSON text with every unsafe character inside its strings written as a `\u` escape: the same data for
/// a JSON reader, and nothing raw for a log that shows the file. (Outside strings JSON has only ASCII
/// punctuation and blanks, and the blanks are safe.)
public func printableJSON(_ json: String) -> String {
    if !json.unicodeScalars.contains(where: { $0.isUnsafeInOutput && $0 != "\n" && $0 != "\t" && $0 != "\r" }) { return json }
    var out = String.UnicodeScalarView()
    for scalar in json.unicodeScalars {
        if scalar.isUnsafeInOutput && scalar != "\n" && scalar != "\t" && scalar != "\r" {
            out.append(contentsOf: jsonEscape(scalar).unicodeScalars)
        } else {
            out.append(scalar)
        }
    }
    return String(out)
}

/// `\u001b`: the JSON escape of one character of the Basic Multilingual Plane.
public func jsonEscape(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16)
    return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
}
