import XCTest
@testable import Python

final class ErrorRecoveryTests: XCTestCase {
    func testParsingResumesAtNextStatement() {
        let r = parse("x = 1\ny = = 2\nz = 3\ndef f(:\n    return skipped()\nw = 4\n")
        XCTAssertEqual(Set(r.diagnostics.map(\.position.line)), [2, 4])
        let names = r.module.body.compactMap { s -> String? in
            if case .assign(let t, _) = s.kind { return t[0].dottedName }
            return nil
        }
        XCTAssertEqual(names, ["x", "z", "w"])
    }

    func testUnclosedBracketDoesNotSwallowTheRestOfTheFile() {
        let r = parse("x = foo(1,\n\ndef g(request):\n    return eval(request.body)\n")
        XCTAssertEqual(r.diagnostics.first?.message, "'(' was never closed")
        XCTAssertEqual(r.diagnostics.first?.position, Position(line: 1, column: 7))
        guard r.module.body.count == 1, case .functionDef(let g) = r.module.body[0].kind else { return XCTFail("g lost") }
        XCTAssertEqual(g.name, "g")
    }

    func testErrorInsideBlockKeepsEnclosingFunction() {
        let r = parse("def view(request):\n    a = request.GET['x']\n    b = (\n    eval(a)\n\ndef other(): pass\n")
        XCTAssertFalse(r.diagnostics.isEmpty)
        guard case .functionDef(let f) = r.module.body.first?.kind else { return XCTFail("function lost") }
        XCTAssertEqual(f.name, "view")
        XCTAssertGreaterThanOrEqual(f.body.count, 1)
    }

    func testTokenizerErrorsAreReportedWithPosition() {
        let r = parse("a = 1\nb = 'unterminated\nc = 3\n")
        XCTAssertEqual(r.diagnostics.first?.position, Position(line: 2, column: 4))
        XCTAssertEqual(r.module.body.count, 2)
    }

    func testErrorInsideMatchCaseDoesNotLoop() {
        // Regression: a failed case left a DEDENT behind at module level, which once looped forever.
        let r = parse("match x:\n    case 1 + 1: pass\n    case y as _: pass\nafter = 1\n")
        XCTAssertFalse(r.diagnostics.isEmpty)
        guard case .assign(let t, _)? = r.module.body.last?.kind else { return XCTFail("statement after match lost") }
        XCTAssertEqual(t[0].dottedName, "after")
    }

    func testUnexpectedIndentSkipsBlock() {
        let r = parse("a = 1\n    b = 2\n    c = 3\nd = 4\n")
        XCTAssertEqual(r.diagnostics.count, 1)
        XCTAssertEqual(r.module.body.count, 2)
    }

    func testEncodingCookies() {
        var latin1: [UInt8] = Array("# -*- coding: latin-1 -*-\nx = '".utf8)
        latin1 += [0xE9]
        latin1 += Array("'\n".utf8)
        let r = parseModule(latin1)
        XCTAssertEqual(r.diagnostics, [])
        guard case .assign(_, let v) = r.module.body[0].kind else { return XCTFail() }
        XCTAssertEqual(v.stringLiteral, "é")
        XCTAssertFalse(parseModule(Array("# coding: nonsense-9\nx = 1\n".utf8)).diagnostics.isEmpty)
        XCTAssertFalse(parseModule([0xEF, 0xBB, 0xBF] + Array("# coding: latin-1\nx = 1\n".utf8)).diagnostics.isEmpty)
        // Invalid UTF-8 in a string is an error (in a comment CPython lets it pass); the rest still parses.
        let bad = parseModule(Array("x = 1\ny = '".utf8) + [0xFF] + Array("'\nz = 2  # ".utf8) + [0xFF] + Array("\n".utf8))
        XCTAssertEqual(bad.diagnostics.map(\.position), [Position(line: 2, column: 4)])
        XCTAssertEqual(bad.module.body.count, 2)
    }
}
