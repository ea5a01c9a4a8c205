import Python

extension RuleSet {
    static let missingAuthentication = Rule(
        id: "python.missing-authentication",
        title: "State-changing route without authentication",
        cwe: 306, owasp: OWASP.a07, severity: .high,
        explanation: "In an application that logs users in, a view that writes files, runs commands or changes data, with no login decorator and no check of the current user, lets any anonymous client do it.",
        fix: "Require a logged-in user with the right role: decorate with @login_required (Flask-Login, Django) or @roles_required/@permission_required, or check current_user.is_authenticated / request.user.has_perm(...) and abort(401/403) first.",
        bandit: [],
        triggering: [
            """
            import os
            from flask import Flask, request, session
            app = Flask(__name__)
            @app.route("/login", methods=["POST"])
            def login():
                session["user_id"] = check(request.form)
                return "ok"
            @app.route("/run", methods=["POST"])
            def run_command():  # expect
                os.system("touch /tmp/flag")
                return "ok"
            """,
            """
            from flask import Flask, request
            from flask_login import login_required
            from .models import db, Post
            app = Flask(__name__)
            @app.post("/posts")
            @login_required
            def create_post():
                db.session.add(Post(body=request.form["body"]))
                db.session.commit()
            @app.post("/posts/<int:pid>/delete")
            def delete_post(pid):  # expect
                db.session.delete(Post.query.get(pid))
                db.session.commit()
                return "", 204
            """,
            """
            from flask import Flask, request, session
            from .models import Session
            app = Flask(__name__)
            @app.route("/session", methods=["POST"])
            def sign_on():
                session["uid"] = lookup(request.form["name"])
                return "ok"
            @app.route("/account", methods=["POST"])
            def update_account():  # expect
                form = AccountForm(request.form)
                if not form.validate():
                    return "bad", 400
                with Session() as session:
                    session.merge(form.data)
                    session.commit()
                return "ok"
            """,
            """
            from flask.views import MethodView
            from flask_login import current_user
            class ItemAPI(MethodView):
                def delete(self, item_id):  # expect
                    db.session.delete(Item.query.get(item_id))
                    db.session.commit()
            """,
            """
            import os
            from flask import Flask
            app = Flask(__name__)
            def sign_in():
                return "form"
            def wipe():  # expect
                os.remove("/srv/data/db.sqlite")
                return "ok"
            app.add_url_rule("/login", view_func=sign_in)
            app.add_url_rule("/wipe", view_func=wipe, methods=["POST"])
            """,
            """
            from django.contrib.auth.decorators import login_required
            from .models import Article
            @login_required
            def new_article(request):
                Article.objects.create(title=request.POST["title"], author=request.user)
            def update_article(request, pk):  # expect
                a = Article.objects.get(pk=pk)
                a.title = request.POST["title"]
                a.save()
            """,
            """
            from flask import Flask
            from flask_login import login_required
            from .models import db, Post
            app = Flask(__name__)
            @app.route("/posts/<int:pid>/remove")
            def remove_post(pid):  # expect
                db.session.delete(Post.query.get(pid))
                db.session.commit()
                return "gone"
            """,
        ],
        nonTriggering: [
            """
            from flask import Flask
            from flask_login import login_required
            from .models import db
            app = Flask(__name__)
            @app.route("/posts", methods=["POST"])
            @login_required
            def create_post():
                db.session.commit()
                return "ok"
            """,
            """
            from flask import Flask, session, abort
            from .models import db
            app = Flask(__name__)
            @app.route("/admin/reset", methods=["POST"])
            def reset():
                if session.get("role") != "admin":
                    abort(403)
                db.session.commit()
                return "ok"
            """,
            """
            from django.contrib.auth.decorators import login_required
            @login_required
            def update_article(request, pk):
                request.user.articles.get(pk=pk).save()
            """,
            """
            from flask import Flask
            app = Flask(__name__)
            @app.route("/items")
            def items():
                return "list"
            """,
            """
            from fastapi import Depends, FastAPI
            from fastapi.security import OAuth2PasswordBearer
            app = FastAPI()
            @app.delete("/items/{item_id}")
            def delete_item(item_id: int, user=Depends(get_current_user)):
                db.delete(item_id)
                db.commit()
            """,
            """
            from flask import Flask, request
            from flask_login import login_required
            app = Flask(__name__)
            @app.route("/jobs", methods=["POST"])
            def create_job():
                require_api_key(request)
                db.session.add(Job(name=request.json["name"]))
                db.session.commit()
                return "", 201
            """,
            """
            from rest_framework.permissions import IsAuthenticated
            from rest_framework.views import APIView
            class Items(APIView):
                permission_classes = [IsAuthenticated]
                def post(self, request):
                    Item.objects.create(name=request.data["name"])
            """,
            """
            from flask.views import MethodView
            from flask_login import login_required
            class ItemAPI(MethodView):
                decorators = [login_required]
                def delete(self, item_id):
                    db.session.delete(Item.query.get(item_id))
                    db.session.commit()
            """,
            """
            from flask import Flask, request
            from flask_login import login_required
            from .models import db, User
            app = Flask(__name__)
            @app.route("/register/user", methods=["POST"])
            def reg_customer():
                db.session.add(User(name=request.form["name"]))
                db.session.commit()
                return "ok"
            """,
            """
            from flask import Flask, request
            from flask_login import login_required
            app = Flask(__name__)
            @app.route("/tags", methods=["POST"])
            def count_tags():
                seen = set()
                for t in request.form.getlist("tag"):
                    seen.add(t)
                batch.commit()
                return str(len(seen))
            """,
            """
            # file: tools/run.py
            import os
            from flask import Flask
            app = Flask(__name__)
            @app.route("/run", methods=["POST"])
            def run_command():
                os.system("touch /tmp/flag")
                return "ok"
            """,
            """
            from flask import Flask
            from flask_login import login_required
            app = Flask(__name__)
            @app.route("/report")
            def report():
                with open("/srv/cache/report.html", "w") as f:
                    f.write(render())
                return "ok"
            """,
            """
            import io
            from flask import Flask, request, send_file
            from flask_login import login_required
            app = Flask(__name__)
            @app.route("/thumbnail", methods=["POST"])
            def thumbnail():
                img = make_thumbnail(request.files["image"])
                buf = io.BytesIO()
                img.save(buf, "PNG")
                return send_file(buf, mimetype="image/png")
            """,
            """
            import shutil, pytest
            from django.contrib.auth.decorators import login_required
            @pytest.fixture
            def tmp_path(request, factory):
                path = factory.mktemp(request.node.name)
                yield path
                shutil.rmtree(path, ignore_errors=True)
            """,
        ],
        onFunction: { f, file in
            // pytest fixtures take a `request` too.
            guard f.isView, !file.isTestFile, !f.decoratorNames.contains(where: { $0.hasSuffix("fixture") }) else { return [] }
            if isPublicByDesign(f) || isProtected(f) { return [] }
            var writes: [(line: Int, write: Write)] = []
            var checked = false
            for s in f.def.body {
                s.walk { st in
                    if case .if(let test, _, _) = st.kind, mentionsIdentity(test) { checked = true }
                    if case .assert(let test, _) = st.kind, mentionsIdentity(test) { checked = true }
                    for e in st.childExpressions {
                        e.walk { x in
                            if isAuthCheck(x, file) { checked = true }
                            if let w = stateChange(x, file) { writes.append((x.span.start.line, w)) }
                        }
                    }
                }
            }
            // A view that answers only GET or HEAD is meant to read; what it writes there (a cache file, a view
            // counter) is not the client changing state, unless it deletes or runs something.
            let readOnly = !f.routeMethods.isEmpty && f.routeMethods.isSubset(of: ["GET", "HEAD", "OPTIONS"])
            if readOnly { writes = writes.filter(\.write.destructive) }
            guard !checked, let first = writes.first, !globalGuard(file) else { return [] }
            // Without a login, a protected view or an identity check anywhere in the file, authentication lives
            // elsewhere (middleware, a gateway) or nowhere: either way this file cannot tell.
            guard let evidence = authenticationElsewhere(file, besides: f) else { return [] }
            let def = f.span.start
            let span = Span(start: def, end: Position(line: def.line, column: def.column + (f.def.isAsync ? 10 : 4) + f.name.utf8.count))
            var hit = Hit.plain(span, "View \(f.name)() \(first.write.does) (line \(first.line)) with no authentication decorator or check of the current user, though the app authenticates: \(evidence).", confidence: .medium)
            hit.alsoLines = writes.map(\.line) + f.def.decorators.map(\.span.start.line)
            hit.fingerprintText = "def \(f.name)"
            return [hit]
        }
    )

