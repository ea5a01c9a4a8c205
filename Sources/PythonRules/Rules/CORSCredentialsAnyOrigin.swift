import Python

extension RuleSet {
    static let corsCredentialsAnyOrigin = Rule(
        id: "python.cors-credentials-any-origin",
        title: "CORS lets any site make authenticated requests",
        cwe: 942, owasp: OWASP.a05, severity: .high,
        explanation: "With credentials allowed for every origin, the CORS layer echoes whatever Origin a browser sends, so any web page a logged-in user visits can call the API with the user's cookies and read the answers. (Flask-CORS allows every origin unless told otherwise.)",
        fix: "List the origins that may send credentials: CORS(app, origins=[\"https://app.example.com\"], supports_credentials=True); in Django, CORS_ALLOWED_ORIGINS = [\"https://app.example.com\"] instead of CORS_ALLOW_ALL_ORIGINS = True.",
        bandit: [],
        triggering: [
            """
            from flask import Flask
            from flask_cors import CORS
            app = Flask(__name__)
            CORS(app, supports_credentials=True)  # expect
            """,
            """
            from flask_cors import CORS, cross_origin
            CORS(app, origins="*", supports_credentials=True)  # expect
            @app.route("/me")
            @cross_origin(origins=["*"], supports_credentials=True)  # expect
            def me():
                return current_user.email
            """,
            """
            # file: mysite/settings.py
            CORS_ALLOW_ALL_ORIGINS = True  # expect
            CORS_ALLOW_CREDENTIALS = True
            """,
        ],
        nonTriggering: [
            """
            from flask_cors import CORS
            CORS(app)
            """,
            """
            from flask_cors import CORS
            CORS(app, origins=["https://app.example.com"], supports_credentials=True)
            CORS(app, resources={r"/api/*": {"origins": "https://app.example.com"}}, supports_credentials=True)
            """,
            """
            # file: mysite/settings.py
            CORS_ALLOW_ALL_ORIGINS = True
            """,
            """
            # file: mysite/settings.py
            CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
            CORS_ALLOW_CREDENTIALS = True
            """,
        ],
        calls: CallPattern(names: ["flask_cors.CORS", "flask_cors.cross_origin", "flask_cors.extension.CORS"]),
        onCall: { c, _ in
            guard c.matches("flask_cors.CORS", "flask_cors.cross_origin", "flask_cors.extension.CORS"),
                  let credentials = c.keyword("supports_credentials"), credentials.isTrueConstant,
                  c.keyword("resources") == nil else { return [] }
            // Flask-CORS's default origins are "*".
            if let origins = c.keyword("origins") ?? c.keyword("origin"), !isEveryOrigin(origins) { return [] }
            return [.plain(c.span, "\(c.callee.dottedName ?? "CORS")() allows credentials from every origin.")]
        },
        onStatement: { s, flow in
            guard flow.function == nil, flow.file.isSettingsFile else { return [] }
            var hits: [Hit] = []
            for (name, target, value) in flow.assignments(s)
            where (name == "CORS_ALLOW_ALL_ORIGINS" || name == "CORS_ORIGIN_ALLOW_ALL") && value.isTrueConstant {
                guard case .name = target.kind, allowsCredentials(flow.file.module.body) else { continue }
                hits.append(.plain(s.span, "\(name) = True with CORS_ALLOW_CREDENTIALS = True lets every site send the user's cookies."))
            }
            return hits
        }
    )

    /// `"*"`, `["*"]`, or a regex that matches anything.
    fileprivate static func isEveryOrigin(_ e: Expr) -> Bool {
        let values: [Expr]
        switch e.kind {
        case .list(let elements, _), .tuple(let elements, _), .set(let elements): values = elements
        default: values = [e]
        }
        return values.contains { ["*", ".*", "^.*$", "https?://.*"].contains($0.stringLiteral ?? "") }
    }

    /// `CORS_ALLOW_CREDENTIALS = True` at the top level of a settings module.
    fileprivate static func allowsCredentials(_ body: [Stmt]) -> Bool {
        body.contains { s in
            Shapes.assignments(s).contains { $0.name == "CORS_ALLOW_CREDENTIALS" && $0.value.isTrueConstant }
        }
    }
}
