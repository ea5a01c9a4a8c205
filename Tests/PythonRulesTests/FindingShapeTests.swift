import XCTest
import Findings
@testable import PythonRules

/// Positions, hashes, suppression and robustness of what the reviewer returns.
final class FindingShapeTests: XCTestCase {
    private let src = """
    import os
    from flask import request
    def view():
        os.system("echo " + request.args["a"])
    """

    func testColumnsCountCharactersNotBytes() throws {
        // "é" and "→" are 2 and 3 bytes: the parser's byte columns are 4 and 6 more than the characters.
        let f = try XCTUnwrap(review("""
        import os
        from flask import request
        def view():
            é = "→"; os.system("echo " + request.args["a"])
        """).first { $0.rule == "python.command-injection" })
        XCTAssertEqual(f.line, 4)
        XCTAssertEqual(f.column, 24)
        XCTAssertEqual(f.endColumn, 51)
        XCTAssertEqual(f.source?.column, 34)
    }

    func testPositionsSnippetAndMetadata() throws {
        let f = try XCTUnwrap(review(src).first { $0.rule == "python.command-injection" })
        XCTAssertEqual(f.kind, .python)
        XCTAssertEqual(f.line, 4)
        // CPython col_offset of the argument is 14; columns are 1-based.
        XCTAssertEqual(f.column, 15)
        XCTAssertEqual(f.endLine, 4)
        XCTAssertEqual(f.endColumn, 42)  // exclusive, as SARIF expects
        XCTAssertEqual(f.snippet, "os.system(\"echo \" + request.args[\"a\"])")
        XCTAssertEqual(f.cwe, 78)
        XCTAssertEqual(f.severity, .critical)
        XCTAssertEqual(f.source?.line, 4)
        XCTAssertEqual(f.source?.column, 25)
        XCTAssertTrue(f.source!.description.contains("request.args[\"a\"]"), f.source!.description)
        XCTAssertTrue(f.message.contains("request.args[\"a\"] (line 4)"), f.message)
        XCTAssertFalse(f.fix.isEmpty)
        XCTAssertEqual(f.fingerprint, SHA256.hex("python.command-injection", "app.py", "\"echo \" + request.args[\"a\"]"))
        XCTAssertEqual(f.contentHash, SHA256.hex("python.command-injection", "\"echo \" + request.args[\"a\"]"))
    }

    func testFingerprintSurvivesLineMovesAndReindentation() throws {
        let moved = "# a comment\n\n" + src.replacingOccurrences(of: "\"echo \" + request", with: "\"echo \"  +  request")
        let a = try XCTUnwrap(review(src).first)
        let b = try XCTUnwrap(review(moved).first)
        XCTAssertNotEqual(a.line, b.line)
        XCTAssertEqual(a.fingerprint, b.fingerprint)
        XCTAssertEqual(a.contentHash, b.contentHash)
        let renamed = try XCTUnwrap(review(src, path: "other.py").first)
        XCTAssertNotEqual(a.fingerprint, renamed.fingerprint)
        XCTAssertEqual(a.contentHash, renamed.contentHash)
    }

    func testSuppressionComments() {
        func count(_ comment: String) -> Int {
            review(src.replacingOccurrences(of: "[\"a\"])", with: "[\"a\"])  " + comment)).filter { $0.rule == "python.command-injection" }.count
        }
        XCTAssertEqual(count(""), 1)
        XCTAssertEqual(count("# nosec"), 0)
        XCTAssertEqual(count("# nosec B605"), 0)
        XCTAssertEqual(count("# nosec B608"), 1)
        XCTAssertEqual(count("# nosec python.command-injection"), 0)
        XCTAssertEqual(count("# nosec python.sql-injection"), 1)
        XCTAssertEqual(count("# shortwall: ignore[python.command-injection]"), 0)
        XCTAssertEqual(count("# shortwall: ignore[command-injection, python.xss]"), 0)
        XCTAssertEqual(count("# shortwall: ignore[python.xss]"), 1)
        XCTAssertEqual(count("# shortwall: ignore"), 0)
        // Ruff's codes for Bandit's checks; a bare noqa (often for line length) does not hide a flaw.
        XCTAssertEqual(count("# noqa: S605"), 0)
        XCTAssertEqual(count("# noqa: E501, S605"), 0)
        XCTAssertEqual(count("# noqa: S608"), 1)
        XCTAssertEqual(count("# noqa"), 1)
        XCTAssertEqual(count("# noqa: E501"), 1)
    }

    func testSuppressionOnFirstLineOfAMultiLineStatement() {
        let multi = """
        import subprocess
        from flask import request
        def view():
            subprocess.run(  # nosec
                "echo " + request.args["x"],
                shell=True,
            )
        """
        XCTAssertEqual(review(multi).filter { $0.rule == "python.command-injection" }.count, 0)
    }