    /// What a state-changing call does, in the words of the message.
    fileprivate struct Write {
        var does: String
        /// Deletes, drops or runs something: a change even a GET-only view must not make for anyone.
        var destructive = false
    }

    /// A decorator, class declaration or injected dependency that requires a user.
    fileprivate static func isProtected(_ f: FunctionInfo) -> Bool {
        hasAuthDecorator(f) || f.classAuth.contains(where: isAuthMixin) || injectsAuth(f)
    }

    /// Where the file shows that this application authenticates users, in words; nil when it shows nothing.
    fileprivate static func authenticationElsewhere(_ file: FileContext, besides f: FunctionInfo) -> String? {
        if let g = file.functions.first(where: { $0 !== f && isLoginView($0, file) }) {
            return "a login view, \(g.name)() at line \(g.span.start.line)"
        }
        if let g = file.functions.first(where: { $0 !== f && $0.isView && isProtected($0) && !$0.classAuth.contains(where: isAllowAny) }) {
            return "\(g.name)() at line \(g.span.start.line) requires a logged-in user"
        }
        if let m = file.imports.values.sorted().first(where: { v in authModules.contains { v == $0 || v.hasPrefix($0 + ".") } }) {
            return "it imports \(m)"
        }
        if let line = sessionLogin(file) { return "a user id is stored in the session at line \(line)" }
        if let g = file.functions.first(where: { $0 !== f && $0.isView && checksIdentity($0, file) }) {
            return "\(g.name)() at line \(g.span.start.line) checks the current user"
        }
        return nil
    }

