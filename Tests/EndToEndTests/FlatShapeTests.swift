import Foundation
import XCTest

/// Long flat code (many statements in one body, one huge expression) is reviewed in time proportional to
/// its size. The bounds are generous (a shared machine, a debug build): what they catch is the quadratic
/// step coming back, which took minutes on these inputs.
final class FlatShapeTests: XCTestCase {
    /// Each file is scanned within `seconds`, and the flaw at its end is still found: the analysis ran
    /// through all of it rather than giving up.
    private func assertScanned(_ files: [String], in repo: Sandbox, within seconds: Double, line: UInt = #line) throws {
        for file in files {
            let start = Date()
            let result = try repo.shortwall("scan", file, "--max-file-size", "100MiB", "--format", "json")
            XCTAssertLessThan(Date().timeIntervalSince(start), seconds, file, line: line)
            XCTAssertEqual(result.status, 1, result.stderr, line: line)
            let rules = try Sandbox.findings(result.stdout).compactMap { $0["rule"] as? String }
            XCTAssertTrue(rules.contains("python.command-injection"), "\(file): \(rules)", line: line)
        }
    }

    static let flaw = "import os\nfrom flask import request\n\n@app.route('/ping')\ndef ping():\n    os.system('ping ' + request.args['host'])\n"

    /// 20,000 branches in one function, each naming a new variable (80 s before: every branch copied and
    /// joined every name), and 20,000 module-level comprehensions (60 s: each copied the module's names).
    func testManyBranchesAndComprehensionsInOneBodyAreLinear() throws {
        let repo = try Sandbox()
        var branches = "def handler(c):\n"
        for i in 0..<20_000 { branches += "    v\(i) = c\n    if c:\n        c = \(i)\n" }
        try repo.write("branches.py", branches + Self.flaw)
        var comprehensions = ""
        for i in 0..<20_000 { comprehensions += "v\(i) = [x for x in c]\nif v\(i):\n    w = 1\n" }
        try repo.write("comprehensions.py", comprehensions + Self.flaw)
        try assertScanned(["branches.py", "comprehensions.py"], in: repo, within: 30)
    }

    /// One flat f-string of 200,000 fields, then 50,000 statements (each used to clear a table sized
    /// for the f-string), and a flat list and `and` chain of 200,000 elements.
    func testHugeFlatExpressionsAreBounded() throws {
        let repo = try Sandbox()
        var fstring = "def build(a):\n    x = f\""
        for i in 0..<200_000 { fstring += "lit \(i) {a\(i % 10)} " }
        fstring += "\"\n"
        for i in 0..<50_000 { fstring += "    y\(i) = 1\n" }
        try repo.write("fstring.py", fstring + Self.flaw)
        try repo.write("list.py", "x = [" + (0..<200_000).map { "\"s\($0)\"" }.joined(separator: ",") + "]\n" + Self.flaw)
        try repo.write("and.py", "x = " + (0..<200_000).map { "a\($0)" }.joined(separator: " and ") + "\n" + Self.flaw)
        try assertScanned(["fstring.py", "list.py", "and.py"], in: repo, within: 60)
    }

    /// 8,000 helpers, each passing its parameter to the one defined before it, the last reaching a sink
    /// (20 s before: each hop's message quoted the whole rest of the chain). The message names the first
    /// hops and counts the rest.
    func testALongChainOfHelpersIsLinearAndItsMessageShort() throws {
        let repo = try Sandbox()
        var chain = "import os\nfrom flask import request\n\ndef f0(x):\n    os.system(x)\n"
        for i in 1..<8_000 { chain += "def f\(i)(x):\n    return f\(i - 1)(x)\n" }
        chain += "@app.route('/run')\ndef run():\n    return f7999(request.args['q'])\n"
        try repo.write("chain.py", chain)
        let start = Date()
        let result = try repo.shortwall("scan", "chain.py", "--format", "json")
        XCTAssertLessThan(Date().timeIntervalSince(start), 30)
        let injection = try XCTUnwrap(try Sandbox.findings(result.stdout).first { $0["rule"] as? String == "python.command-injection" }, result.stdout)
        let message = try XCTUnwrap(injection["message"] as? String)
        XCTAssertTrue(message.hasSuffix("reaches f7999(), which passes its parameter 'x' through 7999 more helper calls to the shell command of os.system() (line 5)."), message)

        // A short chain is still told hop by hop.
        try repo.write("short.py", "import os\nfrom flask import request\n\ndef a(x):\n    os.system(x)\ndef b(x):\n    a(x)\n"
                       + "@app.route('/run')\ndef run():\n    b(request.args['q'])\n")
        let short = try Sandbox.findings(try repo.shortwall("scan", "short.py", "--format", "json").stdout)
        let shortMessage = try XCTUnwrap(short.first { $0["rule"] as? String == "python.command-injection" }?["message"] as? String)
        XCTAssertTrue(shortMessage.contains("reaches b(), which passes its parameter 'x' to a(), which passes its parameter 'x' to the shell command of os.system() (line 5)"), shortMessage)
    }
}