    func testDisabledRules() {
        XCTAssertEqual(review(src, disabled: ["python.command-injection"]).filter { $0.rule == "python.command-injection" }.count, 0)
        XCTAssertEqual(review(src, disabled: ["command-injection"]).filter { $0.rule == "python.command-injection" }.count, 0)
    }

    func testSyntaxErrorIsReportedAndTheRestAnalyzed() {
        let broken = """
        import os
        from flask import request
        x = = 1
        def view():
            os.system(request.args["c"])
        """
        let r = PythonReviewer().reviewWithDiagnostics(path: "a.py", source: Array(broken.utf8), addedLines: nil)
        XCTAssertFalse(r.diagnostics.isEmpty)
        XCTAssertEqual(r.diagnostics.first?.position.line, 3)
        XCTAssertEqual(lines(r.findings, "python.command-injection"), [5])
    }

    func testBadInputNeverCrashes() {
        let reviewer = PythonReviewer()
        var binary: [UInt8] = []
        var seed: UInt64 = 42
        for _ in 0..<20_000 { seed = seed &* 6364136223846793005 &+ 1; binary.append(UInt8(truncatingIfNeeded: seed >> 33)) }
        _ = reviewer.review(path: "b.py", source: binary, addedLines: nil)
        _ = reviewer.review(path: "c.py", source: [0xff, 0xfe, 0x00, 0x41, 0x0a, 0xc3], addedLines: nil)
        _ = reviewer.review(path: "d.py", source: Array(("x = " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)).utf8), addedLines: nil)
        _ = reviewer.review(path: "e.py", source: Array(("x = 'a'" + String(repeating: " + y", count: 3000) + "\nos.system(x)\n").utf8), addedLines: nil)
        _ = reviewer.review(path: "f.py", source: Array(("s = '" + String(repeating: "a", count: 1_000_000) + "'\n").utf8), addedLines: nil)
        var nested = "def f():\n"
        for i in 1..<90 { nested += String(repeating: "    ", count: i) + "if x:\n" }
        nested += String(repeating: "    ", count: 90) + "os.system(request.args['c'])\n"
        _ = reviewer.review(path: "g.py", source: Array(nested.utf8), addedLines: nil)
        _ = reviewer.review(path: "h.py", source: [], addedLines: nil)
    }

    func testDeepNestingOnASmallStackThread() {
        // Worker threads may have small stacks; the deepest code the parser accepts must still be analyzed.
        var src = "import os\nfrom flask import request\ndef f():\n"
        for i in 1..<99 { src += String(repeating: " ", count: i) + "if x:\n" }
        src += String(repeating: " ", count: 99) + "os.system(request.args['c'])\n"
        src += "y = " + String(repeating: "not ", count: 900) + "z\nif " + String(repeating: "not ", count: 900) + "z:\n    pass\n"
        src += "(" + String(repeating: "(", count: 180) + "a" + String(repeating: ",)", count: 180) + ") = request.args\n"
        let bytes = Array(src.utf8)
        // The thread writes, then signals; the test reads only after the wait.
        final class Box: @unchecked Sendable { var findings: [Finding] = [] }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let t = Thread {
            box.findings = PythonReviewer().review(path: "deep.py", source: bytes, addedLines: nil)
            done.signal()
        }
        t.stackSize = 512 << 10
        t.start()
        done.wait()
        XCTAssertEqual(lines(box.findings, "python.command-injection"), [102])
    }

    func testConcurrentReviewsAgree() {
        let reviewer = PythonReviewer()
        let bytes = Array(src.utf8)
        let expected = reviewer.review(path: "app.py", source: bytes, addedLines: nil).map(\.fingerprint)
        var results = [[String]](repeating: [], count: 8)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            let r = reviewer.review(path: "app.py", source: bytes, addedLines: nil).map(\.fingerprint)
            lock.lock(); results[i] = r; lock.unlock()
        }
        XCTAssertTrue(results.allSatisfy { $0 == expected })
        XCTAssertFalse(expected.isEmpty)
    }
}

final class EncodingShapeTests: XCTestCase {
    func testBOMAndCRLF() throws {
        let src: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("eval(input())\r\nimport os\r\nos.system(input())\r\n".utf8)
        let f = PythonReviewer().review(path: "a.py", source: src, addedLines: nil)
        let code = try XCTUnwrap(f.first { $0.rule == "python.code-injection" })
        XCTAssertEqual(code.line, 1)
        XCTAssertEqual(code.column, 6)
        XCTAssertEqual(code.contentHash, SHA256.hex("python.code-injection", "input()"))
        let cmd = try XCTUnwrap(f.first { $0.rule == "python.command-injection" })
        XCTAssertEqual(cmd.snippet, "os.system(input())")
        XCTAssertEqual(cmd.contentHash, SHA256.hex("python.command-injection", "input()"))
    }
}
