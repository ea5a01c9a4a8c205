// Python: the tokenizer, parser and AST of Python source (the grammars of CPython 3.12 and 3.11). It
// imports only LargeStack, and knows nothing of rules, findings or git.

/// Entry point of the Python front end. The tokenizer, statement, expression, pattern and string
/// parsers live in their own files; this one holds the shared parser state and the public API.
import Foundation
// Parsing runs on LargeStack's threads, and so do the rules' walks over the tree it returns: whoever
// parses gets the runner with the parser.
@_exported import LargeStack

public struct Diagnostic: Sendable, Hashable {
    public var position: Position
    public var message: String
    public init(position: Position, message: String) { self.position = position; self.message = message }
}

public struct ParseResult: Sendable {
    /// The statements that parsed; after a syntax error, parsing resumes at the next statement.
    public var module: Module
    /// Empty when the file is valid Python.
    public var diagnostics: [Diagnostic]
    public init(module: Module, diagnostics: [Diagnostic]) { self.module = module; self.diagnostics = diagnostics }
}

/// Parses Python 3.12 source (UTF-8 bytes, any line endings, optional BOM). Never traps.
public func parseModule(_ source: [UInt8]) -> ParseResult {
    parseModule(source, version: .v3_12)
}

/// Parses Python source following the grammar of `version`. Never traps: deep nesting is refused with a
/// diagnostic, and parsing runs on a thread with a large stack so callers on small-stack threads are safe.
public func parseModule(_ source: [UInt8], version: PythonVersion) -> ParseResult {
    if source.count > Int(Int32.max) / 2 {
        return ParseResult(module: Module(body: []),
                           diagnostics: [Diagnostic(position: Position(line: 1, column: 0), message: "source too large")])
    }
    return onLargeStack(bytes: parserStackSize) { parseOnCurrentThread(source, version: version) }
}

func parseOnCurrentThread(_ original: [UInt8], version: PythonVersion) -> ParseResult {
    let (source, encodingError) = sourceAsUTF8(original)
    return source.withUnsafeBufferPointer { buf in
        var parser = Parser(src: buf, lexer: Tokenizer(buf, version: version), version: version)
        if let e = encodingError { parser.diagnostics.append(e) }
        // CPython refuses a NUL byte anywhere, even in a comment or string.
        if let nul = buf.firstIndex(of: 0) {
            parser.diagnostics.append(Diagnostic(position: positionOf(nul, in: source), message: "source code cannot contain null bytes"))
        }
        let body = parser.parseFile()
        var diags = parser.diagnostics + parser.lexer.errors
        diags.sort { $0.position < $1.position }
        // The same spot can be reported twice (say, a NUL byte by the tokenizer and by the check above).
        diags = diags.enumerated().filter { i, d in i == 0 || diags[i - 1] != d }.map(\.element)
        return ParseResult(module: Module(body: body), diagnostics: diags)
    }
}

/// The parser's recursion is bounded (brackets, indentation, expression depth), but a debug build's
/// frames are large; a dedicated thread with a generous stack makes the bound safe wherever we are called.
let parserStackSize = 64 << 20

struct SyntaxError: Error {
    var position: Position
    var message: String
    /// Set when the tokenizer already reported this spot.
    var fromTokenizer = false
}

/// Trees deeper than this are refused (CPython refuses near 3000 too); it bounds recursion in the parser,
/// in tree traversals and in the release of the tree.
let maxExpressionDepth = 1000

struct Parser {
    let src: UnsafeBufferPointer<UInt8>
    /// Tokens are pulled on demand into `lexer.tokens`, which holds the tokens from absolute index
    /// `base` on; consumed statements are dropped so a huge file never holds all its tokens at once.
    var lexer: Tokenizer
    var base = 0
    let version: PythonVersion
    var p = 0
    var prevEnd = Position(line: 1, column: 0)
    var depth = 0
    var diagnostics: [Diagnostic] = []
    /// Nonzero while an attempt may rewind `p` (parenthesized `with`, `match` subject): no discarding then.
    var backtracking = 0
    var names = NameTable()
    /// Elements of the lists being parsed, innermost last: each list is copied out once at its exact
    /// size, instead of growing its own array by doubling (a malloc and a copy per doubling).
    var scratch: [Expr] = []

    init(src: UnsafeBufferPointer<UInt8>, lexer: Tokenizer, version: PythonVersion) {
        self.src = src
        self.lexer = lexer
        self.version = version
        // Consumed tokens are dropped past 4096 (see `discardConsumed`): room for that many up front
        // spares the array's doublings and copies; a small file gets about one slot per 4 bytes.
        self.lexer.tokens.reserveCapacity(min(src.count / 4 + 64, 8192))
        fill(upTo: 2)
    }

    /// Makes sure the token at absolute index `i` exists (unless the input ended before it).
    @inline(__always) mutating func fill(upTo i: Int) {
        while base + lexer.tokens.count <= i && lexer.step() {}
    }

