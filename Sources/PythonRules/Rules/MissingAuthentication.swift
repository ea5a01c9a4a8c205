import Python

extension RuleSet {
    static let missingAuthentication = Rule(
        id: "python.missing-authentication",
        title: "State-changing route without authentication",
        cwe: 306, owasp: OWASP.a07, severity: .high,
        explanation: "A view that writes files, runs commands or changes data, with no login decorator and no check of the current user, lets any anonymous client do it.",
        fix: "Require a logged-in user with the right role: decorate with @login_required (Flask-Login, Django) or @roles_required/@permission_required, or check current_user.is_authenticated / request.user.has_perm(...) and abort(401/403) first.",
        bandit: [],
        triggering: [
            """
            import os
            from flask import Flask, request
            app = Flask(__name__)
            @app.route("/run", methods=["POST"])
            def run_command():  # expect
                os.system("touch /tmp/flag")
                return "ok"
            """,
            """
            from flask import Flask, request
            from .models import db, Post
            app = Flask(__name__)
            @app.post("/posts/<int:pid>/delete")
            def delete_post(pid):  # expect
                db.session.delete(Post.query.get(pid))
                db.session.commit()
                return "", 204
            """,
            """
            from flask import Flask, request
            from .models import Session
            app = Flask(__name__)
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
            class ItemAPI(MethodView):
                def delete(self, item_id):  # expect
                    db.session.delete(Item.query.get(item_id))
                    db.session.commit()
            """,
            """
            from flask import Flask
            app = Flask(__name__)
            def wipe():  # expect
                os.remove("/srv/data/db.sqlite")
                return "ok"
            app.add_url_rule("/wipe", view_func=wipe, methods=["POST"])
            """,
            """
            from .models import Article
            def update_article(request, pk):  # expect
                a = Article.objects.get(pk=pk)
                a.title = request.POST["title"]
                a.save()
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
            app = FastAPI()
            @app.delete("/items/{item_id}")
            def delete_item(item_id: int, user=Depends(get_current_user)):
                db.delete(item_id)
                db.commit()
            """,
            """
            from flask import Flask, request
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
            app = Flask(__name__)
            @app.route("/tags", methods=["POST"])
            def count_tags():
                seen = set()
                for t in request.form.getlist("tag"):
                    seen.add(t)
                batch.commit()
                return str(len(seen))
            """,
        ],
        onFunction: { f, file in
            guard f.isView else { return [] }
            if isPublicByDesign(f) || hasAuthDecorator(f) || f.classAuth.contains(where: isAuthMixin) || injectsAuth(f) { return [] }
            if globalGuard(file) { return [] }
            var writes: [(Int, String)] = []
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
            guard !checked, let first = writes.first else { return [] }
            let def = f.span.start
            let span = Span(start: def, end: Position(line: def.line, column: def.column + (f.def.isAsync ? 10 : 4) + f.name.utf8.count))
            var hit = Hit.plain(span, "View \(f.name)() \(first.1) (line \(first.0)) with no authentication decorator or check of the current user.", confidence: .medium)
            hit.alsoLines = writes.map(\.0) + f.def.decorators.map(\.span.start.line)
            hit.fingerprintText = "def \(f.name)"
            return [hit]
        }
    )

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

    /// What a call changes on the server, if anything: "runs a command", "writes a file", "changes data".
    fileprivate static func stateChange(_ x: Expr, _ file: FileContext) -> String? {
        guard let c = Call.of(x, in: file) else { return nil }
        if c.name == "open" || c.name == "io.open" {
            let mode = (c.keyword("mode") ?? (c.args.count > 1 ? c.args[1] : nil))?.stringLiteral ?? "r"
            return mode.contains(where: { "wax+".contains($0) }) ? "writes a file" : nil
        }
        switch c.method {
        case "save":
            return c.args.isEmpty ? "saves a record" : "writes a file"
        case "execute", "executemany":
            let sql = (c.args.first?.stringLiteral ?? "").trimmingCharacters().uppercased()
            return ["INSERT", "UPDATE", "DELETE", "DROP", "CREATE", "ALTER", "REPLACE", "TRUNCATE"].contains(where: sql.hasPrefix) ? "changes data" : nil
        default:
            return stateChanges.first { $0.pattern.matches(c, in: file) }?.does
        }
    }

    /// Calls that change state, with what the message says they do. The receiver conditions are what tell
    /// `db.session.add(user)` from `seen.add(item)`.
    fileprivate static let stateChanges: [(pattern: CallPattern, does: String)] = [
        (CallPattern(names: ["os.system", "os.popen", "pty.spawn"] + ["execl", "execle", "execlp", "execlpe", "execv", "execve", "execvp", "execvpe",
                                                                       "spawnl", "spawnle", "spawnlp", "spawnlpe", "spawnv", "spawnve", "spawnvp",
                                                                       "spawnvpe"].map { "os." + $0 },
                     prefixes: ["subprocess."]), "runs a command"),
        (CallPattern(names: ["os.remove", "os.unlink", "os.rename", "os.replace", "os.makedirs", "os.mkdir", "os.rmdir", "shutil.rmtree",
                             "shutil.move", "shutil.copy", "shutil.copyfile"]), "changes files"),
        (CallPattern(methods: CallPattern.methods("write_text", "write_bytes")), "writes a file"),
        (CallPattern(methods: [CallPattern.Method("commit", receiver: .nameContains(["session", "db", "conn"])),
                               CallPattern.Method("flush", receiver: .nameContains(["session", "db", "conn"]))]), "commits a database change"),
        (CallPattern(methods: CallPattern.methods("delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create",
                                                  "insert_one", "insert_many", "update_one", "update_many", "delete_one", "delete_many", "replace_one")
                     + [CallPattern.Method("create", receiver: .nameEndsWith(["objects"])),
                        CallPattern.Method("update", receiver: .nameContains(["objects", "query", "filter"])),
                        CallPattern.Method("add", receiver: .nameEndsWith(["session"])),
                        CallPattern.Method("merge", receiver: .nameEndsWith(["session"]))]), "changes data"),
    ]
}
