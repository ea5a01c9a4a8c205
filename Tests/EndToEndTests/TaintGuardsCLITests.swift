import Foundation
import XCTest

/// Sanitizers, guards and sources as a user meets them: one staged change of several Flask, Django and FastAPI
/// files in a real repository, where every flaw stands next to its safe twin. A line marked `# flaw:RULE` must
/// get a high-confidence finding of RULE (the source was followed to the sink), a line marked `# safe:RULE`
/// none, and no other line of the file a finding of a rule the file marks.
final class TaintGuardsCLITests: XCTestCase {
    private static var repository: Sandbox?
    private static var staged: Result<[[String: Any]], Error>?

    /// One repository and one `shortwall staged` run for every case.
    private static func findings() throws -> [[String: Any]] {
        if let staged { return try staged.get() }
        let result = Result<[[String: Any]], Error> {
            let repo = try Sandbox()
            repository = repo
            _ = try repo.commit("base", files: ["README.md": "views\n"])
            for (name, text) in TaintFixtures.files { try repo.write("app/" + name, text) }
            try repo.git("add", "-A")
            let run = try repo.shortwall("staged", "--format", "json", "--max-findings-per-rule", "0")
            guard run.status != 2 else { throw NSError(domain: "shortwall", code: 2, userInfo: [NSLocalizedDescriptionKey: run.stderr]) }
            return try Sandbox.findings(run.stdout)
        }
        staged = result
        return try result.get()
    }

    override class func tearDown() {
        repository = nil
        staged = nil
        super.tearDown()
    }

    private func check(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        guard let text = TaintFixtures.files[name] else { return XCTFail("no fixture \(name)", file: file, line: line) }
        var expected = Set<String>(), rules = Set<String>()
        for (i, l) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let mark = l.range(of: "# flaw:") ?? l.range(of: "# safe:") else { continue }
            let rule = String(l[mark.upperBound...])
            rules.insert(rule)
            if l[mark].hasPrefix("# flaw") { expected.insert("\(i + 1) \(rule)") }
        }
        XCTAssertFalse(expected.isEmpty, file: file, line: line)
        let mine = try Self.findings().filter { $0["file"] as? String == "app/" + name && rules.contains($0["rule"] as? String ?? "") }
        let actual = Set(mine.map { "\($0["line"] as? Int ?? 0) \($0["rule"] as? String ?? "")" })
        XCTAssertEqual(actual.subtracting(expected).sorted(), [], "reported on a safe twin in \(name)", file: file, line: line)
        XCTAssertEqual(expected.subtracting(actual).sorted(), [], "missed in \(name)", file: file, line: line)
        let weak = mine.filter { $0["confidence"] as? String != "high" }.map { "\($0["line"] as? Int ?? 0)" }
        XCTAssertEqual(weak, [], "flows whose source was not followed in \(name)", file: file, line: line)
    }

    /// html.escape/markupsafe/flask/django escape clear HTML only; shlex.quote/join shells only; secure_filename,
    /// safe_join, basename (for open) paths; int/float/uuid/bool everything; LDAP escapes LDAP; quote all but paths
    /// and (with safe="/") redirects.
    func testEachSanitizerClearsOnlyItsSinks() throws { try check("sanitizers.py") }

    /// Allow-lists, equality, early exits, regular expressions by what they admit, str predicates, basename checks.
    func testGuardsNarrowInTheirBranchAndAfterAnEarlyExit() throws { try check("guards.py") }

    /// A project's own escape helper is recognised by what its body does, whatever its name; a helper that
    /// validates its parameter (an allow-list, a pattern) returns it cleared for what the check proves.
    func testOwnEscapeAndValidationHelpers() throws { try check("helpers.py") }

    func testFlaskAndWSGISources() throws { try check("sources_flask.py") }
    func testDjangoAndDRFSources() throws { try check("sources_django.py") }
    func testFastAPIAndStarletteSources() throws { try check("sources_fastapi.py") }
}

