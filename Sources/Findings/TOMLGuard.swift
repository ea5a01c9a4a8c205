import Foundation

/// Where a TOML document is refused before TOMLKit sees it. `column` is nil for a problem of the whole
/// text (a NUL byte), which has a line but no syntax position worth naming.
public struct TOMLProblem: Equatable, Sendable, Error {
    public var line: Int
    public var column: Int?
    public var message: String
}

/// Every TOML text from a user goes through `TOMLGuard.check` before TOMLKit 0.6.0 parses it, because
/// toml++ inside it fails on some documents by killing the process instead of reporting an error:
/// - it asserts (and in release builds assumes) on a table header whose name starts with a character that
///   cannot start a key (`[{x]`, `[=]`, `[[` then a newline), an array whose next value starts with `}`
///   (`[1,}]`) and malformed dates (`1979-05-27TT07:00:00`), all found by mutating valid configs;
/// - it recurses once per level of nesting after parsing, so a header or dotted key of 200,000 parts
///   overflows the stack; nesting is bounded here, counting table-name parts, key parts, arrays and
///   inline tables together, and so is the length of a key;
/// - TOMLKit hands keys and strings over as C strings, so a `\u0000` escape would silently cut
///   `"jwt\u0000x"` to `jwt`, and a NUL byte would end the document early.
/// The walk follows TOML's own structure (strings, comments, multi-line arrays, inline tables); bare
/// values must be booleans, numbers, or well-formed dates and times by TOML's grammar.
public enum TOMLGuard {
    /// Deeper than any Shortwall, gitleaks or pyproject setting needs, and far from toml++'s stack limit.
    public static let maxDepth = 64
    public static let maxKeyLength = 1024

    public static func check(_ text: String) -> TOMLProblem? {
        let scalars = Array(text.unicodeScalars)
        if let nul = scalars.firstIndex(of: "\u{0}") {
            let line = scalars[..<nul].lazy.filter { $0 == "\n" }.count + 1
            return TOMLProblem(line: line, column: nil, message: "contains a NUL character")
        }
        var walker = Walker(s: scalars)
        do { try walker.run() } catch let problem as TOMLProblem { return problem } catch { return nil }
        return nil
    }
}

private struct Walker {
    let s: [Unicode.Scalar]
    var i = 0, line = 1, lineStart = 0
    /// The open "[" and "{" of the current value, each with the depth of the array or table it opens.
    var containers: [(open: Unicode.Scalar, depth: Int)] = []
    enum Expect { case statement, key, value, separator }
    var expect = Expect.statement
    /// Depth of the table that top-level keys belong to: the parts of the last header.
    var tableDepth = 0
    /// The key being read: whether one has started, where, and how many dotted parts it has.
    var inKey = false, keyStart = 0, keyParts = 1
    /// Depth of the next value: its table's depth, plus its key's parts, plus the arrays around it.
    var valueDepth = 0

    init(s: [Unicode.Scalar]) { self.s = s }

    func fail(_ j: Int, _ message: String) -> TOMLProblem {
        TOMLProblem(line: line, column: j - lineStart + 1, message: message)
    }

    func shown(_ c: Unicode.Scalar) -> String {
        c == "\n" ? "the end of the line" : c.value < 0x20 ? "'\\u{\(String(c.value, radix: 16))}'" : "'\(c)'"
    }

    func startsWith(_ token: String, at j: Int) -> Bool {
        let t = Array(token.unicodeScalars)
        return j + t.count <= s.count && Array(s[j..<j + t.count]) == t
    }

    mutating func run() throws {
        while i < s.count {
            let c = s[i]
            if c == "\n" {
                line += 1; lineStart = i + 1; i += 1
                if containers.isEmpty { expect = .statement; inKey = false }
                continue
            }
            if c == " " || c == "\t" || c == "\r" || c == "\u{FEFF}" { i += 1; continue }
            if c == "#" {
                while i < s.count && s[i] != "\n" { i += 1 }
                continue
            }
            switch expect {
            case .statement where c == "[": try header()
            case .statement, .key: try key(c)
            case .value: try value(c)
            case .separator: separator(c)
            }
        }
    }

