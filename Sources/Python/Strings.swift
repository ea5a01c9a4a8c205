import Foundation
/// String literals: implicit concatenation, escape decoding, bytes, and f-strings (JoinedStr /
/// FormattedValue) assembled from the tokenizer's FSTRING_START/MIDDLE/END and replacement-field tokens.
extension Parser {
    /// Adjacent string tokens form one constant, or one JoinedStr if any of them is an f-string.
    mutating func parseStrings() throws -> Expr {
        // Most literals stand alone and hold no escape: take their text straight from the source.
        let t0 = tok
        if t0.kind == .string, peekKind(1) != .string, peekKind(1) != .fstringStart {
            let (isBytes, _, bodyStart, bodyEnd) = stringShape(t0)
            if !isBytes {
                var plain = true
                var high: UInt8 = 0
                for i in bodyStart..<bodyEnd {
                    let x = src[i]
                    if x == 92 || x == 13 { plain = false; break }
                    high |= x
                }
                if plain && (high < 0x80 || firstInvalidUTF8(bodyStart, bodyEnd) == nil) {
                    advance()
                    let text = String(decoding: UnsafeBufferPointer(rebasing: src[bodyStart..<bodyEnd]), as: UTF8.self)
                    return Expr(.constant(.string(text)), Span(start: t0.startPos, end: prevEnd))
                }
            }
        }
        let start = startPos
        var parts: [Expr] = []
        var text: [UInt8] = []
        var textStart: Position? = nil
        var textEnd = start
        var sawBytes = false, sawText = false, sawF = false
        func flushText(_ parts: inout [Expr], _ text: inout [UInt8], _ textStart: inout Position?, _ end: Position) {
            if let ts = textStart, !text.isEmpty {
                parts.append(Expr(.constant(.string(String(decoding: text, as: UTF8.self))), Span(start: ts, end: end)))
            }
            text.removeAll(keepingCapacity: true)
            textStart = nil
        }
        while kind == .string || kind == .fstringStart {
            let t = tok
            if t.kind == .string {
                let (isBytes, raw, bodyStart, bodyEnd) = stringShape(t)
                if isBytes { sawBytes = true } else { sawText = true }
                if sawBytes && sawText { throw fail("cannot mix bytes and nonbytes literals", at: t.startPos) }
                if isBytes {
                    for i in bodyStart..<bodyEnd where src[i] >= 128 {
                        throw fail("bytes can only contain ASCII literal characters", at: t.startPos)
                    }
                }
                if textStart == nil { textStart = t.startPos }
                try decodeEscapes(bodyStart, bodyEnd, raw: raw, isBytes: isBytes, fstring: false, into: &text, at: t.startPos)
                textEnd = t.endPos
                advance()
            } else {
                sawF = true
                sawText = true
                if sawBytes { throw fail("cannot mix bytes and nonbytes literals", at: t.startPos) }
                var raw = false
                for i in Int(t.start)..<Int(t.end) where src[i] | 0x20 == UInt8(ascii: "r") { raw = true }
                advance()
                while true {
                    let m = tok
                    if m.kind == .fstringMiddle {
                        if textStart == nil { textStart = m.startPos }
                        try decodeEscapes(Int(m.start), Int(m.end), raw: raw, isBytes: false, fstring: true, into: &text, at: m.startPos)
                        textEnd = m.endPos
                        advance()
                    } else if m.kind == .lbrace {
                        flushText(&parts, &text, &textStart, textEnd)
                        try parseReplacementField(raw: raw, into: &parts)
                    } else if m.kind == .fstringEnd {
                        advance()
                        break
                    } else {
                        throw failHere()
                    }
                }
            }
        }
        let span = Span(start: start, end: prevEnd)
        if sawF {
            flushText(&parts, &text, &textStart, textEnd)
            return Expr(.joinedStr(parts), span)
        }
        if sawBytes { return Expr(.constant(.bytes(text)), span) }
        return Expr(.constant(.string(String(decoding: text, as: UTF8.self))), span)
    }

