import FuzzDriver
@testable import Python

/// libFuzzer harness for the Python tokenizer and parser (bench/fuzz-python.sh builds and runs it).
/// Per input, with both grammars: the tokens, then the parse and its tree dump, and a second parse. Besides
/// crashes, hangs and memory errors (what libFuzzer and the address sanitizer catch), it checks what every
/// caller relies on: tokens lie inside the input in order, diagnostics and statement spans point inside
/// it, spans never run backwards, and the same bytes always give the same tree.
private func fuzzOne(_ input: UnsafeBufferPointer<UInt8>) {
    let bytes = Array(input)
    // Lines end at LF, CR or CRLF; one more for the end of the input.
    var lines = 1
    for (i, b) in bytes.enumerated() where b == 0x0A || (b == 0x0D && (i + 1 == bytes.count || bytes[i + 1] != 0x0A)) { lines += 1 }
    for version in [PythonVersion.v3_11, .v3_12] {
        bytes.withUnsafeBufferPointer { buffer in
            var tokenizer = Tokenizer(buffer, version: version)
            var previousEnd: Int32 = 0
            for token in tokenizer.run() {
                guard token.start >= 0, token.start <= token.end, Int(token.end) <= bytes.count else {
                    fatalError("token \(token.kind) at \(token.start)..<\(token.end) outside \(bytes.count) bytes")
                }
                // An error token marks where the tokenizer gave up on a line; recovery may place it out of
                // order, so only real tokens are held to it.
                if token.kind == .error { continue }
                guard token.start >= previousEnd || token.start == token.end else {
                    fatalError("token \(token.kind) at \(token.start) overlaps the one before (ending at \(previousEnd))")
                }
                previousEnd = max(previousEnd, token.end)
            }
        }
        // On this thread: the script raises its stack limit, and a thread per parse (what parseModule
        // starts) would cost more than the parse itself.
        let result = parseOnCurrentThread(bytes, version: version)
        for d in result.diagnostics where d.position.line < 1 || d.position.line > lines + 1 || d.position.column < 0 {
            fatalError("diagnostic outside the input: \(d)")
        }
        for statement in result.module.body {
            statement.walk { s in
                if s.span.end < s.span.start || s.span.start.line < 1 || s.span.end.line > lines + 1 {
                    fatalError("statement span \(s.span) outside \(lines) lines")
                }
            }
        }
        let dump = dumpAST(result.module, version: version)
        if dumpAST(parseOnCurrentThread(bytes, version: version).module, version: version) != dump {
            fatalError("parsing the same input twice gave two trees")
        }
    }
}

@main
enum FuzzPython {
    static func main() { runLibFuzzer(fuzzOne) }
}