    /// `[name]` or `[[name]]`: the name must start like a key, and its parts count towards the depth.
    mutating func header() throws {
        let isArray = startsWith("[[", at: i)
        var j = i + (isArray ? 2 : 1)
        while j < s.count && (s[j] == " " || s[j] == "\t") { j += 1 }
        guard j < s.count else { throw fail(j, "expected a table name, saw the end of the file") }
        if !isKeyStart(s[j]) { throw fail(j, "expected a table name, saw \(shown(s[j]))") }
        let nameStart = j
        var parts = 1, inName = true
        // The rest of a header line holds only its name, which may contain a quoted "]".
        while j < s.count && s[j] != "\n" && s[j] != "#" {
            if s[j] == "\"" || s[j] == "'" { j = try skipString(j); continue }
            if inName && s[j] == "]" { inName = false }
            if inName && s[j] == "." {
                parts += 1
                if parts + (isArray ? 1 : 0) > TOMLGuard.maxDepth {
                    throw fail(nameStart, "table name nests more than \(TOMLGuard.maxDepth) levels deep")
                }
            }
            if inName && j - nameStart >= TOMLGuard.maxKeyLength {
                throw fail(nameStart, "table name is longer than \(TOMLGuard.maxKeyLength) characters")
            }
            j += 1
        }
        tableDepth = parts + (isArray ? 1 : 0)
        i = j
        expect = .separator
    }

    mutating func key(_ c: Unicode.Scalar) throws {
        expect = .key
        if c == "=" {
            valueDepth = (containers.last?.depth ?? tableDepth) + (inKey ? keyParts : 1)
            inKey = false
            expect = .value
            i += 1
            return
        }
        if c == "}" && containers.last?.open == "{" {
            containers.removeLast(); expect = .separator; inKey = false; i += 1
            return
        }
        if !inKey { inKey = true; keyStart = i; keyParts = 1 }
        if c == "\"" || c == "'" { i = try skipString(i) } else {
            // Key characters and dots; anything else TOMLKit reports itself.
            if c == "." {
                keyParts += 1
                if (containers.last?.depth ?? tableDepth) + keyParts > TOMLGuard.maxDepth {
                    throw fail(keyStart, "key nests more than \(TOMLGuard.maxDepth) levels deep")
                }
            }
            i += 1
        }
        if i - keyStart > TOMLGuard.maxKeyLength {
            throw fail(keyStart, "key is longer than \(TOMLGuard.maxKeyLength) characters")
        }
    }

    mutating func value(_ c: Unicode.Scalar) throws {
        switch c {
        case "\"", "'":
            i = try skipString(i); expect = .separator
        case "[", "{":
            if valueDepth + 1 > TOMLGuard.maxDepth {
                throw fail(i, "value nests more than \(TOMLGuard.maxDepth) levels deep")
            }
            containers.append((c, valueDepth)); i += 1
            if c == "[" { valueDepth += 1 } else { expect = .key; inKey = false }
        case "]" where containers.last?.open == "[":   // an empty array, or a trailing comma
            containers.removeLast(); i += 1; expect = .separator
        case "]", "}", ",", "=":
            throw fail(i, "expected a value, saw \(shown(c))")
        default:
            var j = i
            while j < s.count && !endsBareValue(s[j]) { j += 1 }
            // A date and a time may be separated by one space ("1979-05-27 07:32:00").
            if j + 1 < s.count, s[j] == " ", ("0"..."9").contains(s[j + 1]), isDate(i..<j) {
                j += 1
                while j < s.count && !endsBareValue(s[j]) { j += 1 }
            }
            let token = String(String.UnicodeScalarView(s[i..<j]))
            if let problem = bareValueProblem(token) { throw fail(i, problem) }
            i = j; expect = .separator
        }
    }

