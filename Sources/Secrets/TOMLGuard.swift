import Foundation

/// toml++ (inside TOMLKit 0.6.0) asserts, aborting the process, on some malformed documents instead of
/// reporting an error, and in release builds those assertions become optimizer assumptions, which is
/// worse. Found by mutating valid configs: a table header whose name starts with a character that cannot
/// start a key (`[{x]`, `[=]`, `[[` then a newline), an array whose next value starts with `}` (`[1,}]`),
/// and malformed dates (`1979-05-27TT07:00:00`). This walks the document as TOML does (strings, comments,
/// multi-line arrays, inline tables) and reports those shapes as ordinary syntax errors before TOMLKit
/// sees them. Bare values must be booleans or numbers by TOML's grammar; dates and times, which no
/// Shortwall setting uses, are refused outright rather than handed to the parser that mishandles them.
public func tomlCrashingSyntax(in text: String) -> (line: Int, column: Int, message: String)? {
    let s = Array(text.unicodeScalars)
    var i = 0, line = 1, lineStart = 0
    var containers: [Unicode.Scalar] = []   // open "[" and "{" of the current value
    enum Expect { case statement, key, value, separator }
    var expect = Expect.statement

    func at(_ j: Int, _ message: String) -> (line: Int, column: Int, message: String) { (line, j - lineStart + 1, message) }
    func shown(_ c: Unicode.Scalar) -> String {
        c == "\n" ? "the end of the line" : c.value < 0x20 ? "'\\u{\(String(c.value, radix: 16))}'" : "'\(c)'"
    }
    func startsWith(_ token: String, at j: Int) -> Bool {
        let t = Array(token.unicodeScalars)
        return j + t.count <= s.count && Array(s[j..<j + t.count]) == t
    }
    /// Index just past the string starting at i (which holds its opening quote); counts newlines.
    func skipString(_ i: Int) -> Int {
        let quote = s[i]
        let delimiter = String(repeating: String(quote), count: 3)
        let triple = startsWith(delimiter, at: i)
        var j = i + (triple ? 3 : 1)
        while j < s.count {
            let c = s[j]
            if c == "\\" && quote == "\"" { j += 2; continue }
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
    func isKeyStart(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "-")
            || c == "\"" || c == "'" || c == "]"
    }
    func endsBareValue(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\r" || c == "\n" || c == "," || c == "]" || c == "}" || c == "#"
    }

    while i < s.count {
        let c = s[i]
        if c == "\n" {
            line += 1; lineStart = i + 1; i += 1
            if containers.isEmpty { expect = .statement }
            continue
        }
        if c == " " || c == "\t" || c == "\r" || c == "\u{FEFF}" { i += 1; continue }
        if c == "#" {
            while i < s.count && s[i] != "\n" { i += 1 }
            continue
        }
        switch expect {
        case .statement where c == "[":
            var j = i + (startsWith("[[", at: i) ? 2 : 1)
            while j < s.count && (s[j] == " " || s[j] == "\t") { j += 1 }
            guard j < s.count else { return at(j, "expected a table name, saw the end of the file") }
            if !isKeyStart(s[j]) { return at(j, "expected a table name, saw \(shown(s[j]))") }
            // The rest of a header line holds only its name, which may contain a quoted "]".
            while j < s.count && s[j] != "\n" && s[j] != "#" {
                if s[j] == "\"" || s[j] == "'" { j = skipString(j) } else { j += 1 }
            }
            i = j
            expect = .separator
        case .statement, .key:
            expect = .key
            if c == "=" { expect = .value; i += 1 }
            else if c == "\"" || c == "'" { i = skipString(i) }
            else if c == "}" && containers.last == "{" { containers.removeLast(); expect = .separator; i += 1 }
            else { i += 1 }   // key characters and dots; anything else TOMLKit reports itself
        case .value:
            switch c {
            case "\"", "'":
                i = skipString(i); expect = .separator
            case "[":
                containers.append(c); i += 1
            case "{":
                containers.append(c); i += 1; expect = .key
            case "]" where containers.last == "[":   // an empty array, or a trailing comma
                containers.removeLast(); i += 1; expect = .separator
            case "]", "}", ",", "=":
                return at(i, "expected a value, saw \(shown(c))")
            default:
                var j = i
                while j < s.count && !endsBareValue(s[j]) { j += 1 }
                let token = String(String.UnicodeScalarView(s[i..<j]))
                if let problem = bareValueProblem(token) { return at(i, problem) }
                i = j; expect = .separator
            }
        case .separator:
            switch c {
            case ",":
                expect = containers.last == "[" ? .value : containers.last == "{" ? .key : .separator
            case "]", "}":
                if !containers.isEmpty { containers.removeLast() }
            default:
                break   // text after a complete value: TOMLKit reports it
            }
            i += 1
        }
    }
    return nil
}

/// TOML's booleans, integers (decimal, hex, octal, binary) and floats, with "_" between digits.
private let bareValueGrammar = try! NSRegularExpression(pattern: """
    ^(?:true|false|[+-]?(?:inf|nan)\
    |[+-]?(?:0|[1-9](?:_?[0-9])*)(?:\\.[0-9](?:_?[0-9])*)?(?:[eE][+-]?[0-9](?:_?[0-9])*)?\
    |0x[0-9A-Fa-f](?:_?[0-9A-Fa-f])*|0o[0-7](?:_?[0-7])*|0b[01](?:_?[01])*)$
    """)
private let dateOrTime = try! NSRegularExpression(pattern: "^(?:[0-9]{4}-|[0-9]{2}:)")

private func bareValueProblem(_ token: String) -> String? {
    let range = NSRange(token.startIndex..., in: token)
    if bareValueGrammar.firstMatch(in: token, range: range) != nil { return nil }
    if dateOrTime.firstMatch(in: token, range: range) != nil {
        return "dates and times are not used in Shortwall configuration, saw \(token)"
    }
    let shown = token.count > 40 ? String(token.prefix(40)) + "..." : token
    return "expected a string, number, boolean, array or table, saw \(shown)"
}
