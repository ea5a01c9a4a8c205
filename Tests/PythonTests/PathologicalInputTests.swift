import Foundation
import XCTest
@testable import Python

/// Hostile input must yield diagnostics, never a crash or hang, even when the caller (and the release of
/// the tree) runs on a thread with a small stack.
final class PathologicalInputTests: XCTestCase {
    /// Parses, walks and releases the result on a 512 KB thread.
    func parseOnSmallStack(_ bytes: [UInt8]) -> (diagnostics: [Diagnostic], statements: Int, expressions: Int) {
        final class Box: @unchecked Sendable { var value: ([Diagnostic], Int, Int) = ([], 0, 0) }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            var result: ParseResult? = parseModule(bytes)
            var stmts = 0, exprs = 0
            for s in result!.module.body {
                s.walk { st in
                    stmts += 1
                    for e in st.childExpressions { e.walk { _ in exprs += 1 } }
                }
            }
            box.value = (result!.diagnostics, stmts, exprs)
            result = nil  // The tree is released here, on the small stack.
            done.signal()
        }
        thread.stackSize = 512 << 10
        thread.start()
        done.wait()
        return box.value
    }

    func src(_ s: String) -> [UInt8] { Array(s.utf8) }

    func testHundredThousandNestedBrackets() {
        let r = parseOnSmallStack(src(String(repeating: "(", count: 100_000) + String(repeating: ")", count: 100_000) + "\n"))
        XCTAssertTrue(r.diagnostics.contains { $0.message.contains("too many nested parentheses") })
    }

    func testDeepButValidNestingParses() {
        let r = parseOnSmallStack(src("x = " + String(repeating: "[", count: 190) + String(repeating: "]", count: 190) + "\n"))
        XCTAssertEqual(r.diagnostics, [])
        XCTAssertEqual(r.statements, 1)
    }

    func testLongChainsAreBoundedAndReleaseSafely() {
        // Just under the limit: accepted, walked and released on a small stack.
        let ok = parseOnSmallStack(src("x = " + String(repeating: "a+", count: 900) + "a\n"))
        XCTAssertEqual(ok.diagnostics, [])
        XCTAssertEqual(ok.expressions, 1 + 901 + 900)
        let elifs = parseOnSmallStack(src("if a: pass\n" + String(repeating: "elif b: pass\n", count: 900)))
        XCTAssertEqual(elifs.diagnostics, [])
        XCTAssertEqual(elifs.statements, 1802)
        // Far beyond it: refused with a diagnostic.
        for bad in ["x = " + String(repeating: "1+", count: 100_000) + "1\n",
                    "x = " + String(repeating: "-", count: 100_000) + "1\n",
                    "x = " + String(repeating: "not ", count: 100_000) + "y\n",
                    "x = a" + String(repeating: ".b", count: 100_000) + "\n",
                    "x = f" + String(repeating: "()", count: 100_000) + "\n",
                    "x = " + String(repeating: "lambda: ", count: 100_000) + "y\n",
                    "x = " + String(repeating: "a if b else ", count: 100_000) + "c\n",
                    "x = " + String(repeating: "2**", count: 100_000) + "c\n",
                    "if a: pass\n" + String(repeating: "elif b: pass\n", count: 100_000)] {
            let r = parseOnSmallStack(src(bad))
            XCTAssertFalse(r.diagnostics.isEmpty, String(bad.prefix(20)))
        }
    }

    func testDeepIndentation() {
        var s = ""
        for i in 0..<150 { s += String(repeating: " ", count: i) + "if x:\n" }
        s += String(repeating: " ", count: 150) + "pass\n"
        let r = parseOnSmallStack(src(s))
        XCTAssertTrue(r.diagnostics.contains { $0.message.contains("too many levels of indentation") })
    }

    func testHugeLine() {
        // A 50 MB line: one string literal, then a long run of operands (each bounded by the depth limit).
        var bytes = src("x = '")
        bytes += [UInt8](repeating: UInt8(ascii: "a"), count: 50_000_000)
        bytes += src("'\ny = 1\n")
        let r = parseOnSmallStack(bytes)
        XCTAssertEqual(r.diagnostics, [])
        XCTAssertEqual(r.statements, 2)
    }

    func testInvalidUTF8NulAndBinary() {
        let nul = parseOnSmallStack(src("x = 1\n") + [0] + src("\ny = 2\n"))
        XCTAssertFalse(nul.diagnostics.isEmpty)
        XCTAssertEqual(nul.statements, 2)
        let utf8 = parseOnSmallStack(src("x = '") + [0xC3, 0x28, 0xFF] + src("'\n"))
        XCTAssertFalse(utf8.diagnostics.isEmpty)
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let junk = (0..<5000).map { _ in UInt8.random(in: 0...255, using: &rng) }
            _ = parseOnSmallStack(junk)
        }
        // Random Python-ish tokens: must terminate with or without diagnostics.
        let pieces = ["(", ")", "[", "]", "{", "}", "f'", "'", "\"\"\"", "\n", "    ", "if", "x", ":", "=", "lambda",
                      "*", "**", ",", "\\", "#", "match", "case", "1", "{x", "!r", "async", "@", "\t", "\r\n"]
        for _ in 0..<300 {
            let s = (0..<60).map { _ in pieces.randomElement(using: &rng)! }.joined(separator: " ")
            _ = parseOnSmallStack(src(s))
        }
    }

    func testEmptyAndTrivialInputs() {
        for s in ["", "\n", "\\", "#", "'", "\u{FEFF}", "\r", "\t\n", "if", "f'{", "f'{x:{", "((((", "@"] {
            _ = parseOnSmallStack(src(s))
        }
        XCTAssertEqual(parseOnSmallStack(src("")).statements, 0)
    }
}