    /// Prefix flags and body byte range of a (non-f) string token.
    func stringShape(_ t: Token) -> (isBytes: Bool, raw: Bool, bodyStart: Int, bodyEnd: Int) {
        var i = Int(t.start)
        var isBytes = false, raw = false
        while src[i] != 39 && src[i] != 34 {
            let c = src[i] | 0x20
            if c == UInt8(ascii: "b") { isBytes = true } else if c == UInt8(ascii: "r") { raw = true }
            i += 1
        }
        let q = src[i]
        let end = Int(t.end)
        let triple = end - i >= 6 && src[i + 1] == q && src[i + 2] == q
        let ql = triple ? 3 : 1
        return (isBytes, raw, i + ql, end - ql)
    }

    /// One `{expr=!r:spec}` replacement field; appends the debug text (for `=`) and the FormattedValue.
    mutating func parseReplacementField(raw: Bool, into parts: inout [Expr], specDepth: Int = 0) throws {
        let lb = tok
        // Fields nest inside format specs at most one level deep in 3.11, two in 3.12.
        if specDepth > (version >= .v3_12 ? 2 : 1) {
            throw failHere("f-string: expressions nested too deeply")
        }
        advance()
        try enter()
        defer { depth -= 1 }
        if kind == .rbrace || kind == .exclamation || kind == .colon || kind == .equal {
            throw failHere("f-string: valid expression required before '\(text(tok))'")
        }
        let exprStart = tok
        var value = kind == .kwYield ? try parseYieldExpression() : try parseStarExpressions()
        var debugText: String? = nil
        if kind == .equal {
            advance()
            // The text between `{` and the next token, spaces included, as CPython keeps it.
            let a = Int(lb.end), b = Int(tok.start)
            debugText = String(decoding: UnsafeBufferPointer(rebasing: src[a..<max(a, b)]), as: UTF8.self)
        }
        var conversion = -1
        if kind == .exclamation {
            advance()
            guard kind == .name, tok.start == token(p - 1).end else {
                throw failHere("f-string: missing conversion character")
            }
            let c = text(tok)
            switch c {
            case "s", "r", "a": conversion = Int(c.unicodeScalars.first!.value)
            default: throw failHere("f-string: invalid conversion character '\(c)': expected 's', 'r', or 'a'")
            }
            advance()
        }
        var spec: Expr? = nil
        if kind == .colon {
            let colon = tok
            advance()
            var specParts: [Expr] = []
            var text: [UInt8] = []
            var textStart: Position? = nil
            var textEnd = colon.endPos
            while true {
                if kind == .fstringMiddle {
                    let m = tok
                    if textStart == nil { textStart = m.startPos }
                    try decodeEscapes(Int(m.start), Int(m.end), raw: raw, isBytes: false, fstring: true, into: &text, at: m.startPos)
                    textEnd = m.endPos
                    advance()
                } else if kind == .lbrace {
                    if let ts = textStart, !text.isEmpty {
                        specParts.append(Expr(.constant(.string(String(decoding: text, as: UTF8.self))), Span(start: ts, end: textEnd)))
                    }
                    text.removeAll()
                    textStart = nil
                    try parseReplacementField(raw: raw, into: &specParts, specDepth: specDepth + 1)
                } else {
                    break
                }
            }
            if let ts = textStart, !text.isEmpty {
                specParts.append(Expr(.constant(.string(String(decoding: text, as: UTF8.self))), Span(start: ts, end: textEnd)))
            }
            spec = Expr(.joinedStr(specParts), Span(start: colon.endPos, end: tok.startPos))
        }
        guard kind == .rbrace else { throw failHere("f-string: expecting '}'") }
        if version < .v3_12, exprStart.kind != .lpar, case .tuple = value.kind {
            // Python 3.11 parsed a field as if wrapped in parentheses, which it placed on the braces.
            value.span = Span(start: lb.startPos, end: tok.endPos)
        }
        advance()
        if debugText != nil && conversion == -1 && spec == nil { conversion = Int(UInt8(ascii: "r")) }
        let span = Span(start: lb.startPos, end: prevEnd)
        if let d = debugText {
            // Merge with a preceding literal, as CPython does.
            if let last = parts.last, case .constant(.string(let s)) = last.kind {
                parts[parts.count - 1] = Expr(.constant(.string(s + d)), Span(start: last.span.start, end: span.start))
            } else {
                parts.append(Expr(.constant(.string(d)), span))
            }
        }
        parts.append(Expr(.formattedValue(value: value, conversion: conversion, formatSpec: spec), span))
    }

