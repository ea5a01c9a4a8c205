import Findings
import Foundation
import TOMLKit
import Yams

/// Password-named keys and their string values in YAML, JSON and TOML files, read with a real parser
/// (Yams for YAML and JSON, which YAML contains; TOMLKit for TOML), so that what a line-level pattern
/// cannot see is read as the format defines it: flow mappings (`db: {user: app, password: hunter22}`),
/// TOML inline tables, quoted keys, and values on the line after their key (block scalars). Each value
/// comes with the byte range of its text in the file, so it is reported at the line that holds it.
///
/// The file must parse: a fragment, a template (`{{ ... }}` around keys) or a broken file yields nothing
/// here, and the line-level patterns alone read it. Large files and deeply nested ones are not parsed
/// (the patterns still read them), which bounds the time and stack the parsers can take.
enum StructuredValues {
    enum Format { case yaml, json, toml }

    struct Value: Equatable {
        /// The key as written (the last part of its path).
        var key: String
        /// The value's bytes in the file (its first line, for a value spanning lines).
        var range: Range<Int>
        /// Quoted in the file (any JSON or TOML string, a quoted YAML scalar).
        var quoted: Bool
    }

    static let maxBytes = 512 * 1024
    /// Containers deeper than this are not parsed: Yams and toml++ recurse per level.
    static let maxDepth = 64
    /// Nodes visited per file at most: YAML aliases can make a small file a huge tree.
    static let maxNodes = 100_000

    static func format(of path: String) -> Format? {
        let name = PathKinds.fileName(path).lowercased()
        if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { return .yaml }
        if name.hasSuffix(".json") || name == ".ftpconfig" || name == ".remote-sync.json" { return .json }
        if name.hasSuffix(".toml") { return .toml }
        return nil
    }

    /// The key names a password: it ends with a password word (`db_password`, `AdminPassword`, `smtpPass`,
    /// `PWD`), as the generic password patterns require; `password_hash`, `bypass`, `compass` do not.
    static func isPasswordKey(_ key: String) -> Bool {
        let lower = key.lowercased()
        for word in ["password", "passwd", "passwort", "pswd", "passphrase"] where lower.hasSuffix(word) { return true }
        for word in ["pwd", "pass"] where lower.hasSuffix(word) {
            let chars = Array(key)
            let at = chars.count - word.count
            guard at >= 0, at < chars.count else { continue }
            // A word of its own: the whole key, after a separator, or a capitalised part (`smtpPass`, `dbPwd`).
            if at == 0 || !chars[at - 1].isLetter { return true }
            if chars[at].isUppercase && chars[at - 1].isLowercase { return true }
        }
        return false
    }

    /// The shape the line patterns ask of a password: one word of 4 to 128 characters that does not start
    /// like a reference or a path. A value with spaces is a label or a sentence ("Confirm password").
    static func isValueShaped(_ value: String) -> Bool {
        guard (4...128).contains(value.unicodeScalars.count), let first = value.unicodeScalars.first else { return false }
        if "$%{<*/~\\".unicodeScalars.contains(first) { return false }
        return !value.unicodeScalars.contains { $0.properties.isWhitespace }
    }

    /// The password values of a file; empty when the file is not one of these formats or does not parse.
    static func passwordValues(path: String, content: [UInt8]) -> [Value] {
        guard let format = format(of: path), content.count <= maxBytes, nestingDepth(content) <= maxDepth,
              let text = String(bytes: content, encoding: .utf8) else { return [] }
        let lines = LineStarts(content)
        switch format {
        case .yaml, .json: return yamlValues(text, content: content, lines: lines, json: format == .json)
        case .toml: return tomlValues(text, content: content, lines: lines)
        }
    }

    // MARK: YAML and JSON

