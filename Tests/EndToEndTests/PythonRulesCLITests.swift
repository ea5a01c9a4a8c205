import Foundation
import XCTest

/// Python rules as a user meets them: `shortwall staged` in a real repository.
final class PythonRulesCLITests: XCTestCase {
    private func staged(_ files: [String: String]) throws -> [[String: Any]] {
        let repo = try Sandbox()
        _ = try repo.commit("base", files: ["README.md": "hello\n"])
        for (name, text) in files { try repo.write(name, text) }
        try repo.git("add", "-A")
        // Every confidence: some cases check the audit tier, which the hook leaves out by default.
        let result = try repo.shortwall("staged", "--format", "json", "--min-confidence", "low")
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

    /// Twins that call the same sink: only the value reaching it differs (issue 14: constant arguments are
    /// never reported). One repository, one `shortwall staged`.
    func testValueAwareRulesTellARealFlawFromItsSafeTwin() throws {
        let xxe = """
        import io
        import xml.sax
        from xml.sax.handler import feature_external_ges
        from flask import Flask, request
        from lxml import etree
        app = Flask(__name__)

        @app.route("/real", methods=["POST"])
        def real():
            resolve = True
            parser = etree.XMLParser(resolve_entities=resolve)
            return etree.fromstring(request.get_data(), parser).tag

        @app.route("/constant", methods=["POST"])
        def constant():
            bar = "<order><name>tea</name></order>"
            parser = etree.XMLParser(resolve_entities=True)
            return etree.fromstring(bar.encode(), parser).tag

        @app.route("/off", methods=["POST"])
        def off():
            parser = etree.XMLParser(resolve_entities=False, no_network=True)
            return etree.fromstring(request.get_data(), parser).tag

        @app.route("/sax", methods=["POST"])
        def sax():
            parser = xml.sax.make_parser()
            parser.setFeature(feature_external_ges, True)
            parser.parse(io.StringIO(request.form["xml"]))
            return "parsed"

        def load_catalogue(path):
            return etree.parse(path, etree.XMLParser(resolve_entities=True))
        """
        let hash = """
        import hashlib
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/real", methods=["POST"])
        def real():
            pw_hash = hashlib.md5(request.form["password"].encode()).hexdigest()
            return pw_hash

        @app.route("/constant", methods=["POST"])
        def constant():
            password = request.form["password"]
            bar = "static-asset-v2"
            pw_hash = hashlib.md5(bar.encode()).hexdigest()
            return pw_hash

        @app.route("/length", methods=["POST"])
        def length():
            password = request.form["password"]
            bar = str(len(password))
            pw_hash = hashlib.sha1(bar.encode()).hexdigest()
            return pw_hash
        """
        let cookies = """
        import secrets
        from flask import Flask, make_response
        app = Flask(__name__)

        @app.route("/real")
        def real():
            param = False
            bar = param
            resp = make_response("welcome")
            resp.set_cookie("session_id", secrets.token_urlsafe(32), secure=bar, httponly=bar, samesite="Lax")
            return resp

        @app.route("/safe")
        def safe():
            param = False
            bar = True
            resp = make_response("welcome")
            resp.set_cookie("session_id", secrets.token_urlsafe(32), secure=bar, httponly=bar, samesite="Lax")
            return resp

        @app.route("/lax-by-default")
        def lax_by_default():
            resp = make_response("ok")
            resp.set_cookie("remember_token", secrets.token_hex(16), secure=True, httponly=True)
            return resp
        """
        let findings = try staged(["xxe.py": xxe, "hashes.py": hash, "cookies.py": cookies])
        XCTAssertEqual(hits(findings, "python.xxe"), ["xxe.py:12", "xxe.py:29", "xxe.py:33"])
        let confidence = Dictionary(findings.filter { $0["rule"] as? String == "python.xxe" }
            .map { ($0["line"] as? Int ?? 0, $0["confidence"] as? String ?? "") }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(confidence, [12: "high", 29: "high", 33: "low"], "a document of unknown origin is the audit tier")
        XCTAssertEqual(hits(findings, "python.weak-password-hash") + hits(findings, "python.weak-hash"), ["hashes.py:7"])
        XCTAssertEqual(hits(findings, "python.insecure-cookie"), ["cookies.py:10"])
    }
}