    mutating func separator(_ c: Unicode.Scalar) {
        switch c {
        case ",":
            switch containers.last?.open {
            case "[": expect = .value; valueDepth = containers[containers.count - 1].depth + 1
            case "{": expect = .key; inKey = false
            default: break
            }
        case "]", "}":
            if !containers.isEmpty { containers.removeLast() }
        default:
            break   // text after a complete value: TOMLKit reports it
        }
        i += 1
    }

    /// Index just past the string starting at j (which holds its opening quote); counts newlines.
    mutating func skipString(_ start: Int) throws -> Int {
        let quote = s[start]
        let delimiter = String(repeating: String(quote), count: 3)
        let triple = startsWith(delimiter, at: start)
        var j = start + (triple ? 3 : 1)
        while j < s.count {
            let c = s[j]
            if c == "\\" && quote == "\"" {
                if isNULEscape(at: j) { throw fail(j, "a \\u0000 escape (NUL) is not allowed") }
                j += 2
                continue
            }
            if c == "\n" {
                if !triple { return j }   // unterminated: TOML reports it, we just stop at the line end
                line += 1; lineStart = j + 1
            }
            if c == quote && (!triple || startsWith(delimiter, at: j)) {
                var end = j + (triple ? 3 : 1)
                // A triple-quoted string may end with up to two more quote characters of content.
                while triple && end < s.count && s[end] == quote && end - j < 5 { end += 1 }
                return end
            }
            j += 1
        }
        return j
    }

    /// `\u0000` or `\U00000000` at j (the backslash).
    func isNULEscape(at j: Int) -> Bool {
        guard j + 1 < s.count else { return false }
        let digits = s[j + 1] == "u" ? 4 : s[j + 1] == "U" ? 8 : 0
        guard digits > 0, j + 1 + digits < s.count else { return false }
        return s[(j + 2)...(j + 1 + digits)].allSatisfy { $0 == "0" }
    }

    func isDate(_ range: Range<Int>) -> Bool {
        let token = String(String.UnicodeScalarView(s[range]))
        return localDate.firstMatch(in: token, range: NSRange(token.startIndex..., in: token)) != nil
    }

    func isKeyStart(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "-")
            || c == "\"" || c == "'" || c == "]"
    }

    func endsBareValue(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\r" || c == "\n" || c == "," || c == "]" || c == "}" || c == "#"
    }
}

/// TOML's booleans, integers (decimal, hex, octal, binary) and floats, with "_" between digits.
private let bareValueGrammar = try! NSRegularExpression(pattern: """
    ^(?:true|false|[+-]?(?:inf|nan)\
    |[+-]?(?:0|[1-9](?:_?[0-9])*)(?:\\.[0-9](?:_?[0-9])*)?(?:[eE][+-]?[0-9](?:_?[0-9])*)?\
    |0x[0-9A-Fa-f](?:_?[0-9A-Fa-f])*|0o[0-7](?:_?[0-7])*|0b[01](?:_?[01])*)$
    """)

private let datePart = "[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
private let timePart = "(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\\.[0-9]+)?"
private let localDate = try! NSRegularExpression(pattern: "^\(datePart)$")
/// TOML's offset and local date-times, local dates and local times, with fields in range.
private let dateTimeGrammar = try! NSRegularExpression(pattern: """
    ^(?:\(datePart)(?:[Tt ]\(timePart)(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?)?|\(timePart))$
    """)
private let looksLikeDateOrTime = try! NSRegularExpression(pattern: "^(?:[0-9]{4}-|[0-9]{2}:)")

private func bareValueProblem(_ token: String) -> String? {
    let range = NSRange(token.startIndex..., in: token)
    if bareValueGrammar.firstMatch(in: token, range: range) != nil { return nil }
    if dateTimeGrammar.firstMatch(in: token, range: range) != nil { return nil }
    let shown = token.count > 40 ? String(token.prefix(40)) + "..." : token
    if looksLikeDateOrTime.firstMatch(in: token, range: range) != nil { return "invalid date or time: \(shown)" }
    return "expected a string, number, boolean, array or table, saw \(shown)"
}