    /// Offset of the first byte in `a..<b` that is not valid UTF-8, if any.
    func firstInvalidUTF8(_ a: Int, _ b: Int) -> Int? {
        var k = a
        while k < b {
            if src[k] < 0x80 { k += 1; continue }
            let (scalar, len) = decodeUTF8(src, k, b)
            if scalar == nil { return k }
            k += len
        }
        return nil
    }

    /// Decodes the body of a string literal (escapes unless raw; `{{`/`}}` in f-strings) into UTF-8 bytes.
    func decodeEscapes(_ a: Int, _ b: Int, raw: Bool, isBytes: Bool, fstring: Bool, into out: inout [UInt8], at pos: Position) throws {
        var i = a
        @inline(__always) func appendScalar(_ v: UInt32, _ out: inout [UInt8]) {
            if isBytes { out.append(UInt8(truncatingIfNeeded: v)); return }
            let sc = Unicode.Scalar(v) ?? "\u{FFFD}"
            out.append(contentsOf: Array(String(Character(sc)).utf8))
        }
        func hexValue(_ c: UInt8) -> UInt32? {
            switch c {
            case 48...57: return UInt32(c - 48)
            case 97...102: return UInt32(c - 87)
            case 65...70: return UInt32(c - 55)
            default: return nil
            }
        }
        while i < b {
            // Copy the run of bytes that need no decoding in one go.
            var j = i
            var high: UInt8 = 0
            while j < b {
                let x = src[j]
                if x == 92 || x == 13 || (fstring && (x == 123 || x == 125)) { break }
                high |= x
                j += 1
            }
            if j > i {
                // CPython checks UTF-8 inside string literals (though not inside comments).
                if !isBytes && high >= 0x80 && firstInvalidUTF8(i, j) != nil {
                    throw SyntaxError(position: pos, message: "(unicode error) 'utf-8' codec can't decode byte")
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: src[i..<j]))
                i = j
                if i >= b { break }
            }
            let c = src[i]
            if fstring && (c == 123 || c == 125) && i + 1 < b && src[i + 1] == c {
                out.append(c)
                i += 2
                continue
            }
            if c == 13 {
                // Newlines inside strings are normalized to \n, as CPython reads source.
                out.append(10)
                i += (i + 1 < b && src[i + 1] == 10) ? 2 : 1
                continue
            }
            if c != 92 || raw {
                if raw && c == 92 && i + 1 < b {
                    out.append(c)
                    // A brace after a backslash is still a brace ({{ stays an escaped brace). A character
                    // outside ASCII is copied (and its UTF-8 checked) whole with the run after it: taking
                    // only its first byte here left the rest looking like broken UTF-8.
                    if src[i + 1] == 13 || src[i + 1] >= 0x80 || (fstring && (src[i + 1] == 123 || src[i + 1] == 125)) { i += 1; continue }
                    out.append(src[i + 1])
                    i += 2
                    continue
                }
                out.append(c)
                i += 1
                continue
            }
            // Backslash escape.
            i += 1
            if i >= b { out.append(92); break }
            if fstring && (src[i] == 123 || src[i] == 125) { out.append(92); continue }
            let e = src[i]
            i += 1
            switch e {
            case 10: break
            case 13: if i < b && src[i] == 10 { i += 1 }
            case 92: out.append(92)
            case 39: out.append(39)
            case 34: out.append(34)
            case UInt8(ascii: "a"): out.append(7)
            case UInt8(ascii: "b"): out.append(8)
            case UInt8(ascii: "f"): out.append(12)
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "v"): out.append(11)
            case 48...55:
                var v = UInt32(e - 48)
                var k = 0
                while k < 2 && i < b && src[i] >= 48 && src[i] <= 55 { v = v * 8 + UInt32(src[i] - 48); i += 1; k += 1 }
                appendScalar(v, &out)
            case UInt8(ascii: "x"):
                guard i + 1 < b, let h1 = hexValue(src[i]), let h2 = hexValue(src[i + 1]) else {
                    throw SyntaxError(position: pos, message: "(unicode error) truncated \\xXX escape")
                }
                i += 2
                appendScalar(h1 * 16 + h2, &out)
            case UInt8(ascii: "u") where !isBytes, UInt8(ascii: "U") where !isBytes:
                let count = e == UInt8(ascii: "u") ? 4 : 8
                var v: UInt32 = 0
                for _ in 0..<count {
                    guard i < b, let h = hexValue(src[i]) else {
                        throw SyntaxError(position: pos, message: "(unicode error) truncated \\\(count == 4 ? "uXXXX" : "UXXXXXXXX") escape")
                    }
                    v = v &* 16 &+ h
                    i += 1
                }
                if v > 0x10FFFF { throw SyntaxError(position: pos, message: "(unicode error) illegal Unicode character") }
                appendScalar(v, &out)
            case UInt8(ascii: "N") where !isBytes:
                guard i < b, src[i] == 123 else { throw SyntaxError(position: pos, message: "(unicode error) malformed \\N character escape") }
                var j = i + 1
                while j < b && src[j] != 125 { j += 1 }
                if j >= b || j == i + 1 { throw SyntaxError(position: pos, message: "(unicode error) malformed \\N character escape") }
                let name = String(decoding: UnsafeBufferPointer(rebasing: src[(i + 1)..<j]), as: UTF8.self)
                guard let v = unicodeScalarNamed(name) else {
                    throw SyntaxError(position: pos, message: "(unicode error) unknown Unicode character name")
                }
                appendScalar(v, &out)
                i = j + 1
            default:
                // Unknown escapes stay as written (CPython only warns); the character after the backslash
                // (possibly multi-byte) is then copied as usual.
                out.append(92)
                i -= 1
            }
        }
    }
}

