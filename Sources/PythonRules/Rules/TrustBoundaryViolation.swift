import Python

extension RuleSet {
    static let trustBoundaryViolation = Rule(
        id: "python.trust-boundary-violation",
        title: "Request data stored in the session unvalidated",
        cwe: 501, owasp: OWASP.a04, severity: .medium,
        explanation: "The session is where the server keeps what it has established about a client (who it is, what it may do). Storing raw request data there mixes the client's claims with those facts, and later code reads them back as trusted.",
        fix: "Validate before storing: convert (int(...)), check against an allow-list (if role not in ROLES: abort(400)), or store what the server derived rather than what the client sent; keep client preferences out of the keys that authorization reads.",
        bandit: [],
        triggering: [
            """
            from flask import Flask, request, session
            app = Flask(__name__)
            @app.route("/prefs", methods=["POST"])
            def prefs():
                session["role"] = request.form["role"]  # expect
                return "ok"
            """,
            """
            def set_user(request):
                name = request.GET.get("name")
                request.session["username"] = name  # expect
            """,
            """
            from flask import request
            import flask
            def remember():
                flask.session.update(lang=request.args["lang"])  # expect
            """,
        ],
        nonTriggering: [
            """
            from flask import Flask, request, session, abort
            app = Flask(__name__)
            ROLES = {"reader", "writer"}
            @app.route("/prefs", methods=["POST"])
            def prefs():
                role = request.form["role"]
                if role not in ROLES:
                    abort(400)
                session["role"] = role
                session["page"] = int(request.form["page"])
                return "ok"
            """,
            """
            from flask import Flask, request, session
            app = Flask(__name__)
            @app.route("/login", methods=["POST"])
            def login():
                user = authenticate(request.form["user"], request.form["password"])
                session["user_id"] = user.id
                session["username"] = request.form["user"]
                return "ok"
            """,
        ],
        calls: CallPattern(methods: ["update", "setdefault"].map { CallPattern.Method($0, receiver: sessionReceiver) }),
        onCall: { c, flow in
            guard let m = c.method, m == "update" || m == "setdefault", let r = c.receiver, sessionReceiver.matches(r, in: flow.file),
                  !isLoginView(flow.function) else { return [] }
            return (c.args + c.keywords.map(\.value)).map { v in
                Hit(span: v.span, value: flow.taint(v), sink: "the session, through \(flow.describe(c))")
            }
        },
        onStatement: { s, flow in
            // The session stores come first: the login-view test searches names, and runs at every statement otherwise.
            let stores = flow.assignments(s).filter { _, target, _ in
                guard case .subscript(let base, _, _) = target.kind else { return false }
                return sessionReceiver.matches(base, in: flow.file)
            }
            guard !stores.isEmpty, !isLoginView(flow.function) else { return [] }
            return stores.map { _, target, value in
                Hit(span: value.span, value: flow.taint(value), sink: "the session entry \(flow.file.brief(target.span))")
            }
        }
    )

    /// `session`, `flask.session`, `request.session`, `self.session`, `user_session`: names ending in "session".
    /// (SQLAlchemy's `db.session` is never subscripted or updated with request data this way.)
    fileprivate static let sessionReceiver = Receiver.nameEndsWith(["session"])

    /// A login view stores what it just authenticated.
    fileprivate static func isLoginView(_ f: FunctionInfo?) -> Bool {
        guard let f else { return false }
        return Shapes.isLoginNamed(f, also: ["authenticate", "oauth", "callback"])
    }
}
