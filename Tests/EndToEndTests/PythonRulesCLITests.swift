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

    func testNewCategoriesAreReportedAtTheirLines() throws {
        let app = """
        import hashlib, random
        import ldap
        from lxml import etree
        from flask import Flask, request, session, make_response
        app = Flask(__name__)

        @app.route("/directory")
        def directory():
            who = request.args["who"]
            conn = ldap.initialize("ldap://directory")
            conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid=" + who + ")")
            tree = etree.parse("users.xml")
            return str(tree.xpath("//user[@name='" + who + "']"))

        @app.route("/remember", methods=["POST"])
        def remember():
            session["role"] = request.form["role"]
            resp = make_response(hashlib.md5(request.form["email"].encode()).hexdigest())
            resp.set_cookie("rememberMe", str(random.random()), secure=True, httponly=True, samesite="Lax")
            return resp
        """
        let findings = try staged(["app.py": app])
        XCTAssertEqual(hits(findings, "python.ldap-injection"), ["app.py:11"])
        XCTAssertEqual(hits(findings, "python.xpath-injection"), ["app.py:13"])
        XCTAssertEqual(hits(findings, "python.trust-boundary-violation"), ["app.py:17"])
        XCTAssertEqual(hits(findings, "python.weak-hash"), ["app.py:18"])
        XCTAssertEqual(hits(findings, "python.weak-random-secret"), ["app.py:19"])
        // A Trojan Source line: the comment seems to end before the closing quote.
        let trojan = "level = \"user\"\nif level != \"user\u{202E} \u{2066}# admins only\u{2069} \u{2066}\":\n    grant()\n"
        XCTAssertEqual(hits(try staged(["trojan.py": trojan]), "python.bidi-control-character"), ["trojan.py:2"])
    }
}
