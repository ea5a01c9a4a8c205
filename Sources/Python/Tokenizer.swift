import Foundation

/// Python's lexical grammar over raw UTF-8 bytes: produces every token up front, with INDENT/DEDENT,
/// implicit line joining inside brackets, and PEP 701 f-string tokens (FSTRING_START/MIDDLE/END with the
/// replacement fields tokenized in between). Errors become `.error` tokens plus a diagnostic; tokenizing
/// always goes on to the end of the input.

/// The Python version whose grammar the parser follows. 3.11 differs in f-strings (the string ends at the
/// first matching quote; no backslash or comment in a replacement field) and lacks `type` statements and
/// PEP 695 type parameters.
public enum PythonVersion: Int, Sendable, Comparable {
    case v3_11 = 11, v3_12 = 12
    public static func < (a: PythonVersion, b: PythonVersion) -> Bool { a.rawValue < b.rawValue }
}

@inline(__always) func isIdentStart(_ c: UInt8) -> Bool {
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95 || c >= 128
}
@inline(__always) func isIdentChar(_ c: UInt8) -> Bool {
    // Letters either case (| 0x20 folds A-Z onto a-z and nothing else onto a-z), digits, _, non-ASCII.
    (c | 0x20) &- 97 < 26 || c &- 48 < 10 || c == 95 || c >= 128
}
@inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
@inline(__always) func isHexDigit(_ c: UInt8) -> Bool {
    (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
}

@inline(__always) func isOctDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 55 }
@inline(__always) func isBinDigit(_ c: UInt8) -> Bool { c == 48 || c == 49 }

/// An open bracket. `field` marks the `{` of an f-string replacement field; `inSpec` is set once its
/// format spec (after the top-level `:`) began.
struct Bracket {
    var char: UInt8
    var line: Int32
    var col: Int32
    var field: Bool
    var inSpec: Bool
}

/// An f-string being tokenized.
struct FStringMode {
    var quote: UInt8
    var triple: Bool
    var raw: Bool
    /// Number of open brackets when the f-string started: equal means we are in its literal part.
    var depth: Int
    /// 3.11 only: offset of the closing quote as the pre-PEP 701 tokenizer found it (else Int.max).
    var limit: Int
}

/// CPython's limits, which also bound the parser's recursion.
let maxBracketDepth = 200
let maxIndentDepth = 100

struct Tokenizer {
    let s: UnsafeBufferPointer<UInt8>
    let n: Int
    let version: PythonVersion
    var pos = 0
    var line = 1
    var lineStart = 0
    var tokens: [Token] = []
    var errors: [Diagnostic] = []
    var indents: [Int] = [0]
    var altIndents: [Int] = [0]
    var brackets: [Bracket] = []
    var fmodes: [FStringMode] = []
    /// True at the start of a logical line, where indentation is measured.
    var atLineStart = true
    /// Whether the current logical line produced a token (decides whether a NEWLINE is due).
    var lineHasTokens = false

    init(_ s: UnsafeBufferPointer<UInt8>, version: PythonVersion) {
        self.s = s
        self.n = s.count
        self.version = version
        if n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF { pos = 3; lineStart = 3 }
    }

    @inline(__always) func peek(_ k: Int = 0) -> UInt8 { pos + k < n ? s[pos + k] : 0 }
    @inline(__always) var col: Int { pos - lineStart }

    mutating func error(_ message: String, at offset: Int? = nil, line errLine: Int? = nil, col errCol: Int? = nil) {
        let o = offset ?? pos
        let l = errLine ?? line
        let c = errCol ?? (o - lineStart)
        errors.append(Diagnostic(position: Position(line: l, column: max(0, c)), message: message))
        tokens.append(Token(kind: .error, start: Int32(o), end: Int32(o), line: Int32(l), col: Int32(max(0, c)),
                            endLine: Int32(l), endCol: Int32(max(0, c))))
    }

    @inline(__always) mutating func emit(_ kind: Tok, _ start: Int, _ sLine: Int, _ sCol: Int) {
        tokens.append(Token(kind: kind, start: Int32(start), end: Int32(pos), line: Int32(sLine), col: Int32(sCol),
                            endLine: Int32(line), endCol: Int32(pos - lineStart)))
        lineHasTokens = true
    }