    /// Plain YAML scalars that are booleans or null, not strings (`password: false`, `password: ~`).
    private static let plainLiterals: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "none", "~"]

    private static func yamlValues(_ text: String, content: [UInt8], lines: LineStarts, json: Bool) -> [Value] {
        var found: [Value] = []
        var budget = maxNodes
        do {
            let parser = try Parser(yaml: text, resolver: .basic)
            while let root = try parser.nextRoot() {
                walk(root, budget: &budget) { key, scalar in
                    guard let mark = scalar.mark, isPasswordKey(key), isValueShaped(scalar.string) else { return }
                    let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
                    // JSON strings are quoted; a bare JSON value is a number, a boolean or null.
                    if json && !quoted { return }
                    if !quoted && plainLiterals.contains(scalar.string.lowercased()) { return }
                    let start = lines.offset(line: mark.line, column: mark.column, in: content)
                    if let range = locate(scalar.string, from: start, quoted: quoted, in: content, lines: lines) {
                        found.append(Value(key: key, range: range, quoted: quoted))
                    }
                }
                if budget <= 0 { break }
            }
        } catch {
            return []
        }
        return found
    }

    private static func walk(_ node: Node, budget: inout Int, _ visit: (String, Node.Scalar) -> Void) {
        budget -= 1
        guard budget > 0 else { return }
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                if let name = key.scalar?.string, let scalar = value.scalar { visit(name, scalar) }
                walk(value, budget: &budget, visit)
                if budget <= 0 { return }
            }
        case .sequence(let sequence):
            for item in sequence {
                walk(item, budget: &budget, visit)
                if budget <= 0 { return }
            }
        default:
            return
        }
    }

    // MARK: TOML

    private static func tomlValues(_ text: String, content: [UInt8], lines: LineStarts) -> [Value] {
        guard TOMLGuard.check(text) == nil, let table = try? TOMLTable(string: text) else { return [] }
        var pairs: [(key: String, value: String)] = []
        var budget = maxNodes
        collect(table, into: &pairs, budget: &budget)
        var found: [Value] = []
        for (key, value) in pairs where isPasswordKey(key) && isValueShaped(value) {
            // TOMLKit keeps no positions (and its tables are sorted by key): the value is the first text equal
            // to it within a few lines after an occurrence of its key.
            var from = 0
            while let keyAt = find(Array(key.utf8), in: content, from: from) {
                if let range = locate(value, from: keyAt.upperBound, quoted: true, in: content, lines: lines),
                   !found.contains(where: { $0.range == range }) {
                    found.append(Value(key: key, range: range, quoted: true))
                    break
                }
                from = keyAt.upperBound
            }
        }
        return found
    }

    private static func collect(_ table: TOMLTable, into pairs: inout [(key: String, value: String)], budget: inout Int) {
        for (key, value) in table {
            budget -= 1
            if budget <= 0 { return }
            if let string = value.string { pairs.append((key, string)) }
            else if let inner = value.table { collect(inner, into: &pairs, budget: &budget) }
            else if let array = value.array {
                for item in array { if let inner = item.table { collect(inner, into: &pairs, budget: &budget) } }
            }
        }
    }

    // MARK: Positions

    /// Where the value's text is, searching from its node's start over the next few lines: a block scalar
    /// starts on the line after its indicator, a quoted one after its quote. Only text found verbatim is
    /// reported (a value with escapes is left to the line-level patterns), and for a value spanning lines
    /// only its first line.
    private static func locate(_ value: String, from start: Int, quoted: Bool, in content: [UInt8], lines: LineStarts) -> Range<Int>? {
        let first = value.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: true).first.map {
            $0.trimmingCharacters(in: .whitespaces)
        } ?? ""
        guard !first.isEmpty else { return nil }
        let limit = lines.end(ofLine: lines.line(at: start) + 3, in: content)
        guard let found = find(Array(first.utf8), in: content, from: start), found.upperBound <= limit else { return nil }
        return found
    }

    private static func find(_ needle: [UInt8], in content: [UInt8], from start: Int) -> Range<Int>? {
        guard let first = needle.first, start >= 0, content.count - start >= needle.count else { return nil }
        var i = start
        let last = content.count - needle.count
        while i <= last {
            guard let at = content[i...last].firstIndex(of: first) else { return nil }
            if content[at..<(at + needle.count)].elementsEqual(needle) { return at..<(at + needle.count) }
            i = at + 1
        }
        return nil
    }

    /// The deepest nesting of brackets and braces, and of indentation (in steps of two spaces), whichever
    /// is deeper; strings are not skipped, so this overestimates, which only means parsing less.
    static func nestingDepth(_ content: [UInt8]) -> Int {
        var depth = 0, deepest = 0, indent = 0, atLineStart = true
        for b in content {
            switch b {
            case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1; deepest = max(deepest, depth); atLineStart = false
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1); atLineStart = false
            case 0x0A: atLineStart = true; indent = 0
            case UInt8(ascii: " ") where atLineStart:
                indent += 1
                deepest = max(deepest, indent / 2)
            default: atLineStart = false
            }
        }
        return deepest
    }
}

/// Byte offsets of line starts, for turning a parser's line and column into a position in the file.
struct LineStarts {
    private var starts: [Int] = [0]

    init(_ content: [UInt8]) {
        for (i, b) in content.enumerated() where b == 0x0A { starts.append(i + 1) }
    }

    /// 1-based line of a byte offset.
    func line(at offset: Int) -> Int {
        var low = 0, high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// The byte offset of a 1-based line and 1-based column counted in Unicode scalars, as libyaml counts.
    func offset(line: Int, column: Int, in content: [UInt8]) -> Int {
        guard line >= 1, line <= starts.count else { return content.count }
        var i = starts[line - 1], scalars = 1
        while i < content.count && scalars < column && content[i] != 0x0A {
            i += 1
            while i < content.count && content[i] & 0xC0 == 0x80 { i += 1 }
            scalars += 1
        }
        return i
    }

    /// The byte offset where a 1-based line ends (its newline, or the end of the file).
    func end(ofLine line: Int, in content: [UInt8]) -> Int {
        line < starts.count ? starts[line] - 1 : content.count
    }
}