    /// Libraries whose import means the app logs users in.
    fileprivate static let authModules = [
        "flask_login", "flask_jwt_extended", "flask_httpauth", "flask_security", "flask_praetorian", "flask_user",
        "django.contrib.auth.decorators", "django.contrib.auth.mixins", "django.contrib.auth.views", "django.contrib.auth.login",
        "django.contrib.auth.authenticate", "rest_framework.permissions", "rest_framework.authentication", "rest_framework_simplejwt",
        "fastapi.security",
    ]

    /// A view that logs users in: named or routed like one, or calling a login function.
    fileprivate static func isLoginView(_ g: FunctionInfo, _ file: FileContext) -> Bool {
        guard g.isView else { return false }
        if Shapes.isLoginNamed(g) { return true }
        var calls = false
        for s in g.def.body {
            s.walk { st in
                for e in st.childExpressions {
                    e.walk { x in
                        guard case .call(let fn, _, _) = x.kind, let q = file.qualified(fn) else { return }
                        if ["flask_login.login_user", "django.contrib.auth.login", "django.contrib.auth.authenticate"].contains(q) { calls = true }
                    }
                }
            }
        }
        return calls
    }

    /// `session["user_id"] = ...` (or "user", "uid", "logged_in", "auth..."): a session-based login.
    fileprivate static func sessionLogin(_ file: FileContext) -> Int? {
        var found: Int? = nil
        for stmt in file.module.body {
            stmt.walk { st in
                guard found == nil else { return }
                for (_, target, _) in Shapes.assignments(st) {
                    guard case .subscript(let base, let key, _) = target.kind, base.lastName == "session",
                          let k = key.stringLiteral?.lowercased() else { continue }
                    if k.contains("user") || k == "uid" || k.contains("logged") || k.hasPrefix("auth") { found = st.span.start.line }
                }
            }
        }
        return found
    }

    /// Does a view check who the caller is anywhere in its body?
    fileprivate static func checksIdentity(_ g: FunctionInfo, _ file: FileContext) -> Bool {
        var checked = false
        for s in g.def.body {
            s.walk { st in
                if case .if(let test, _, _) = st.kind, mentionsIdentity(test) { checked = true }
                for e in st.childExpressions { e.walk { if isAuthCheck($0, file) { checked = true } } }
            }
        }
        return checked
    }

    fileprivate static func isAllowAny(_ base: String) -> Bool { base.lowercased().contains("allowany") }