    /// Offset of the first line ending (\n or \r) at or after `i`, or `n`; memchr, as comments run long.
    func lineEnd(from i: Int) -> Int {
        guard i < n, let base = s.baseAddress else { return n }
        var end = n
        if let nl = memchr(base + i, 10, n - i) { end = base.distance(to: nl.assumingMemoryBound(to: UInt8.self)) }
        if end > i, let cr = memchr(base + i, 13, end - i) { end = base.distance(to: cr.assumingMemoryBound(to: UInt8.self)) }
        return end
    }

    /// Consumes one line ending (\n, \r\n or \r) at `pos`.
    @inline(__always) mutating func newlineHere() {
        if s[pos] == 13 && pos + 1 < n && s[pos + 1] == 10 { pos += 2 } else { pos += 1 }
        line += 1
        lineStart = pos
    }

    /// Set once the end marker has been produced.
    var finished = false

    /// Advances the scan by one step (which may produce no token, one, or several such as DEDENTs).
    /// Returns false once the input is exhausted and the end marker emitted.
    mutating func step() -> Bool {
        if finished { return false }
        if let top = fmodes.last, brackets.count == top.depth {
            scanFStringLiteral(spec: false)
            return true
        }
        if let b = brackets.last, b.field, b.inSpec {
            scanFStringLiteral(spec: true)
            return true
        }
        if atLineStart && brackets.isEmpty {
            if !measureIndentation() { return true }
        }
        if pos >= n {
            finish()
            finished = true
            return false
        }
        scanToken()
        return true
    }

    /// Tokenizes everything (the parser instead pulls tokens as it goes).
    mutating func run() -> [Token] {
        while step() {}
        return tokens
    }

    /// At the start of a line: skips blank and comment-only lines, then emits INDENT/DEDENT.
    /// Returns false when it consumed a blank line (the caller loops again).
    mutating func measureIndentation() -> Bool {
        var c = 0, alt = 0
        // As in CPython, a backslash continuation inside the indentation fixes the level at the column of
        // the first backslash, unless that column is 0 (then the continuation line's indentation counts).
        var contCol = 0, contAlt = 0
        var continued = false
        while pos < n {
            let ch = s[pos]
            if ch == 32 { c += 1; alt += 1 } else if ch == 9 { c = (c / 8 + 1) * 8; alt += 1 } else if ch == 12 { c = 0; alt = 0 }
            else if ch == 92 && pos + 1 < n && (s[pos + 1] == 10 || s[pos + 1] == 13) {
                if contCol == 0 { contCol = c; contAlt = alt }
                continued = true
                pos += 1
                newlineHere()
                continue
            } else { break }
            pos += 1
        }
        if pos >= n {
            if continued { error("unexpected EOF while parsing") }
            atLineStart = false
            return true
        }
        let ch = s[pos]
        if ch == 35 || ch == 10 || ch == 13 {
            // Blank or comment-only line: no tokens, no indentation change.
            if ch == 35 { pos = lineEnd(from: pos) }
            if pos < n { newlineHere() }
            return false
        }
        if contCol != 0 { c = contCol; alt = contAlt }
        atLineStart = false
        if c == indents.last! {
            if alt != altIndents.last! { error("inconsistent use of tabs and spaces in indentation"); return true }
        } else if c > indents.last! {
            if indents.count > maxIndentDepth { error("too many levels of indentation"); return true }
            if alt <= altIndents.last! { error("inconsistent use of tabs and spaces in indentation"); return true }
            indents.append(c)
            altIndents.append(alt)
            tokens.append(Token(kind: .indent, start: Int32(pos), end: Int32(pos), line: Int32(line), col: 0,
                                endLine: Int32(line), endCol: Int32(col)))
        } else {
            while indents.count > 1 && c < indents.last! {
                indents.removeLast()
                altIndents.removeLast()
                tokens.append(Token(kind: .dedent, start: Int32(pos), end: Int32(pos), line: Int32(line), col: Int32(col),
                                    endLine: Int32(line), endCol: Int32(col)))
            }
            if c != indents.last! {
                error("unindent does not match any outer indentation level")
            } else if alt != altIndents.last! {
                error("inconsistent use of tabs and spaces in indentation")
            }
        }
        return true
    }

