import Foundation
import XCTest

/// A commit that changes only module-level code is reviewed for what reads the names it binds: an added
/// import or an edited docstring introduces nothing, a changed constant introduces the flaw of the
/// unchanged function that passes it to a sink.
final class ModuleScopeCLITests: XCTestCase {
    func testImportAndDocstringIntroduceNothingAndAChangedConstantReachesAnUnchangedSink() throws {
        let repo = try Sandbox()
        func app(docstring: String, imports: [String], command: String) -> String {
            ([docstring] + imports + [
                "from flask import Flask, request",
                "app = Flask(__name__)",
                "CMD = \(command)",
                "def listing():",
                "    os.system(CMD)",
                "@app.route(\"/run\")",
                "def run():",
                "    os.system(\"echo \" + request.args[\"x\"])",
            ]).joined(separator: "\n") + "\n"
        }
        let first = try repo.commit("app", files: ["app.py": app(docstring: "\"\"\"Jobs.\"\"\"", imports: ["import os"], command: "\"ls\"")])
        let second = try repo.commit("an import and the docstring", files: [
            "app.py": app(docstring: "\"\"\"Jobs, run from the web.\"\"\"", imports: ["import os", "import json"], command: "\"ls\""),
        ])
        let third = try repo.commit("the command from the terminal", files: [
            "app.py": app(docstring: "\"\"\"Jobs, run from the web.\"\"\"", imports: ["import os", "import json"], command: "input()"),
        ])

        let docOnly = try repo.shortwall("diff", "\(first)...\(second)", "--format", "json", "--min-confidence", "low")
        XCTAssertEqual(docOnly.status, 0, docOnly.stdout + docOnly.stderr)
        XCTAssertEqual(try Sandbox.findings(docOnly.stdout).count, 0, docOnly.stdout)

        let constant = try repo.shortwall("diff", "\(second)...\(third)", "--format", "json")
        XCTAssertEqual(constant.status, 1, constant.stderr)
        let found = try Sandbox.findings(constant.stdout)
        XCTAssertEqual(found.map { $0["line"] as? Int }, [8], constant.stdout)
        XCTAssertEqual(found.first?["rule"] as? String, "python.command-injection")

        let history = try repo.shortwall("history", "--format", "json", "--min-confidence", "low")
        XCTAssertEqual(history.status, 1, history.stderr)
        let audit = try Sandbox.findings(history.stdout).filter { $0["kind"] as? String == "python" }
        let byLine = Dictionary(audit.map { ($0["line"] as? Int ?? 0, $0["commit"] as? String ?? "") }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(byLine, [8: third, 10: first], history.stdout)
    }
}