    fileprivate static func isPublicByDesign(_ f: FunctionInfo) -> Bool {
        let n = (f.name + " " + f.routePaths.joined(separator: " ")).lowercased()
        let words = ["login", "logout", "signin", "sign_in", "signup", "sign_up", "register", "forgot", "reset_password",
                     "password_reset", "token", "oauth", "callback", "authorize", "webhook", "health", "verify_email", "activate"]
        return words.contains(where: n.contains)
    }

    /// FastAPI: `user = Depends(get_current_user)` in the parameters, or `dependencies=[Depends(verify_token)]`.
    fileprivate static func injectsAuth(_ f: FunctionInfo) -> Bool {
        var exprs = f.def.args.defaults + f.def.args.kwDefaults.compactMap { $0 } + f.def.args.all.compactMap(\.annotation)
        for d in f.def.decorators { if case .call(_, _, let kws) = d.kind { exprs += kws.filter { $0.arg == "dependencies" }.map(\.value) } }
        var found = false
        for e in exprs {
            e.walk { x in
                guard case .call(let fn, let args, _) = x.kind, let n = fn.lastName, n == "Depends" || n == "Security" else { return }
                let inner = (args.first?.dottedName ?? "").lowercased()
                if ["user", "auth", "token", "login", "permission", "admin", "verify", "session", "current"].contains(where: inner.contains) { found = true }
            }
        }
        return found
    }

    fileprivate static func hasAuthDecorator(_ f: FunctionInfo) -> Bool {
        let words = ["login", "auth", "permission", "role", "jwt", "token_required", "admin", "staff", "superuser",
                     "user_passes_test", "protected", "secured", "requires", "must_be", "access", "api_key", "acl", "policy"]
        return f.decoratorNames.contains { d in
            let l = d.lowercased()
            return words.contains(where: l.contains) && !l.hasSuffix("csrf_exempt")
        }
    }

    fileprivate static func isAuthMixin(_ base: String) -> Bool {
        let l = base.lowercased()
        // Also `AllowAny`: an explicit declaration that the view is public.
        return l.contains("loginrequired") || l.contains("login_required") || l.contains("permissionrequired")
            || l.contains("permission_required") || l.contains("userpassestest") || l.contains("isauthenticated")
            || l.contains("isadmin") || l.contains("auth") || l.contains("allowany") || l.contains("jwt_required")
            || l.contains("roles_required") || l.contains("permission")
    }

    /// A `before_request` hook that checks the user protects every route of the file.
    fileprivate static func globalGuard(_ file: FileContext) -> Bool {
        file.functions.contains { g in
            g.decoratorNames.contains { $0.hasSuffix("before_request") || $0.hasSuffix("before_app_request") }
                && g.def.body.contains { s in
                    var found = false
                    s.walk { st in
                        if case .if(let test, _, _) = st.kind, mentionsIdentity(test) { found = true }
                        for e in st.childExpressions { e.walk { if isAuthCheck($0, file) { found = true } } }
                    }
                    return found
                }
        }
    }

    /// Does a condition look at who the caller is (session user, current_user, request.user, g.user, an API key)?
    fileprivate static func mentionsIdentity(_ e: Expr) -> Bool {
        var found = false
        e.walk { x in
            switch x.kind {
            case .name(let n, _):
                if ["session", "current_user", "g", "user", "identity", "claims"].contains(n) { found = true }
            case .attribute(_, let a, _):
                if ["user", "is_authenticated", "is_anonymous", "is_staff", "is_superuser", "is_admin", "role", "roles",
                    "has_perm", "has_perms", "has_role", "authorization"].contains(a) { found = true }
            case .constant(.string(let s)):
                let l = s.lowercased()
                if l == "authorization" || l.contains("api-key") || l.contains("api_key") || l == "x-token" { found = true }
            default:
                break
            }
        }
        return found
    }

    fileprivate static func isAuthCheck(_ x: Expr, _ file: FileContext) -> Bool {
        switch x.kind {
        case .call(let f, let args, _):
            let n = (file.qualified(f) ?? "").lowercased()
            let last = (f.lastName ?? "").lowercased()
            if ["abort", "flask.abort"].contains(n), let code = args.first?.intLiteral, code == 401 || code == 403 { return true }
            // Helpers named for what they check: require_api_key(), verify_token(), check_permission(), authenticate().
            let words = ["auth", "login", "permission", "perm", "token", "api_key", "apikey", "jwt", "credential", "require_role",
                         "require_user", "current_user", "is_admin", "signature"]
            if words.contains(where: last.contains) { return true }
            return false
        case .attribute(_, let a, _):
            return ["is_authenticated", "is_anonymous", "has_perm", "has_perms"].contains(a)
        case .name(let n, _):
            return n == "PermissionDenied" || n == "Unauthorized" || n == "Forbidden" || n == "NotAuthenticated"
        case .tuple(let elts, _):
            // `return jsonify(...), 401`
            return elts.count >= 2 && (elts[1].intLiteral == 401 || elts[1].intLiteral == 403)
        default:
            return false
        }
    }

