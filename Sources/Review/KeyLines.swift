import Foundation

// Where the keys of a config file are in its text, which TOMLKit does not say.

/// TOMLKit does not expose where a key was defined, so this scans the text for key lines and table
/// headers to give semantic errors a line number. It understands headers, dotted and quoted keys and
/// multi-line strings; a key it cannot place (inside an inline table, say) falls back to its parent's line.
struct KeyLines {
    private var firstLine: [[String]: Int] = [:]
    private let text: [Substring]

    init(_ source: String) {
        // Split on the scalar: in Swift "\r\n" is one Character, so splitting Characters on "\n" would
        // leave a CRLF file as a single line.
        text = source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { Substring($0) }
        var table: [String] = []
        var openString: String?
        for (index, raw) in text.enumerated() {
            let number = index + 1
            if let delimiter = openString {
                if raw.contains(delimiter) { openString = nil }
                continue
            }
            let line = raw.drop { $0 == " " || $0 == "\t" || $0 == "\u{FEFF}" }
            if line.hasPrefix("[") {
                let isArray = line.hasPrefix("[[")
                if let (keys, _) = KeyLines.keyPath(line.dropFirst(isArray ? 2 : 1)) {
                    table = keys
                    record(keys, number)
                }
                continue
            }
            guard let (keys, rest) = KeyLines.keyPath(line), rest.hasPrefix("=") else { continue }
            record(table + keys, number)
            let value = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
            for delimiter in ["'''", "\"\"\""] where value.hasPrefix(delimiter) {
                if !value.dropFirst(3).contains(delimiter) { openString = delimiter }
            }
        }
    }

    private mutating func record(_ path: [String], _ line: Int) {
        if firstLine[path] == nil { firstLine[path] = line }
    }

    /// The line of the key at `path`, or of its nearest located parent. With `value`, the first line
    /// from the key on that contains the value's text, for an element of a multi-line array.
    func line(of path: [String], value: String? = nil) -> Int? {
        var prefix = path
        while !prefix.isEmpty {
            if let line = firstLine[prefix] {
                guard let value, !value.isEmpty else { return line }
                let end = min(text.count, line + 200)
                for n in line...end where n - 1 < text.count && text[n - 1].contains(value) { return n }
                return line
            }
            prefix.removeLast()
        }
        return nil
    }

    /// Parses `a."b.c".'d'` up to "=", "]" or the end; returns the key segments and what follows.
    static func keyPath(_ s: Substring) -> ([String], Substring)? {
        var keys: [String] = []
        var rest = s
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            guard let first = rest.first else { return nil }
            if first == "\"" || first == "'" {
                var key = ""
                var i = rest.index(after: rest.startIndex)
                var closed = false
                while i < rest.endIndex {
                    let c = rest[i]
                    if c == first { closed = true; break }
                    if c == "\\" && first == "\"" {
                        // Only \" and \\ matter for finding a key; other escapes are kept as written.
                        i = rest.index(after: i)
                        guard i < rest.endIndex else { return nil }
                        if rest[i] != "\\" && rest[i] != "\"" { key.append("\\") }
                        key.append(rest[i])
                    } else {
                        key.append(c)
                    }
                    i = rest.index(after: i)
                }
                guard closed else { return nil }
                keys.append(key)
                rest = rest[rest.index(after: i)...]
            } else {
                let bare = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
                guard !bare.isEmpty else { return nil }
                keys.append(String(bare))
                rest = rest[bare.endIndex...]
            }
            rest = rest.drop { $0 == " " || $0 == "\t" }
            if rest.hasPrefix(".") { rest = rest.dropFirst(); continue }
            return (keys, rest)
        }
    }
}
