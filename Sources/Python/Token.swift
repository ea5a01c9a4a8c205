/// Token kinds of Python's lexical grammar. Keywords get their own kinds so the parser compares
/// small integers instead of bytes; soft keywords (match, case, type, _) stay names.
enum Tok: UInt8 {
    case endMarker, newline, indent, dedent, name, number, string
    case fstringStart, fstringMiddle, fstringEnd
    /// A lexical error; its message is in `Tokenizer.errors` at the same offset.
    case error
    // Operators and delimiters.
    case lpar, rpar, lsqb, rsqb, lbrace, rbrace, colon, comma, semi
    case plus, minus, star, slash, vbar, amper, less, greater, equal, dot, percent
    case eqEqual, notEqual, lessEqual, greaterEqual, tilde, circumflex, leftShift, rightShift
    case doubleStar, plusEqual, minEqual, starEqual, slashEqual, percentEqual, amperEqual, vbarEqual
    case circumflexEqual, leftShiftEqual, rightShiftEqual, doubleStarEqual, doubleSlash, doubleSlashEqual
    case at, atEqual, rarrow, ellipsis, colonEqual, exclamation
    // Keywords.
    case kwFalse, kwNone, kwTrue, kwAnd, kwAs, kwAssert, kwAsync, kwAwait, kwBreak, kwClass, kwContinue
    case kwDef, kwDel, kwElif, kwElse, kwExcept, kwFinally, kwFor, kwFrom, kwGlobal, kwIf, kwImport
    case kwIn, kwIs, kwLambda, kwNonlocal, kwNot, kwOr, kwPass, kwRaise, kwReturn, kwTry, kwWhile
    case kwWith, kwYield

    var isKeyword: Bool { rawValue >= Tok.kwFalse.rawValue }

    /// The augmented-assignment operator this token spells, if any.
    var augOperator: BinaryOperator? {
        switch self {
        case .plusEqual: return .add
        case .minEqual: return .sub
        case .starEqual: return .mult
        case .atEqual: return .matMult
        case .slashEqual: return .div
        case .percentEqual: return .mod
        case .amperEqual: return .bitAnd
        case .vbarEqual: return .bitOr
        case .circumflexEqual: return .bitXor
        case .leftShiftEqual: return .lShift
        case .rightShiftEqual: return .rShift
        case .doubleStarEqual: return .pow
        case .doubleSlashEqual: return .floorDiv
        default: return nil
        }
    }
}

/// One token: byte range in the source plus CPython-style start and end positions.
/// Plain 32-bit fields keep the token array compact (inputs are capped well below 2 GB).
struct Token {
    var kind: Tok
    var start: Int32
    var end: Int32
    var line: Int32
    var col: Int32
    var endLine: Int32
    var endCol: Int32

    var startPos: Position { Position(line: Int(line), column: Int(col)) }
    var endPos: Position { Position(line: Int(endLine), column: Int(endCol)) }
}

/// Keyword lookup without building a String: switch on length, then compare bytes.
func keywordKind(_ s: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> Tok? {
    let n = b - a
    if n < 2 || n > 8 { return nil }
    @inline(__always) func eq(_ w: StaticString) -> Bool {
        if w.utf8CodeUnitCount != n { return false }
        let p = w.utf8Start
        for i in 0..<n where p[i] != s[a + i] { return false }
        return true
    }
    switch s[a] {
    case UInt8(ascii: "F"): return eq("False") ? .kwFalse : nil
    case UInt8(ascii: "N"): return eq("None") ? .kwNone : nil
    case UInt8(ascii: "T"): return eq("True") ? .kwTrue : nil
    case UInt8(ascii: "a"):
        if eq("and") { return .kwAnd }
        if eq("as") { return .kwAs }
        if eq("assert") { return .kwAssert }
        if eq("async") { return .kwAsync }
        if eq("await") { return .kwAwait }
        return nil
    case UInt8(ascii: "b"): return eq("break") ? .kwBreak : nil
    case UInt8(ascii: "c"):
        if eq("class") { return .kwClass }
        if eq("continue") { return .kwContinue }
        return nil
    case UInt8(ascii: "d"):
        if eq("def") { return .kwDef }
        if eq("del") { return .kwDel }
        return nil
    case UInt8(ascii: "e"):
        if eq("elif") { return .kwElif }
        if eq("else") { return .kwElse }
        if eq("except") { return .kwExcept }
        return nil
    case UInt8(ascii: "f"):
        if eq("finally") { return .kwFinally }
        if eq("for") { return .kwFor }
        if eq("from") { return .kwFrom }
        return nil
    case UInt8(ascii: "g"): return eq("global") ? .kwGlobal : nil
    case UInt8(ascii: "i"):
        if eq("if") { return .kwIf }
        if eq("import") { return .kwImport }
        if eq("in") { return .kwIn }
        if eq("is") { return .kwIs }
        return nil
    case UInt8(ascii: "l"): return eq("lambda") ? .kwLambda : nil
    case UInt8(ascii: "n"):
        if eq("nonlocal") { return .kwNonlocal }
        if eq("not") { return .kwNot }
        return nil
    case UInt8(ascii: "o"): return eq("or") ? .kwOr : nil
    case UInt8(ascii: "p"): return eq("pass") ? .kwPass : nil
    case UInt8(ascii: "r"):
        if eq("raise") { return .kwRaise }
        if eq("return") { return .kwReturn }
        return nil
    case UInt8(ascii: "t"): return eq("try") ? .kwTry : nil
    case UInt8(ascii: "w"):
        if eq("while") { return .kwWhile }
        if eq("with") { return .kwWith }
        return nil
    case UInt8(ascii: "y"): return eq("yield") ? .kwYield : nil
    default: return nil
    }
}
