import Python

extension RuleSet {
    static let insecureCookie = Rule(
        id: "python.insecure-cookie",
        title: "Cookie without Secure, HttpOnly or SameSite",
        cwe: 614, owasp: OWASP.a05, severity: .medium,
        explanation: "A cookie without Secure travels over plain HTTP, one without HttpOnly is readable by any injected script, and one without SameSite rides along on cross-site requests (CSRF).",
        fix: "Set all three: resp.set_cookie(\"sid\", value, secure=True, httponly=True, samesite=\"Lax\"); for the session cookie, SESSION_COOKIE_SECURE = True, SESSION_COOKIE_HTTPONLY = True, SESSION_COOKIE_SAMESITE = \"Lax\".",
        bandit: [],
        triggering: [
            """
            from flask import make_response, request
            def login():
                resp = make_response("ok")
                resp.set_cookie("session_id", request.args["sid"])  # expect
                return resp
            """,
            """
            def view(request, response, token):
                response.set_cookie("auth", token, secure=False, httponly=True, samesite="Lax")  # expect
            """,
            """
            from flask import Flask
            app = Flask(__name__)
            app.config["SESSION_COOKIE_SECURE"] = False  # expect
            app.config.update(SESSION_COOKIE_HTTPONLY=False, SESSION_COOKIE_SAMESITE=None)  # expect
            """,
            """
            # file: settings.py
            CSRF_COOKIE_SECURE = False  # expect
            """,
            """
            import secrets
            from flask import make_response
            def login():
                param = False
                bar = param
                resp = make_response("welcome")
                resp.set_cookie("session_id", secrets.token_urlsafe(32), secure=bar, httponly=bar, samesite="Lax")  # expect
                return resp
            """,
            """
            def embed(resp, sid):
                resp.set_cookie("sid", sid, secure=True, httponly=True, samesite="None")  # expect
            """,
            """
            import secrets
            def login(resp):
                flags = {"secure": True, "plain": False}
                limit = 3
                on = flags["secure"] if limit > 5 else flags["plain"]
                resp.set_cookie("session_id", secrets.token_hex(16), secure=on, httponly=True, samesite="Lax")  # expect
            """,
        ],
        nonTriggering: [
            """
            import secrets
            def login(resp):
                flags = {"secure": True, "plain": False}
                limit = 9
                on = flags["secure"] if limit > 5 else flags["plain"]
                resp.set_cookie("session_id", secrets.token_hex(16), secure=on, httponly=True, samesite="Lax")
            """,
            """
            def login(resp, sid):
                resp.set_cookie("sid", sid, secure=True, httponly=True, samesite="Strict")
            """,
            """
            def prefs(resp):
                resp.set_cookie("theme", "dark")
            """,
            """
            from flask import Flask
            app = Flask(__name__)
            app.config.update(SESSION_COOKIE_SECURE=True, SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
            """,
            """
            import secrets
            from flask import make_response
            def login():
                param = False
                bar = True
                resp = make_response("welcome")
                resp.set_cookie("session_id", secrets.token_urlsafe(32), secure=bar, httponly=bar, samesite="Lax")
                return resp
            """,
            """
            import secrets
            from flask import make_response
            def remember():
                resp = make_response("ok")
                resp.set_cookie("remember_token", secrets.token_hex(16), secure=True, httponly=True)
                return resp
            """,
            """
            def prefs(resp):
                theme = "dark"
                resp.set_cookie("theme", theme)
            """,
        ],
        calls: CallPattern(methods: CallPattern.methods("set_cookie", "set_signed_cookie"), keywords: cookieSettings),
        onCall: { c, flow in
            if c.method == "set_cookie" || c.method == "set_signed_cookie" {
                guard !c.hasKwargsSplat else { return [] }
                let name = c.arg(0, "key")?.stringLiteral ?? ""
                let value = c.arg(1, "value")
                // A constant cookie ("theme" = "dark") holds nothing worth stealing.
                let sensitive = nameMentions(name, ["sess", "token", "auth", "user", "id", "remember", "jwt", "csrf", "key", "login"])
                    || (value.map { flow.literalValue($0) == nil } ?? false)
                guard sensitive else { return [] }
                var missing: [String] = []
                // A flag held in a local is read through it (`secure = False` ... `secure=secure`); one whose
                // value cannot be known is given the benefit of the doubt.
                func off(_ k: String) -> Bool {
                    guard let v = c.keyword(k) else { return true }
                    guard let l = flow.literalValue(v) else { return false }
                    return l.isFalseConstant || l.isNoneConstant || (k == "samesite" && l.stringLiteral?.lowercased() == "none")
                }
                if off("secure") { missing.append("Secure") }
                if off("httponly") { missing.append("HttpOnly") }
                if off("samesite") { missing.append("SameSite") }
                // Without the attribute, current browsers treat the cookie as SameSite=Lax: alone, its absence is
                // no finding (an explicit samesite=None, sending it on cross-site requests, still is).
                if missing == ["SameSite"], c.keyword("samesite") == nil { return [] }
                guard !missing.isEmpty else { return [] }
                let cwe = missing.contains("Secure") ? 614 : missing.contains("HttpOnly") ? 1004 : 1275
                return [.plain(c.span, "Cookie \(name.isEmpty ? "" : "'\(name)' ")is set without \(missing.joined(separator: ", ")).",
                               confidence: missing == ["SameSite"] ? .low : .high, cwe: cwe)]
            }
            return Shapes.configKeywords(c).compactMap { k in
                insecureSetting(k.arg!, flow.literalValue(k.value) ?? k.value).map { .plain(k.value.span, $0.0, cwe: $0.1) }
            }
        },
        onStatement: { s, flow in
            flow.assignments(s).compactMap { name, target, value in
                if case .name = target.kind, !flow.file.isSettingsFile { return nil }
                guard cookieSettings.contains(name) else { return nil }
                return insecureSetting(name, flow.literalValue(value) ?? value).map { .plain(value.span, $0.0, cwe: $0.1) }
            }
        }
    )

    fileprivate static func insecureSetting(_ name: String, _ value: Expr) -> (String, Int)? {
        switch name {
        case "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE":
            return value.isFalseConstant ? ("\(name) = False sends the cookie over plain HTTP.", 614) : nil
        case "SESSION_COOKIE_HTTPONLY", "REMEMBER_COOKIE_HTTPONLY":
            return value.isFalseConstant ? ("\(name) = False lets page scripts read the cookie.", 1004) : nil
        case "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE", "REMEMBER_COOKIE_SAMESITE":
            if value.isNoneConstant || value.isFalseConstant || value.stringLiteral?.lowercased() == "none" {
                return ("\(name) = None sends the cookie on cross-site requests.", 1275)
            }
            return nil
        default:
            return nil
        }
    }

    /// The settings `insecureSetting` judges, which the rule's call pattern lists as keywords (`config.update(X=...)`).
    fileprivate static let cookieSettings = [
        "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
        "REMEMBER_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE", "REMEMBER_COOKIE_SAMESITE",
    ]
}