    mutating func finish() {
        if lineHasTokens {
            tokens.append(Token(kind: .newline, start: Int32(pos), end: Int32(pos), line: Int32(line), col: Int32(col),
                                endLine: Int32(line), endCol: Int32(col + 1)))
            lineHasTokens = false
        }
        if !fmodes.isEmpty {
            error("unterminated f-string literal")
        } else if let b = brackets.last {
            error("'\(Character(Unicode.Scalar(b.char)))' was never closed", at: nil, line: Int(b.line), col: Int(b.col))
        }
        let eofLine = lineStart == pos ? line : line + 1
        while indents.count > 1 {
            indents.removeLast()
            tokens.append(Token(kind: .dedent, start: Int32(pos), end: Int32(pos), line: Int32(eofLine), col: 0,
                                endLine: Int32(eofLine), endCol: 0))
        }
        tokens.append(Token(kind: .endMarker, start: Int32(pos), end: Int32(pos), line: Int32(eofLine), col: 0,
                            endLine: Int32(eofLine), endCol: 0))
    }

    /// One token (or whitespace, comment, line ending) in ordinary mode.
    mutating func scanToken() {
        var c = s[pos]
        // A run of blanks, then the token after it, in one call: `step` would come straight back here
        // (blanks change no mode), except where 3.11's f-string limit must be checked at each blank.
        if c == 32 && (version >= .v3_12 || fmodes.isEmpty) {
            repeat { pos += 1 } while pos < n && s[pos] == 32
            if pos >= n { return }
            c = s[pos]
        }
        let start = pos, sLine = line, sCol = pos - lineStart
        // 3.11: a replacement field may not run past the quote that ended the f-string back then.
        if version < .v3_12, let top = fmodes.last, pos >= top.limit {
            error("f-string: expecting '}'")
            recoverFromFString()
            return
        }
        switch c {
        case 32, 9, 12:
            pos += 1
        case 10, 13:
            if brackets.isEmpty {
                tokens.append(Token(kind: .newline, start: Int32(pos), end: Int32(pos + 1), line: Int32(line), col: Int32(sCol),
                                    endLine: Int32(line), endCol: Int32(sCol + 1)))
                lineHasTokens = false
                atLineStart = true
            } else if let top = fmodes.last, !top.triple, version < .v3_12 {
                error("f-string: expecting '}'")
            }
            newlineHere()
        case 35: // '#'
            if version < .v3_12 && !fmodes.isEmpty {
                error("f-string expression part cannot include '#'")
                recoverFromFString()
                return
            }
            pos = lineEnd(from: pos)
        case 92: // backslash
            if version < .v3_12 && !fmodes.isEmpty {
                error("f-string expression part cannot include a backslash")
                recoverFromFString()
                return
            }
            if pos + 1 < n && (s[pos + 1] == 10 || s[pos + 1] == 13) {
                pos += 1
                newlineHere()
                if pos >= n { error("unexpected EOF while parsing") }
            } else if pos + 1 >= n {
                pos += 1
                error("unexpected EOF while parsing")
            } else {
                pos += 1
                error("unexpected character after line continuation character", at: start)
            }
        case 39, 34: // quotes
            scanString(prefixStart: start, sLine: sLine, sCol: sCol)
        case 48...57:
            scanNumber(start, sLine, sCol)
        case 46: // '.'
            if pos + 1 < n && isDigit(s[pos + 1]) {
                scanNumber(start, sLine, sCol)
            } else if pos + 2 < n && s[pos + 1] == 46 && s[pos + 2] == 46 {
                pos += 3; emit(.ellipsis, start, sLine, sCol)
            } else {
                pos += 1; emit(.dot, start, sLine, sCol)
            }
        case 0:
            pos += 1
            error("source code cannot contain null bytes", at: start)
        default:
            if isIdentStart(c) {
                scanName(start, sLine, sCol)
            } else {
                scanOperator(start, sLine, sCol)
            }
        }
    }

