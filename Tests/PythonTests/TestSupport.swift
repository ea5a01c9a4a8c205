@testable import Python

/// Parses source text as 3.12 (unless told otherwise).
func parse(_ source: String, version: PythonVersion = .v3_12) -> ParseResult {
    parseModule(Array(source.utf8), version: version)
}

/// The tokens of `source` as (kind, text) pairs.
func tokenize(_ source: String, version: PythonVersion = .v3_12) -> (kinds: [Tok], texts: [String], tokens: [Token], errors: [Diagnostic]) {
    let bytes = Array(source.utf8)
    return bytes.withUnsafeBufferPointer { buf in
        var t = Tokenizer(buf, version: version)
        let toks = t.run()
        let texts = toks.map { String(decoding: bytes[Int($0.start)..<Int($0.end)], as: UTF8.self) }
        return (toks.map(\.kind), texts, toks, t.errors)
    }
}

func span(_ l1: Int, _ c1: Int, _ l2: Int, _ c2: Int) -> Span {
    Span(start: Position(line: l1, column: c1), end: Position(line: l2, column: c2))
}

/// The only expression of a one-statement module.
func onlyExpr(_ source: String, version: PythonVersion = .v3_12, file: StaticString = #filePath, line: UInt = #line) -> Expr? {
    let r = parse(source, version: version)
    guard r.diagnostics.isEmpty, r.module.body.count == 1, case .expr(let e) = r.module.body[0].kind else { return nil }
    return e
}