    /// What a call changes on the server, if anything: runs a command, writes a file, changes data.
    fileprivate static func stateChange(_ x: Expr, _ file: FileContext) -> Write? {
        guard let c = Call.of(x, in: file) else { return nil }
        if c.name == "open" || c.name == "io.open" {
            let mode = (c.keyword("mode") ?? (c.args.count > 1 ? c.args[1] : nil))?.stringLiteral ?? "r"
            return mode.contains(where: { "wax+".contains($0) }) ? Write(does: "writes a file") : nil
        }
        switch c.method {
        case "save":
            guard let target = c.args.first else { return Write(does: "saves a record") }
            // `image.save(buffer, "PNG")` renders into memory.
            let t = file.brief(target.span).lowercased()
            if ["bytesio", "stringio", "buf", "stream"].contains(where: t.contains) { return nil }
            return Write(does: "writes a file")
        case "execute", "executemany":
            let sql = (c.args.first?.stringLiteral ?? "").trimmingCharacters().uppercased()
            if ["DELETE", "DROP", "TRUNCATE"].contains(where: sql.hasPrefix) { return Write(does: "deletes data", destructive: true) }
            return ["INSERT", "UPDATE", "CREATE", "ALTER", "REPLACE"].contains(where: sql.hasPrefix) ? Write(does: "changes data") : nil
        default:
            // Outgoing HTTP (`requests.delete(url)`) changes nothing here.
            if let n = c.name, n.hasPrefix("requests.") || n.hasPrefix("httpx.") { return nil }
            return stateChanges.first { $0.pattern.matches(c, in: file) }?.write
        }
    }

    /// Calls that change state, with what they do. The receiver conditions are what tell
    /// `db.session.add(user)` from `seen.add(item)`.
    fileprivate static let stateChanges: [(pattern: CallPattern, write: Write)] = [
        (CallPattern(names: ["os.system", "os.popen", "pty.spawn"] + ["execl", "execle", "execlp", "execlpe", "execv", "execve", "execvp", "execvpe",
                                                                       "spawnl", "spawnle", "spawnlp", "spawnlpe", "spawnv", "spawnve", "spawnvp",
                                                                       "spawnvpe"].map { "os." + $0 },
                     prefixes: ["subprocess."]), Write(does: "runs a command", destructive: true)),
        (CallPattern(names: ["os.remove", "os.unlink", "os.rmdir", "shutil.rmtree"]), Write(does: "deletes files", destructive: true)),
        (CallPattern(names: ["os.rename", "os.replace", "os.makedirs", "os.mkdir", "shutil.move", "shutil.copy", "shutil.copyfile"]),
         Write(does: "changes files")),
        (CallPattern(methods: CallPattern.methods("write_text", "write_bytes")), Write(does: "writes a file")),
        (CallPattern(methods: CallPattern.methods("delete", "delete_one", "delete_many")), Write(does: "deletes data", destructive: true)),
        (CallPattern(methods: [CallPattern.Method("commit", receiver: .nameContains(["session", "db", "conn"])),
                               CallPattern.Method("flush", receiver: .nameContains(["session", "db", "conn"]))]),
         Write(does: "commits a database change")),
        (CallPattern(methods: CallPattern.methods("bulk_create", "bulk_update", "get_or_create", "update_or_create",
                                                  "insert_one", "insert_many", "update_one", "update_many", "replace_one")
                     + [CallPattern.Method("create", receiver: .nameEndsWith(["objects"])),
                        CallPattern.Method("update", receiver: .nameContains(["objects", "query", "filter"])),
                        CallPattern.Method("add", receiver: .nameEndsWith(["session"])),
                        CallPattern.Method("merge", receiver: .nameEndsWith(["session"]))]), Write(does: "changes data")),
    ]
}
