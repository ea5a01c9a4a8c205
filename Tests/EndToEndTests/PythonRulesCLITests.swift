import Foundation
import XCTest

/// Python rules as a user meets them: `shortwall staged` in a real repository.
final class PythonRulesCLITests: XCTestCase {
    private func staged(_ files: [String: String]) throws -> [[String: Any]] {
        let repo = try Sandbox()
        _ = try repo.commit("base", files: ["README.md": "hello\n"])
        for (name, text) in files { try repo.write(name, text) }
        try repo.git("add", "-A")
        let result = try repo.shortwall("staged", "--format", "json")
        XCTAssertNotEqual(result.status, 2, result.stderr)
        return try Sandbox.findings(result.stdout)
    }

    private func hits(_ findings: [[String: Any]], _ rule: String) -> [String] {
        findings.filter { $0["rule"] as? String == rule }.compactMap { f in (f["file"] as? String).map { "\($0):\(f["line"] as? Int ?? 0)" } }.sorted()
    }

    func testMissingAuthenticationFiresOnlyWhereTheAppAuthenticatesAndTheViewChangesState() throws {
        let app = """
        import os
        from flask import Flask, request, session
        app = Flask(__name__)

        @app.route("/login", methods=["POST"])
        def login():
            session["user_id"] = check_password(request.form)
            return "ok"

        @app.route("/run", methods=["POST"])
        def run_job():
            os.system("make report")
            return "started"

        @app.route("/report")
        def report():
            with open("/srv/cache/report.html", "w") as f:
                f.write("cached")
            return "ok"

        @app.route("/tags", methods=["POST"])
        def tags():
            seen = set()
            for t in request.form.getlist("t"):
                seen.add(t)
            return str(len(seen))
        """
        // The same write-heavy view in a file that shows no authentication at all.
        let tool = """
        import os
        from flask import Flask
        app = Flask(__name__)

        @app.route("/run", methods=["POST"])
        def run_job():
            os.system("make report")
            return "started"
        """
        let findings = try staged(["app.py": app, "tool.py": tool])
        XCTAssertEqual(hits(findings, "python.missing-authentication"), ["app.py:11"])
        let message = findings.first { $0["rule"] as? String == "python.missing-authentication" }?["message"] as? String ?? ""
        XCTAssertTrue(message.contains("login() at line 6"), message)
    }
}
