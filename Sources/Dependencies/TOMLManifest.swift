import Findings
import Foundation
import TOMLKit

/// A TOML manifest read for its dependency tables only. Lines outside the tables a format names are
/// blanked before TOMLKit sees the text, so a lock file's hashes, URLs and upload dates cost nothing and
/// cannot trip the parser, and every kept line keeps its number. Since TOMLKit gives values but not
/// positions, the headers and keys seen on the way are kept too, so each value can be traced to its line.
struct TOMLManifest {
    struct Header {
        var path: [String]
        var line: Int
    }

    let table: TOMLTable
    let lines: [Substring]
    let headers: [Header]

    /// - Parameters:
    ///   - keepTable: whether the lines of a table (by its header's key path) are wanted.
    ///   - keepKey: with a table kept, whether a line defining this key is wanted; nil keeps every line,
    ///     multi-line values included.
    init?(_ text: String, keepTable: ([String]) -> Bool, keepKey: ((String) -> Bool)? = nil) {
        lines = textLines(text)
        var kept: [Substring] = []
        var headers: [Header] = []
        var current: [String]? = nil
        var openString: String?
        for (index, line) in lines.enumerated() {
            if let delimiter = openString {
                if line.contains(delimiter) { openString = nil }
                if current.map(keepTable) == true && keepKey == nil { kept.append(line) } else { kept.append("") }
                continue
            }
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("["), let path = TOMLManifest.headerPath(trimmed) {
                current = path
                headers.append(Header(path: path, line: index + 1))
                kept.append(keepTable(path) ? line : "")
                continue
            }
            var keep = current.map(keepTable) ?? false
            if keep, let keepKey { keep = TOMLManifest.firstKey(trimmed).map(keepKey) ?? false }
            kept.append(keep ? line : "")
            if let equals = trimmed.firstIndex(of: "=") {
                let value = trimmed[trimmed.index(after: equals)...].drop { $0 == " " || $0 == "\t" }
                for delimiter in ["'''", "\"\"\""] where value.hasPrefix(delimiter) && !value.dropFirst(3).contains(delimiter) {
                    openString = delimiter
                }
            }
        }
        self.headers = headers
        let reduced = kept.joined(separator: "\n")
        // TOMLKit reads a C string (a NUL would end it early) and aborts on some malformed input.
        guard !reduced.contains("\u{0}"), TOMLGuard.check(reduced) == nil,
              let table = try? TOMLTable(string: reduced) else { return nil }
        self.table = table
    }

    /// The lines of each table with this header path, in file order: from its header to the next
    /// header that is not one of its sub-tables.
    func blocks(_ path: [String]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for (i, header) in headers.enumerated() where header.path == path {
            let next = headers[(i + 1)...].first { $0.path == path || !$0.path.starts(with: path) }
            out.append(header.line..<(next?.line ?? lines.count + 1))
        }
        return out
    }

    /// The line (1-based) in `range` that defines `key` directly in the table, before any sub-table.
    func keyLine(_ key: String, in range: Range<Int>) -> Int? {
        for number in range.dropFirst() where number - 1 < lines.count {
            let trimmed = lines[number - 1].drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("[") { return nil }
            if TOMLManifest.firstKey(trimmed) == key { return number }
        }
        return nil
    }

    /// The first line in `range` that holds `text`, with its 1-based column; skips lines in `used`.
    func line(containing text: String, in range: Range<Int>, skipping used: Set<Int> = []) -> (line: Int, column: Int)? {
        for number in range where number - 1 < lines.count && !used.contains(number) {
            if let found = lines[number - 1].range(of: text) {
                return (number, lines[number - 1].distance(from: lines[number - 1].startIndex, to: found.lowerBound) + 1)
            }
        }
        return nil
    }

    /// The column (1-based) where `text` starts on a line, or 1.
    func column(of text: String, line: Int) -> Int {
        guard line - 1 < lines.count, let found = lines[line - 1].range(of: text) else { return 1 }
        return lines[line - 1].distance(from: lines[line - 1].startIndex, to: found.lowerBound) + 1
    }

    // MARK: Reading keys

    /// `[a.b]` or `[[a."b.c"]]` as its key path; nil for anything else starting with `[`.
    static func headerPath(_ line: Substring) -> [String]? {
        let inner = line.hasPrefix("[[") ? line.dropFirst(2) : line.dropFirst()
        guard let (path, rest) = tomlKeyPath(inner), rest.hasPrefix("]") else { return nil }
        return path
    }

    /// The first key segment of a `key = value` line, unquoted.
    static func firstKey(_ line: Substring) -> String? {
        guard let (path, rest) = tomlKeyPath(line), rest.hasPrefix("=") else { return nil }
        return path.first
    }
}