/// The files of `TaintGuardsCLITests`.
enum TaintFixtures {
    static let files: [String: String] = [
        "sanitizers.py": #"""
        import html, os, re, shlex, sqlite3, subprocess, uuid
        import ldap
        import markupsafe
        from ldap.filter import escape_filter_chars
        from ldap.dn import escape_dn_chars
        from urllib.parse import quote, quote_plus
        from django.utils.html import escape as django_escape
        from flask import Flask, request, redirect, escape, make_response, send_file, safe_join
        from markupsafe import Markup
        from werkzeug.utils import secure_filename
        app = Flask(__name__)
        conn = ldap.initialize("ldap://directory")


        @app.route("/html")
        def html_escapes():
            a = html.escape(request.args["a"])
            b = markupsafe.escape(request.args["b"])
            c = escape(request.args["c"])
            d = django_escape(request.args["d"])
            page = Markup("<p>" + a + b + "</p>")  # safe:python.xss
            page += Markup("<p>%s %s</p>" % (c, d))  # safe:python.xss
            os.system("echo " + a)  # flaw:python.command-injection
            subprocess.run("echo " + d, shell=True)  # flaw:python.command-injection
            cur = sqlite3.connect("app.db").cursor()
            cur.execute("SELECT * FROM t WHERE a = '" + b + "'")  # flaw:python.sql-injection
            open("/srv/" + c).read()  # flaw:python.path-traversal
            return redirect(c)  # flaw:python.open-redirect


        @app.route("/shell")
        def shell_quotes():
            q = shlex.quote(request.args["q"])
            j = shlex.join(request.args.getlist("j"))
            os.system("man " + q)  # safe:python.command-injection
            subprocess.run("ls " + j, shell=True)  # safe:python.command-injection
            os.system("man " + request.args["q"])  # flaw:python.command-injection
            return Markup("<p>" + q + "</p>")  # flaw:python.xss


        @app.route("/paths")
        def paths():
            a = secure_filename(request.args["a"])
            b = safe_join("/srv/files", request.args["b"])
            c = os.path.basename(request.args["c"])
            send_file(os.path.join("/srv/files", a))  # safe:python.path-traversal
            send_file(b)  # safe:python.path-traversal
            open(os.path.join("/srv/files", c)).read()  # safe:python.path-traversal
            os.system("cat " + a)  # flaw:python.command-injection
            return send_file("/srv/files/" + request.args["d"])  # flaw:python.path-traversal


        @app.route("/numbers")
        def numbers():
            n = int(request.args["n"])
            f = float(request.args["f"])
            u = uuid.UUID(request.args["u"])
            flag = bool(request.args.get("flag"))
            os.system("sleep %d" % n)  # safe:python.command-injection
            os.system("sleep %s" % f)  # safe:python.command-injection
            cur = sqlite3.connect("app.db").cursor()
            cur.execute("SELECT * FROM t WHERE id = '%s'" % u)  # safe:python.sql-injection
            cur.execute("SELECT * FROM t WHERE f = %s" % flag)  # safe:python.sql-injection
            cur.execute("SELECT * FROM t WHERE id = '%s'" % request.args["u"])  # flaw:python.sql-injection


        @app.route("/ldap")
        def directory():
            who = escape_filter_chars(request.args["who"])
            dn = escape_dn_chars(request.args["dn"])
            conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid=" + who + ")")  # safe:python.ldap-injection
            conn.search_s("cn=" + dn + ",dc=example,dc=com", ldap.SCOPE_BASE)  # safe:python.ldap-injection
            os.system("finger " + who)  # flaw:python.command-injection
            escaped = html.escape(request.args["who"])
            conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid=" + escaped + ")")  # flaw:python.ldap-injection


        @app.route("/urls")
        def urls():
            q = quote(request.args["q"])
            p = quote_plus(request.args["p"])
            page = Markup("<a href='/s?q=" + q + "'>next</a>")  # safe:python.xss
            os.system("curl http://example.com/" + q)  # safe:python.command-injection
            redirect(p)  # safe:python.open-redirect
            return redirect(q)  # flaw:python.open-redirect


        @app.route("/strip")
        def removed_characters():
            q = request.args["q"]
            resp = make_response("ok")
            resp.headers["X-A"] = q.replace("\r", "").replace("\n", "")  # safe:python.header-injection
            resp.headers["X-B"] = re.sub(r"[\r\n]", "", q)  # safe:python.header-injection
            resp.headers["X-C"] = q.strip()  # flaw:python.header-injection
            resp.headers["X-D"] = html.escape(q)  # flaw:python.header-injection
            os.system("man " + re.sub(r"[^a-z0-9]", "", q))  # safe:python.command-injection
            os.system("man " + re.sub(r"[;&|]", "", q))  # flaw:python.command-injection
            os.system("echo " + q.replace("\r", "").replace("\n", ""))  # flaw:python.command-injection
            return resp
        """#,
        "guards.py": #"""
        import os, re, shutil
        from flask import Flask, request, abort, redirect
        app = Flask(__name__)
        ALLOWED = {"ls", "pwd"}
        SLUG = re.compile(r"^[a-z0-9-]+$")


        @app.route("/allow")
        def allow_list():
            c = request.args["c"]
            if c in ALLOWED:
                os.system(c)  # safe:python.command-injection
            if c in {"uptime", "date"}:
                os.system(c)  # safe:python.command-injection
            if c in ("uptime", "date"):
                os.system(c)  # safe:python.command-injection
            local = ["who", "w"]
            if c in local:
                os.system(c)  # safe:python.command-injection
            if c == "df":
                os.system(c)  # safe:python.command-injection
            if c == "a" or c == "b":
                os.system(c)  # safe:python.command-injection
            cmd = c if c in ALLOWED else "ls"
            os.system(cmd)  # safe:python.command-injection
            os.system(c)  # flaw:python.command-injection


        @app.route("/deny")
        def deny_list():
            c = request.args["c"]
            if c in {"rm", "shutdown"}:
                abort(400)
            os.system(c)  # flaw:python.command-injection


        @app.route("/exit1")
        def early_abort():
            c = request.args["c"]
            if c not in ALLOWED:
                abort(400)
            os.system(c)  # safe:python.command-injection


        @app.route("/exit2")
        def early_return():
            c = request.args["c"]
            if c not in ("a", "b"):
                return "no", 400
            os.system(c)  # safe:python.command-injection


        @app.route("/exit3")
        def early_raise():
            c = request.args["c"]
            d = request.args["d"]
            if c != "status":
                raise ValueError("unsupported")
            os.system(c)  # safe:python.command-injection
            os.system(d)  # flaw:python.command-injection


        @app.route("/re1")
        def regex_abort():
            c = request.args["c"]
            if not re.fullmatch(r"[a-z]+", c):
                abort(400)
            os.system("man " + c)  # safe:python.command-injection


        @app.route("/re2")
        def regex_branch():
            c = request.args["c"]
            if re.fullmatch(r"[a-z0-9_]+", c):
                os.system("man " + c)  # safe:python.command-injection
            if re.match(r"^[a-z]+$", c):
                os.system("man " + c)  # safe:python.command-injection
            if re.match(r"[a-z]+\Z", c):
                os.system("man " + c)  # safe:python.command-injection
            if re.match(r"[a-z]+", c):
                os.system("man " + c)  # flaw:python.command-injection
            if re.search(r"[a-z]+$", c):
                os.system("man " + c)  # flaw:python.command-injection
            if re.fullmatch(r".+", c):
                os.system("man " + c)  # flaw:python.command-injection
            if re.fullmatch(r"[^;|&]+", c):
                os.system("man " + c)  # flaw:python.command-injection


        @app.route("/re3")
        def regex_compiled():
            c = request.args["c"]
            m = SLUG.match(c)
            if m is None:
                abort(404)
            return redirect("/pages/" + c)  # safe:python.open-redirect


        @app.route("/re4")
        def regex_per_sink():
            p = request.args["p"]
            if re.fullmatch(r"[a-z0-9./]+", p):
                os.system("cat " + p)  # safe:python.command-injection
                return open(os.path.join("/srv", p)).read()  # flaw:python.path-traversal


        @app.route("/str")
        def predicates():
            n = request.args["n"]
            w = request.args["w"]
            if not n.isdigit():
                abort(400)
            os.system("sleep " + n)  # safe:python.command-injection
            if w.isalnum():
                os.system("man " + w)  # safe:python.command-injection
            if w.isidentifier():
                os.system("man " + w)  # safe:python.command-injection
            os.system("man " + w)  # flaw:python.command-injection


        @app.route("/base")
        def base_names():
            a = os.path.basename(request.args["a"])
            shutil.rmtree(os.path.join("/srv/tmp", a))  # flaw:python.path-traversal
            b = os.path.basename(request.args["b"])
            if b in ("", ".", ".."):
                abort(400)
            shutil.rmtree(os.path.join("/srv/tmp", b))  # safe:python.path-traversal
            c = os.path.basename(request.args["c"])
            if not c or c.startswith("."):
                abort(400)
            shutil.rmtree(os.path.join("/srv/tmp", c))  # safe:python.path-traversal


        @app.route("/local")
        def local_redirects():
            a = request.args.get("a", "/")
            if not a.startswith("/") or a.startswith("//") or "\\" in a:
                abort(400)
            redirect(a)  # safe:python.open-redirect
            b = request.args.get("b", "/")
            if not b.startswith("/"):
                abort(400)
            return redirect(b)  # flaw:python.open-redirect
        """#,
        "helpers.py": #"""
        import html, os, re, sqlite3
        from flask import Flask, abort, request
        from markupsafe import Markup
        app = Flask(__name__)
        ALLOWED_COMMANDS = {"uptime", "df"}


        def to_html(text):
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


        def entities(value):
            value = value.replace("&", "&amp;")
            value = value.replace("<", "&lt;")
            return value


        def wrap(v):
            return html.escape(v)


        def only_lt(v):
            return v.replace("<", "&lt;")


        def shout(v):
            return v.upper()


        @app.route("/own")
        def own_helpers():
            q = request.args["q"]
            page = Markup("<p>" + to_html(q) + "</p>")  # safe:python.xss
            page += Markup("<p>" + entities(q) + "</p>")  # safe:python.xss
            page += Markup("<p>" + wrap(q) + "</p>")  # safe:python.xss
            page += Markup("<p>" + only_lt(q) + "</p>")  # flaw:python.xss
            page += Markup("<p>" + shout(q) + "</p>")  # flaw:python.xss
            cur = sqlite3.connect("app.db").cursor()
            cur.execute("SELECT * FROM t WHERE q = '" + wrap(q) + "'")  # flaw:python.sql-injection
            return page


        def checked(x):
            if x not in ALLOWED_COMMANDS:
                abort(400)
            return x


        def dotted(x):
            if not re.fullmatch(r"[a-z./]+", x):
                raise ValueError(x)
            return x


        @app.route("/validated")
        def validated():
            os.system(checked(request.args["c"]))  # safe:python.command-injection
            os.system("cat " + dotted(request.args["d"]))  # safe:python.command-injection
            os.system(request.args["c"])  # flaw:python.command-injection
            return open(dotted(request.args["d"])).read()  # flaw:python.path-traversal
        """#,
        "sources_flask.py": #"""
        import os
        from urllib.parse import unquote_plus
        from flask import Flask, request
        app = Flask(__name__)


        @app.route("/f/<name>", methods=["POST"])
        def accessors(name):
            os.system(request.form.getlist("a")[0])  # flaw:python.command-injection
            os.system(request.args.getlist("b")[0])  # flaw:python.command-injection
            os.system(request.values["c"])  # flaw:python.command-injection
            os.system(request.headers.get("X-D"))  # flaw:python.command-injection
            os.system(request.cookies.get("e"))  # flaw:python.command-injection
            os.system(request.get_data(as_text=True))  # flaw:python.command-injection
            os.system(request.get_json()["g"])  # flaw:python.command-injection
            os.system(request.data.decode())  # flaw:python.command-injection
            os.system(request.json["i"])  # flaw:python.command-injection
            os.system(request.files["j"].filename)  # flaw:python.command-injection
            os.system(request.path)  # flaw:python.command-injection
            os.system(request.full_path)  # flaw:python.command-injection
            os.system(request.url)  # flaw:python.command-injection
            os.system(request.base_url)  # flaw:python.command-injection
            os.system(request.query_string.decode())  # flaw:python.command-injection
            os.system(request.environ["HTTP_X_K"])  # flaw:python.command-injection
            os.system(unquote_plus(request.cookies.get("l")))  # flaw:python.command-injection
            os.system(request.authorization.username)  # flaw:python.command-injection
            os.system("echo " + name)  # flaw:python.command-injection


        @app.route("/f/<int:n>")
        def typed_route(n):
            os.system("sleep %d" % n)  # safe:python.command-injection


        def wsgi_app(environ, start_response):
            os.system(environ["QUERY_STRING"])  # flaw:python.command-injection
            os.system(environ.get("HTTP_X_CMD", ""))  # flaw:python.command-injection
            start_response("200 OK", [])
            return [b"ok"]


        class Middleware:
            def __call__(self, environ, start_response):
                os.system(environ["PATH_INFO"])  # flaw:python.command-injection
                return []
        """#,
        "sources_django.py": #"""
        import os


        def views(request):
            os.system(request.GET["a"])  # flaw:python.command-injection
            os.system(request.POST["b"])  # flaw:python.command-injection
            os.system(request.COOKIES["c"])  # flaw:python.command-injection
            os.system(request.META["HTTP_X_D"])  # flaw:python.command-injection
            os.system(request.FILES["e"].name)  # flaw:python.command-injection
            os.system(request.body.decode())  # flaw:python.command-injection
            os.system(request.headers["X-G"])  # flaw:python.command-injection
            os.system(request.path)  # flaw:python.command-injection
            os.system(request.get_full_path())  # flaw:python.command-injection
            os.system(request.data["j"])  # flaw:python.command-injection
            os.system(request.query_params["k"])  # flaw:python.command-injection
        """#,
        "sources_fastapi.py": #"""
        import os
        from typing import Annotated, Literal, Optional
        from fastapi import Cookie, FastAPI, Form, Header, Query, Request
        app = FastAPI()


        @app.get("/items/{item}")
        def read(item: str, q: str = Query(""), x_cmd: str = Header(""), c: str = Cookie(""), n: Optional[int] = None,
                 m: Annotated[int, Query()] = 1, k: int | None = None, mode: Literal["a", "b"] = "a",
                 s: Annotated[str, Query()] = ""):
            os.system(item)  # flaw:python.command-injection
            os.system(q)  # flaw:python.command-injection
            os.system(x_cmd)  # flaw:python.command-injection
            os.system(c)  # flaw:python.command-injection
            os.system(s)  # flaw:python.command-injection
            os.system("sleep %s" % n)  # safe:python.command-injection
            os.system("sleep %s" % m)  # safe:python.command-injection
            os.system("sleep %s" % k)  # safe:python.command-injection
            os.system("echo " + mode)  # safe:python.command-injection


        @app.post("/submit")
        async def submit(request: Request, name: str = Form("")):
            os.system(name)  # flaw:python.command-injection
            os.system(request.query_params["a"])  # flaw:python.command-injection
            body = await request.body()
            os.system(body.decode())  # flaw:python.command-injection
            form = await request.form()
            os.system(form["b"])  # flaw:python.command-injection
            data = await request.json()
            os.system(data["c"])  # flaw:python.command-injection
        """#,
    ]
}
