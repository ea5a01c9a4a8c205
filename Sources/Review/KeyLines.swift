import Findings
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
                if let (keys, _) = tomlKeyPath(line.dropFirst(isArray ? 2 : 1)) {
                    table = keys
                    record(keys, number)
                }
                continue
            }
            guard let (keys, rest) = tomlKeyPath(line), rest.hasPrefix("=") else { continue }
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
}