    /// After a 3.11 f-string error: skip to the end of the innermost f-string and drop its state.
    mutating func recoverFromFString() {
        guard let top = fmodes.popLast() else { return }
        let end = top.limit == Int.max ? pos : top.limit
        while pos < min(end, n) {
            if s[pos] == 10 || s[pos] == 13 { newlineHere() } else { pos += 1 }
        }
        pos = min(n, pos + (top.triple ? 3 : 1))
        brackets.removeSubrange(min(top.depth, brackets.count)...)
    }

    mutating func scanName(_ start: Int, _ sLine: Int, _ sCol: Int) {
        var high: UInt8 = 0
        while pos < n {
            let ch = s[pos]
            if !isIdentChar(ch) { break }
            high |= ch
            pos += 1
        }
        let ascii = high < 128
        // String prefixes: up to two letters from r, b, u, f directly followed by a quote.
        let len = pos - start
        if len <= 2 && pos < n && (s[pos] == 39 || s[pos] == 34) && isStringPrefix(start, len) {
            scanString(prefixStart: start, sLine: sLine, sCol: sCol)
            return
        }
        if !ascii {
            if !validateIdentifier(start, sLine, sCol) { return }
        }
        if let kw = keywordKind(s, start, pos) {
            if !brackets.isEmpty && fmodes.isEmpty && startsStatementOnly(kw) && onlyWhitespaceBefore(start) {
                // A statement keyword at the start of a line can never be inside brackets: the bracket was
                // left open. Report it and close it here so the rest of the file is tokenized normally.
                let b = brackets[0]
                error("'\(Character(Unicode.Scalar(b.char)))' was never closed", at: nil, line: Int(b.line), col: Int(b.col))
                brackets.removeAll()
                tokens.append(Token(kind: .newline, start: Int32(start), end: Int32(start), line: Int32(sLine), col: Int32(sCol),
                                    endLine: Int32(sLine), endCol: Int32(sCol)))
                lineHasTokens = false
                atLineStart = true
                pos = lineStart
                return
            }
            emit(kw, start, sLine, sCol)
        } else {
            emit(.name, start, sLine, sCol)
        }
    }

    /// Keywords that begin statements and cannot occur inside any bracketed expression.
    func startsStatementOnly(_ k: Tok) -> Bool {
        switch k {
        case .kwDef, .kwClass, .kwReturn, .kwTry, .kwWhile, .kwWith, .kwPass, .kwBreak, .kwContinue, .kwRaise,
             .kwGlobal, .kwNonlocal, .kwDel, .kwAssert, .kwElif, .kwExcept, .kwFinally, .kwImport:
            return true
        default:
            return false
        }
    }

    func onlyWhitespaceBefore(_ offset: Int) -> Bool {
        var i = lineStart
        while i < offset {
            let c = s[i]
            if c != 32 && c != 9 && c != 12 { return false }
            i += 1
        }
        return true
    }

    func isStringPrefix(_ a: Int, _ len: Int) -> Bool {
        @inline(__always) func lower(_ c: UInt8) -> UInt8 { c | 0x20 }
        if len == 1 {
            let c = lower(s[a])
            return c == 114 || c == 98 || c == 117 || c == 102
        }
        let x = lower(s[a]), y = lower(s[a + 1])
        // rb br fr rf
        return (x == 114 && (y == 98 || y == 102)) || ((x == 98 || x == 102) && y == 114)
    }

    /// Checks a non-ASCII identifier against Unicode XID_Start/XID_Continue, as CPython does.
    mutating func validateIdentifier(_ start: Int, _ sLine: Int, _ sCol: Int) -> Bool {
        var i = start
        var first = true
        while i < pos {
            let (scalar, len) = decodeUTF8(s, i, pos)
            guard let sc = scalar else {
                error("invalid UTF-8 in identifier", at: i)
                return false
            }
            let ok: Bool
            if sc.value < 128 {
                ok = first ? isIdentStart(UInt8(sc.value)) && !isDigit(UInt8(sc.value)) : true
            } else {
                ok = first ? (sc.properties.isXIDStart || sc == "_") : sc.properties.isXIDContinue
            }
            if !ok {
                let hex = String(sc.value, radix: 16, uppercase: true)
                let padded = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                if sc.properties.generalCategory == .spaceSeparator || sc.properties.generalCategory == .control
                    || sc.properties.generalCategory == .format {
                    error("invalid non-printable character U+\(padded)", at: i)
                } else {
                    error("invalid character '\(Character(sc))' (U+\(padded))", at: i)
                }
                return false
            }
            first = false
            i += len
        }
        return true
    }