    /// The token at absolute index `i`; callers stay within the current statement and two tokens ahead.
    @inline(__always) func token(_ i: Int) -> Token { lexer.tokens[i - base] }

    /// Drops tokens already consumed (keeping the previous one), once enough have piled up. Safe anywhere
    /// except during an attempt that may rewind; so a 50 MB list literal does not keep all its tokens.
    @inline(__always) mutating func discardConsumed() {
        let drop = p - base - 1
        if drop >= 4096 && backtracking == 0 {
            lexer.tokens.removeFirst(drop)
            base += drop
        }
    }

    @inline(__always) var tok: Token { token(p) }
    @inline(__always) var kind: Tok { token(p).kind }
    @inline(__always) func peekKind(_ k: Int) -> Tok {
        let i = p + k - base
        return i < lexer.tokens.count ? lexer.tokens[i].kind : .endMarker
    }
    @inline(__always) var startPos: Position { token(p).startPos }

    @inline(__always) mutating func advance() {
        let t = token(p)
        switch t.kind {
        case .endMarker: return
        case .newline, .indent, .dedent: break
        default: prevEnd = t.endPos
        }
        p += 1
        fill(upTo: p + 2)
    }

    @inline(__always) mutating func accept(_ k: Tok) -> Bool {
        if token(p).kind == k { advance(); return true }
        return false
    }

    mutating func expect(_ k: Tok, _ what: String) throws {
        if token(p).kind == k { advance(); return }
        throw failHere("expected '\(what)'")
    }

    /// A syntax error at the current token; if the tokenizer flagged it, its message wins.
    func failHere(_ message: String = "invalid syntax") -> SyntaxError {
        let t = token(p)
        if t.kind == .error { return SyntaxError(position: t.startPos, message: message, fromTokenizer: true) }
        if t.kind == .indent { return SyntaxError(position: t.startPos, message: "unexpected indent") }
        return SyntaxError(position: t.startPos, message: message)
    }

    func fail(_ message: String, at pos: Position) -> SyntaxError {
        if token(p).kind == .error { return SyntaxError(position: token(p).startPos, message: message, fromTokenizer: true) }
        return SyntaxError(position: pos, message: message)
    }

    mutating func enter() throws {
        depth += 1
        if depth > maxExpressionDepth {
            throw SyntaxError(position: startPos, message: "too many nested expressions")
        }
    }

    @inline(__always) func text(_ t: Token) -> String { tokenText(t, src) }

    /// The elements pushed on `scratch` since `mark`, as an array; pops them.
    mutating func takeScratch(from mark: Int) -> [Expr] {
        let count = scratch.count - mark
        // Copied element by element: `Array(scratch[mark...])` would share the scratch buffer whenever
        // the list starts at 0, and the next push would then copy the whole scratch.
        let list = [Expr](unsafeUninitializedCapacity: count) { buf, n in
            scratch.withUnsafeBufferPointer { all in
                _ = buf.initialize(from: UnsafeBufferPointer(rebasing: all[mark...]))
            }
            n = count
        }
        scratch.removeLast(count)
        return list
    }

    /// After a caught error: drops what the failed attempt left on `scratch`.
    @inline(__always) mutating func resetScratch(to mark: Int) {
        if scratch.count > mark { scratch.removeSubrange(mark...) }
    }

    /// Is the current token the name `word` (for soft keywords)?
    func isName(_ word: StaticString, at k: Int = 0) -> Bool {
        let i = p + k
        guard i - base < lexer.tokens.count, token(i).kind == .name else { return false }
        let t = token(i)
        let len = Int(t.end - t.start)
        if len != word.utf8CodeUnitCount { return false }
        let w = word.utf8Start
        for j in 0..<len where src[Int(t.start) + j] != w[j] { return false }
        return true
    }

    /// The text of a name token, shared by every occurrence of the same spelling in the file: building
    /// a String per occurrence (and a heap copy for names over 15 bytes) was much of the parse.
    @inline(__always) mutating func name(_ t: Token) -> String {
        names.string(for: t, in: src)
    }

    mutating func expectName() throws -> (String, Token) {
        let t = token(p)
        guard t.kind == .name else { throw failHere("expected a name") }
        advance()
        return (name(t), t)
    }

    /// Parses the whole file; statements that fail are reported and skipped.
    mutating func parseFile() -> [Stmt] {
        var body: [Stmt] = []
        while kind != .endMarker {
            // A DEDENT can be left over here after an error inside an indented region.
            if kind == .newline || kind == .dedent { advance(); continue }
            parseStatementRecovering(into: &body)
        }
        return body
    }

