import Python

extension RuleSet {
    static let hardcodedSecret = Rule(
        id: "python.hardcoded-secret",
        title: "Hard-coded secret",
        cwe: 798, owasp: OWASP.a07, severity: .high,
        explanation: "A secret key, password or signing key written in the code is shared with everyone who can read the repository and cannot be rotated without a release; with Flask's SECRET_KEY anyone can forge sessions.",
        fix: "Read secrets from the environment or a secret manager at start-up and fail if they are missing: app.secret_key = os.environ[\"SECRET_KEY\"].",
        bandit: ["B105", "B106", "B107"],
        findsCredentials: true,
        triggering: [
            """
            from flask import Flask
            app = Flask(__name__)
            SECRET_KEY = "hardcoded-secret"  # expect
            """,
            """
            from flask import Flask
            app = Flask(__name__)
            app.secret_key = "s3cr3t-k3y-123"  # expect
            app.config["JWT_SECRET_KEY"] = "jwt-signing"  # expect
            """,
            """
            # file: settings.py
            SECRET_KEY = "django-insecure-9a8b7c6d5e4f"  # expect
            """,
            """
            import psycopg2
            conn = psycopg2.connect(host="db", user="app", password="hunter22")  # expect
            """,
            """
            import jwt
            def issue(claims):
                return jwt.encode(claims, "my-signing-key", algorithm="HS256")  # expect
            """,
            """
            import os
            from flask import Flask
            app = Flask(__name__)
            app.config.update(SECRET_KEY=os.environ.get("SECRET_KEY", "dev-fallback-key"))  # expect
            """,
            """
            DATABASE_URL = "postgresql://app:Sup3rS3cret@db.internal/app"  # expect
            """,
        ],
        nonTriggering: [
            """
            import os
            from flask import Flask
            app = Flask(__name__)
            app.secret_key = os.environ.get("SECRET_KEY")
            """,
            """
            PASSWORD_FIELD = "password"
            SECRET_KEY_ENV = "SECRET_KEY"
            TOKEN_URL = "https://auth.example.com/token"
            """,
            """
            import jwt, os
            def issue(claims):
                return jwt.encode(claims, os.environ["JWT_KEY"], algorithm="HS256")
            """,
            """
            def login(client):
                client.login(username="u", password="")
            """,
            """
            DATABASE_URL = "postgresql://app@db.internal/app"
            """,
            """
            # file: tests/test_login.py
            def test_login(client):
                client.post("/login", data={"username": "alice"}, password="correct-horse")
            """,
        ],
        // Keyword arguments named like secrets (a predicate, so every call passing one), and JWT calls' positional key.
        calls: CallPattern(prefixes: ["jwt.", "jose."], anyKeyword: true),
        onCall: { c, flow in
            if flow.file.isTestFile { return [] }
            var hits: [Hit] = []
            // Keyword arguments: connect(password="..."), config.update(SECRET_KEY="..."), jwt keys.
            for k in c.keywords {
                guard let arg = k.arg, k.value.stringish != nil || { if case .call = k.value.kind { return true } else { return false } }(),
                      Shapes.isSecretName(arg) || (arg == "key" && isJWT(c)) else { continue }
                if let s = k.value.stringish, !Shapes.isPlaceholder(s) {
                    hits.append(.plain(k.value.span, "A literal is passed as \(arg)= to \(flow.describe(c)).", cwe: arg.lowercased().contains("pass") ? 259 : 798))
                } else if let d = defaultSecret(k.value) {
                    hits.append(d)
                }
            }
            if isJWT(c), c.method == "encode" || c.method == "decode" || c.name?.hasSuffix(".encode") == true || c.name?.hasSuffix(".decode") == true,
               c.keyword("key") == nil, let key = c.arg(1), let s = key.stringish, !Shapes.isPlaceholder(s) {
                hits.append(.plain(key.span, "The JWT signing key is a literal in the code; anyone who reads it can mint tokens."))
            }
            return hits
        },
        onStatement: { s, flow in
            if flow.file.isTestFile { return [] }
            var hits: [Hit] = []
            for (name, _, value) in flow.assignments(s) {
                // Cheap shape checks first: this runs for every assignment of every file.
                guard value.stringish != nil || { if case .call = value.kind { return true } else { return false } }() else { continue }
                if Shapes.isSecretName(name), let v = value.stringish, !Shapes.isPlaceholder(v) {
                    hits.append(.plain(value.span, "\(name) is set to a literal in the code.", cwe: name.lowercased().contains("pass") ? 259 : 798))
                } else if Shapes.isSecretName(name), let d = defaultSecret(value) {
                    hits.append(d)
                } else if let v = value.stringLiteral, hasPasswordInURL(v) {
                    hits.append(.plain(value.span, "\(name) holds a connection URL with a literal password.", cwe: 259))
                }
            }
            return hits
        }
    )

    fileprivate static func isJWT(_ c: Call) -> Bool {
        guard let n = c.name else { return false }
        return n.hasPrefix("jwt.") || n.hasPrefix("jose.jwt.") || n.hasPrefix("jose.") && n.contains("jwt")
    }

    /// `os.environ.get("SECRET_KEY", "literal")`: the fallback becomes the production secret when the variable is unset.
    fileprivate static func defaultSecret(_ e: Expr) -> Hit? {
        guard case .call(let f, let args, _) = e.kind, let n = f.dottedName,
              n.hasSuffix("environ.get") || n.hasSuffix("getenv"), args.count >= 2,
              let fallback = args[1].stringish, !Shapes.isPlaceholder(fallback) else { return nil }
        return .plain(args[1].span, "The secret falls back to a literal when the environment variable is missing.", confidence: .medium)
    }

    fileprivate static func hasPasswordInURL(_ s: String) -> Bool {
        guard let scheme = s.range(of: "://") else { return false }
        let rest = s[scheme.upperBound...]
        guard let at = rest.firstIndex(of: "@") else { return false }
        let userinfo = rest[..<at]
        guard !userinfo.contains("/"), let colon = userinfo.firstIndex(of: ":") else { return false }
        let password = String(userinfo[userinfo.index(after: colon)...])
        return !Shapes.isPlaceholder(password) && !password.hasPrefix("$") && !password.hasPrefix("%")
    }
}