    mutating func scanOperator(_ start: Int, _ sLine: Int, _ sCol: Int) {
        let c = s[pos]
        let c1 = peek(1), c2 = peek(2)
        var kind: Tok
        var len = 1
        switch c {
        case 40: kind = .lpar
        case 41: kind = .rpar
        case 91: kind = .lsqb
        case 93: kind = .rsqb
        case 123: kind = .lbrace
        case 125: kind = .rbrace
        case 58:
            if let b = brackets.last, b.field, !b.inSpec {
                // The top-level ':' of a replacement field starts its format spec.
                pos += 1
                emit(.colon, start, sLine, sCol)
                brackets[brackets.count - 1].inSpec = true
                return
            }
            if c1 == 61 { kind = .colonEqual; len = 2 } else { kind = .colon }
        case 44: kind = .comma
        case 59: kind = .semi
        case 43: if c1 == 61 { kind = .plusEqual; len = 2 } else { kind = .plus }
        case 45:
            if c1 == 61 { kind = .minEqual; len = 2 } else if c1 == 62 { kind = .rarrow; len = 2 } else { kind = .minus }
        case 42:
            if c1 == 42 { if c2 == 61 { kind = .doubleStarEqual; len = 3 } else { kind = .doubleStar; len = 2 } }
            else if c1 == 61 { kind = .starEqual; len = 2 } else { kind = .star }
        case 47:
            if c1 == 47 { if c2 == 61 { kind = .doubleSlashEqual; len = 3 } else { kind = .doubleSlash; len = 2 } }
            else if c1 == 61 { kind = .slashEqual; len = 2 } else { kind = .slash }
        case 124: if c1 == 61 { kind = .vbarEqual; len = 2 } else { kind = .vbar }
        case 38: if c1 == 61 { kind = .amperEqual; len = 2 } else { kind = .amper }
        case 60:
            if c1 == 60 { if c2 == 61 { kind = .leftShiftEqual; len = 3 } else { kind = .leftShift; len = 2 } }
            else if c1 == 61 { kind = .lessEqual; len = 2 }
            else if c1 == 62 { kind = .notEqual; len = 2 } // `<>`: only valid under barry_as_FLUFL; the parser rejects it.
            else { kind = .less }
        case 62:
            if c1 == 62 { if c2 == 61 { kind = .rightShiftEqual; len = 3 } else { kind = .rightShift; len = 2 } }
            else if c1 == 61 { kind = .greaterEqual; len = 2 } else { kind = .greater }
        case 61: if c1 == 61 { kind = .eqEqual; len = 2 } else { kind = .equal }
        case 37: if c1 == 61 { kind = .percentEqual; len = 2 } else { kind = .percent }
        case 126: kind = .tilde
        case 94: if c1 == 61 { kind = .circumflexEqual; len = 2 } else { kind = .circumflex }
        case 64: if c1 == 61 { kind = .atEqual; len = 2 } else { kind = .at }
        case 33: if c1 == 61 { kind = .notEqual; len = 2 } else { kind = .exclamation }
        default:
            if c < 32 || c == 127 {
                error("invalid non-printable character U+\(c < 16 ? "000" : "00")\(String(c, radix: 16, uppercase: true))", at: start)
            } else {
                error("invalid character '\(Character(Unicode.Scalar(c)))' (U+00\(String(c, radix: 16, uppercase: true)))", at: start)
            }
            pos += 1
            return
        }
        if c == 60 && c1 == 62 {
            pos += 2
            error("invalid syntax", at: start)
            return
        }
        pos += len
        switch kind {
        case .lpar, .lsqb, .lbrace:
            if brackets.count >= maxBracketDepth {
                error("too many nested parentheses", at: start)
                return
            }
            brackets.append(Bracket(char: c, line: Int32(sLine), col: Int32(sCol), field: false, inSpec: false))
        case .rpar, .rsqb, .rbrace:
            let open: UInt8 = kind == .rpar ? 40 : kind == .rsqb ? 91 : 123
            guard let top = brackets.last else {
                error("unmatched '\(Character(Unicode.Scalar(c)))'", at: start)
                return
            }
            if top.char != open {
                if top.field {
                    error("f-string: unmatched '\(Character(Unicode.Scalar(c)))'", at: start)
                } else {
                    error("closing parenthesis '\(Character(Unicode.Scalar(c)))' does not match opening parenthesis '\(Character(Unicode.Scalar(top.char)))'", at: start)
                }
                return
            }
            brackets.removeLast()
        default:
            break
        }
        emit(kind, start, sLine, sCol)
    }