    /// Parses one statement (a line of simple statements or a compound statement) into `body`;
    /// on a syntax error, records it and skips to the next statement at this level.
    mutating func parseStatementRecovering(into body: inout [Stmt]) {
        discardConsumed()
        let start = p
        let savedDepth = depth
        let mark = scratch.count
        do {
            try parseStatement(into: &body)
        } catch let e as SyntaxError {
            depth = savedDepth
            resetScratch(to: mark)
            // The tokenizer already reported its own errors.
            if !e.fromTokenizer { diagnostics.append(Diagnostic(position: e.position, message: e.message)) }
            recover(from: start)
        } catch {
            depth = savedDepth
            resetScratch(to: mark)
            recover(from: start)
        }
    }

    /// Skips to the end of the current logical line, and past any indented block that follows it
    /// (the body of a compound statement whose header failed).
    mutating func recover(from start: Int) {
        var nest = 0
        var skipped = 0
        while kind != .endMarker {
            skipped += 1
            if skipped & 4095 == 0 { discardConsumed() }
            let k = kind
            if k == .indent { nest += 1 } else if k == .dedent {
                if nest == 0 { break }
                nest -= 1
                if nest == 0 && p > start { advance(); if kind != .indent { break }; continue }
            } else if k == .newline && nest == 0 {
                advance()
                if kind == .indent { continue }
                break
            }
            advance()
        }
        // Always make progress, whatever the error.
        if p == start && kind != .endMarker { advance() }
    }
}

/// A token's text; identifiers are NFKC-normalized as CPython does (only non-ASCII ones can change).
func tokenText(_ t: Token, _ src: UnsafeBufferPointer<UInt8>) -> String {
    let bytes = UnsafeBufferPointer(rebasing: src[Int(t.start)..<Int(t.end)])
    let s = String(decoding: bytes, as: UTF8.self)
    if t.kind == .name && bytes.contains(where: { $0 >= 0x80 }) {
        return s.precomposedStringWithCompatibilityMapping
    }
    return s
}

/// Interned name texts keyed by their source bytes. A name of up to 16 bytes is keyed by those bytes
/// packed into two integers (names hold no NUL byte, so the zero padding is unambiguous): a lookup is a
/// couple of loads, a multiply and a compare, cheaper than building even a small String. Longer names
/// are compared in place in the source, and sharing them saves a heap copy each.
struct NameTable {
    private struct Entry {
        var k0: UInt64
        var k1: UInt64
        var start: Int32
        var length: Int32
        var text: String
    }
    /// 1 + the entry's index; 0 when empty.
    private var slots: [Int32]
    private var entries: [Entry] = []
    private var mask: Int

    init() {
        slots = Array(repeating: 0, count: 512)
        mask = 511
    }

    @inline(__always) private static func slot(_ k0: UInt64, _ k1: UInt64, _ len: Int) -> Int {
        var h = (k0 ^ (k1 &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(len)) &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 29
        return Int(truncatingIfNeeded: h)
    }

    /// The first `len` (at most 8) bytes at `p` as a little-endian integer, zero-padded.
    @inline(__always) private static func pack(_ p: UnsafePointer<UInt8>, _ len: Int, wholeWordReadable: Bool) -> UInt64 {
        if len <= 0 { return 0 }
        if wholeWordReadable {
            let w = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
            return len >= 8 ? w : w & ((1 << UInt64(8 * len)) &- 1)
        }
        var v: UInt64 = 0
        for i in 0..<min(len, 8) { v |= UInt64(p[i]) << UInt64(8 * i) }
        return v
    }

    mutating func string(for t: Token, in src: UnsafeBufferPointer<UInt8>) -> String {
        let a = Int(t.start), len = Int(t.end) - a
        guard let base = src.baseAddress, len > 0 else { return tokenText(t, src) }
        let p = base + a
        var k0: UInt64 = 0, k1: UInt64 = 0
        if len <= 16 {
            k0 = Self.pack(p, len, wholeWordReadable: a + 8 <= src.count)
            k1 = Self.pack(p + 8, len - 8, wholeWordReadable: a + 16 <= src.count)
        } else {
            // Long names: hash every byte, compare in place.
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            for i in 0..<len { h = (h ^ UInt64(p[i])) &* 0x100_0000_01B3 }
            k0 = h
        }
        var i = Self.slot(k0, k1, len) & mask
        while true {
            let e = Int(slots[i])
            if e == 0 { break }
            let k = e - 1
            if entries[k].k0 == k0 && entries[k].k1 == k1 && Int(entries[k].length) == len {
                if len <= 16 || memcmp(base + Int(entries[k].start), p, len) == 0 { return entries[k].text }
            }
            i = (i + 1) & mask
        }
        let text = tokenText(t, src)
        entries.append(Entry(k0: k0, k1: k1, start: Int32(a), length: Int32(len), text: text))
        slots[i] = Int32(entries.count)
        if entries.count * 2 > mask { grow() }
        return text
    }

    private mutating func grow() {
        mask = mask * 2 + 1
        slots = Array(repeating: 0, count: mask + 1)
        for (k, e) in entries.enumerated() {
            var i = Self.slot(e.k0, e.k1, Int(e.length)) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = Int32(k + 1)
        }
    }
}