/// Unicode names (and name aliases) to code points, filled only as far as lookups need: building the
/// whole table (every scalar's name) cost more than parsing a big file, for the one `\N{...}` in it.
/// Scalars are named in an order that reaches the common ones first; the answer is the same as from the
/// full table, since a name is unique and an alias only counts once no later name can take it.
private final class ScalarNames: @unchecked Sendable {
    private let lock = NSLock()
    /// Value: the code point, with `aliasBit` set for an entry that came from a name alias.
    private var table: [String: UInt32] = [:]
    private static let aliasBit: UInt32 = 1 << 31
    /// The scalars named so far: a prefix of `order`, up to `next` in range `rangeIndex`.
    private var rangeIndex = 0
    private var next: UInt32 = 0
    /// Planes 4-13 and the private-use planes hold no named characters. BMP and plane 1 first (outside
    /// the CJK and Hangul blocks), where nearly every name in real source lives.
    private static let order: [ClosedRange<UInt32>] = [
        0...0x33FF, 0xA000...0xABFF, 0xD7A4...0x1FFFF, 0x3400...0x9FFF, 0xAC00...0xD7A3,
        0x20000...0x3FFFF, 0xE0000...0xE01EF,
    ]

    init() { next = Self.order[0].lowerBound }

    func lookup(_ key: String) -> UInt32? {
        lock.lock()
        defer { lock.unlock() }
        while true {
            if let v = table[key], v & Self.aliasBit == 0 { return v }
            if !nameMore() { break }
        }
        return table[key].map { $0 & ~Self.aliasBit }
    }

    /// Names the next few thousand scalars; false once every scalar is named.
    private func nameMore() -> Bool {
        var budget = 4096
        while rangeIndex < Self.order.count {
            let r = Self.order[rangeIndex]
            while next <= r.upperBound {
                let v = next
                next += 1
                if let sc = Unicode.Scalar(v) {
                    if let n = sc.properties.name { table[n] = v }
                    // The full table kept the lowest scalar's alias unless a name took the key.
                    if let a = sc.properties.nameAlias {
                        if let old = table[a] {
                            if old & Self.aliasBit != 0 && v < old & ~Self.aliasBit { table[a] = v | Self.aliasBit }
                        } else {
                            table[a] = v | Self.aliasBit
                        }
                    }
                }
                budget -= 1
                if budget == 0 { return true }
            }
            rangeIndex += 1
            if rangeIndex < Self.order.count { next = Self.order[rangeIndex].lowerBound }
        }
        return budget < 4096
    }
}

private let scalarNames = ScalarNames()

/// The code point of a Unicode character name, ignoring case as CPython does.
func unicodeScalarNamed(_ name: String) -> UInt32? {
    scalarNames.lookup(name.uppercased())
}