    mutating func scanNumber(_ start: Int, _ sLine: Int, _ sCol: Int) {
        /// Digits with single underscores between them; returns false on a misplaced underscore.
        func digits(_ t: inout Tokenizer, _ ok: (UInt8) -> Bool) -> Bool {
            while t.pos < t.n {
                let ch = t.s[t.pos]
                if ok(ch) { t.pos += 1; continue }
                if ch == 95 {
                    if t.pos + 1 < t.n && ok(t.s[t.pos + 1]) { t.pos += 2; continue }
                    return false
                }
                break
            }
            return true
        }
        let c = s[pos]
        var isFloat = false
        let base: UInt8 = peek(1) | 0x20
        if c == 48 && (base == 120 || base == 111 || base == 98) {
            pos += 2
            let ok: (UInt8) -> Bool
            if base == 120 { ok = isHexDigit } else if base == 111 { ok = isOctDigit } else { ok = isBinDigit }
            if peek() == 95 { pos += 1 }
            if pos >= n || !ok(s[pos]) {
                let name = base == 120 ? "hexadecimal" : base == 111 ? "octal" : "binary"
                if pos < n && isDigit(s[pos]) {
                    error("invalid digit '\(Character(Unicode.Scalar(s[pos])))' in \(name) literal", at: pos)
                } else {
                    error("invalid \(name) literal", at: pos)
                }
                skipNumberTail()
                return
            }
            if !digits(&self, ok) {
                error("invalid \(base == 120 ? "hexadecimal" : base == 111 ? "octal" : "binary") literal", at: pos)
                skipNumberTail(); return
            }
            if pos < n && isDigit(s[pos]) {
                error("invalid digit '\(Character(Unicode.Scalar(s[pos])))' in \(base == 111 ? "octal" : "binary") literal", at: pos)
                skipNumberTail(); return
            }
        } else {
            if c != 46 {
                if !digits(&self, isDigit) { error("invalid decimal literal", at: pos); skipNumberTail(); return }
            }
            if peek() == 46 {
                isFloat = true
                pos += 1
                if pos < n && isDigit(s[pos]) {
                    if !digits(&self, isDigit) { error("invalid decimal literal", at: pos); skipNumberTail(); return }
                }
            }
            if (peek() | 0x20) == 101 {
                // An exponent only if digits follow; `1else` is a number then a keyword.
                var k = 1
                if peek(1) == 43 || peek(1) == 45 { k = 2 }
                if isDigit(peek(k)) {
                    isFloat = true
                    pos += k
                    if !digits(&self, isDigit) { error("invalid decimal literal", at: pos); skipNumberTail(); return }
                } else if !isIdentStart(peek(1)) || k == 2 {
                    error("invalid decimal literal", at: pos)
                    skipNumberTail(); return
                }
            }
            if (peek() | 0x20) == 106 {
                pos += 1
            } else if !isFloat && c == 48 {
                // Leading zeros are allowed only for zero itself.
                var i = start
                while i < pos { if s[i] != 48 && s[i] != 95 { break }; i += 1 }
                if i < pos {
                    error("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", at: start)
                    skipNumberTail(); return
                }
            }
        }
        if pos < n && isIdentStart(s[pos]) && !followedByKeywordAllowedAfterNumber() {
            error("invalid decimal literal", at: pos)
            skipNumberTail()
            return
        }
        emit(.number, start, sLine, sCol)
    }

    /// CPython tolerates `1if x else y` and friends (with a warning): a keyword may touch a number.
    func followedByKeywordAllowedAfterNumber() -> Bool {
        for w in ["and", "else", "for", "if", "in", "is", "not", "or"] as [StaticString] {
            let len = w.utf8CodeUnitCount
            if pos + len > n { continue }
            var same = true
            for i in 0..<len where s[pos + i] != w.utf8Start[i] { same = false; break }
            if same { return true }
        }
        return false
    }

    mutating func skipNumberTail() {
        while pos < n && (isIdentChar(s[pos]) || s[pos] == 46) { pos += 1 }
    }

    /// Scans a string literal whose prefix (possibly empty) starts at `prefixStart` and whose quote is at `pos`.
    mutating func scanString(prefixStart: Int, sLine: Int, sCol: Int) {
        var isF = false, isRaw = false
        for i in prefixStart..<pos {
            let ch = s[i] | 0x20
            if ch == 102 { isF = true } else if ch == 114 { isRaw = true }
        }
        let q = s[pos]
        let triple = pos + 2 < n && s[pos + 1] == q && s[pos + 2] == q
        pos += triple ? 3 : 1
        if isF {
            var limit = Int.max
            if version < .v3_12 {
                // The old tokenizer found the end first; remember it, then tokenize the inside as 3.12 does
                // while refusing anything that crosses that end.
                let save = (pos, line, lineStart)
                if let end = scanStringBody(q, triple: triple, raw: isRaw, reportErrors: false) {
                    limit = end - (triple ? 3 : 1)
                }
                (pos, line, lineStart) = save
            }
            emit(.fstringStart, prefixStart, sLine, sCol)
            fmodes.append(FStringMode(quote: q, triple: triple, raw: isRaw, depth: brackets.count, limit: limit))
            return
        }
        if scanStringBody(q, triple: triple, raw: isRaw, reportErrors: true) != nil {
            if version < .v3_12 && !fmodes.isEmpty && s[prefixStart..<pos].contains(92) {
                error("f-string expression part cannot include a backslash", at: prefixStart)
                recoverFromFString()
                return
            }
            emit(.string, prefixStart, sLine, sCol)
        }
        if version < .v3_12, let top = fmodes.last, pos > top.limit {
            error("f-string: expecting '}'", at: prefixStart)
            recoverFromFString()
        }
    }

    /// Skips a string body up to and including the closing quote; returns the offset after it, or nil
    /// (with a diagnostic when `reportErrors`) if the string is unterminated.
    mutating func scanStringBody(_ q: UInt8, triple: Bool, raw: Bool, reportErrors: Bool) -> Int? {
        let startLine = line, startCol = pos - lineStart - (triple ? 3 : 1)
        while pos < n {
            let ch = s[pos]
            if ch == q {
                if !triple { pos += 1; return pos }
                if pos + 2 < n && s[pos + 1] == q && s[pos + 2] == q { pos += 3; return pos }
                pos += 1
            } else if ch == 92 {
                pos += 1
                if pos < n {
                    if s[pos] == 10 || s[pos] == 13 { newlineHere() } else { pos += 1 }
                }
            } else if ch == 10 || ch == 13 {
                if !triple {
                    if reportErrors {
                        error("unterminated string literal (detected at line \(line))", at: nil, line: startLine, col: startCol)
                    }
                    return nil
                }
                newlineHere()
            } else {
                pos += 1
            }
        }
        if reportErrors {
            if triple {
                error("unterminated triple-quoted string literal (detected at line \(line))", at: nil, line: startLine, col: startCol)
            } else {
                error("unterminated string literal (detected at line \(line))", at: nil, line: startLine, col: startCol)
            }
        }
        return nil
    }

    /// Literal text of the innermost f-string (or of a format spec): emits FSTRING_MIDDLE, then the
    /// token that ended it (`{`, `}` or FSTRING_END).
    mutating func scanFStringLiteral(spec: Bool) {
        let m = fmodes[fmodes.count - 1]
        let start = pos, sLine = line, sCol = pos - lineStart
        func flushMiddle(_ t: inout Tokenizer) {
            if t.pos > start { t.emit(.fstringMiddle, start, sLine, sCol) }
        }
        while true {
            if pos >= n {
                flushMiddle(&self)
                error(m.triple ? "unterminated triple-quoted f-string literal" : "unterminated f-string literal")
                fmodes.removeLast()
                brackets.removeSubrange(min(m.depth, brackets.count)...)
                return
            }
            let ch = s[pos]
            if ch == m.quote && (!m.triple || (pos + 2 < n && s[pos + 1] == m.quote && s[pos + 2] == m.quote)) {
                flushMiddle(&self)
                if spec {
                    error("f-string: expecting '}'")
                    // Close the field and the f-string so tokenizing can go on.
                    brackets.removeSubrange(min(m.depth, brackets.count)...)
                }
                let qs = pos, ql = line, qc = pos - lineStart
                pos += m.triple ? 3 : 1
                emit(.fstringEnd, qs, ql, qc)
                fmodes.removeLast()
                return
            }
            switch ch {
            case 92:
                pos += 1
                if pos < n {
                    if s[pos] == 10 || s[pos] == 13 {
                        newlineHere()
                    } else if !m.raw && s[pos] == 78 && pos + 1 < n && s[pos + 1] == 123 {
                        // \N{NAME}: the braces belong to the escape.
                        while pos < n && s[pos] != 125 && s[pos] != m.quote && s[pos] != 10 { pos += 1 }
                        if pos < n && s[pos] == 125 { pos += 1 }
                    } else if s[pos] != 123 && s[pos] != 125 {
                        pos += 1
                    }
                }
            case 10, 13:
                if !m.triple {
                    flushMiddle(&self)
                    error("unterminated f-string literal (detected at line \(line))", at: nil, line: sLine, col: sCol)
                    fmodes.removeLast()
                    brackets.removeSubrange(min(m.depth, brackets.count)...)
                    return
                }
                newlineHere()
            case 123:
                if !spec && pos + 1 < n && s[pos + 1] == 123 { pos += 2; continue }
                flushMiddle(&self)
                if brackets.count >= maxBracketDepth {
                    error("too many nested parentheses")
                    pos += 1
                    return
                }
                let bs = pos, bc = pos - lineStart
                pos += 1
                emit(.lbrace, bs, line, bc)
                brackets.append(Bracket(char: 123, line: Int32(line), col: Int32(bc), field: true, inSpec: false))
                return
            case 125:
                if spec {
                    flushMiddle(&self)
                    let bs = pos, bc = pos - lineStart
                    pos += 1
                    emit(.rbrace, bs, line, bc)
                    brackets.removeLast()
                    return
                }
                if pos + 1 < n && s[pos + 1] == 125 { pos += 2; continue }
                flushMiddle(&self)
                error("f-string: single '}' is not allowed")
                pos += 1
                return
            default:
                pos += 1
            }
        }
    }
}

/// Decodes one UTF-8 scalar at `i` (bounded by `end`); nil scalar for invalid bytes, with length 1.
func decodeUTF8(_ s: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> (Unicode.Scalar?, Int) {
    let b0 = UInt32(s[i])
    if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
    var len = 0
    var v: UInt32 = 0
    if b0 & 0xE0 == 0xC0 { len = 2; v = b0 & 0x1F } else if b0 & 0xF0 == 0xE0 { len = 3; v = b0 & 0x0F } else if b0 & 0xF8 == 0xF0 { len = 4; v = b0 & 0x07 } else { return (nil, 1) }
    if i + len > end { return (nil, 1) }
    for k in 1..<len {
        let b = UInt32(s[i + k])
        if b & 0xC0 != 0x80 { return (nil, 1) }
        v = (v << 6) | (b & 0x3F)
    }
    // Reject overlong forms and surrogates.
    if (len == 2 && v < 0x80) || (len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)) { return (nil, 1) }
    guard let sc = Unicode.Scalar(v) else { return (nil, 1) }
    return (sc, len)
}
