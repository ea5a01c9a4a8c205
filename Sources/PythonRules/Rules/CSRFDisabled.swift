import Python

extension RuleSet {
    static let csrfDisabled = Rule(
        id: "python.csrf-disabled",
        title: "CSRF protection disabled",
        cwe: 352, owasp: OWASP.a01, severity: .medium,
        explanation: "Without a CSRF token check, any site a logged-in user visits can submit forms to this app in the user's name.",
        fix: "Keep CSRF protection on (Flask-WTF CSRFProtect, Django's CsrfViewMiddleware) and send the token with forms and AJAX requests; exempt only endpoints authenticated by something other than cookies (signed webhooks, bearer tokens).",
        bandit: [],
        triggering: [
            """
            from django.views.decorators.csrf import csrf_exempt
            @csrf_exempt  # expect
            def transfer(request):
                return None
            """,
            """
            from flask import Flask
            app = Flask(__name__)
            app.config["WTF_CSRF_ENABLED"] = False  # expect
            app.config.update(WTF_CSRF_CHECK_DEFAULT=False)  # expect
            """,
            """
            # file: settings.py
            WTF_CSRF_ENABLED = False  # expect
            """,
            """
            # file: settings.py
            MIDDLEWARE = [  # expect
                "django.contrib.sessions.middleware.SessionMiddleware",
                "django.contrib.auth.middleware.AuthenticationMiddleware",
            ]
            """,
        ],
        nonTriggering: [
            """
            from flask import Flask
            from flask_wtf.csrf import CSRFProtect
            app = Flask(__name__)
            app.config["WTF_CSRF_ENABLED"] = True
            csrf = CSRFProtect(app)
            """,
            """
            # file: settings.py
            MIDDLEWARE = [
                "django.contrib.sessions.middleware.SessionMiddleware",
                "django.middleware.csrf.CsrfViewMiddleware",
            ]
            """,
        ],
        calls: CallPattern(keywords: ["WTF_CSRF_ENABLED", "WTF_CSRF_CHECK_DEFAULT", "CSRF_ENABLED"]),
        onCall: { c, _ in
            Shapes.configKeywords(c).filter { ["WTF_CSRF_ENABLED", "WTF_CSRF_CHECK_DEFAULT", "CSRF_ENABLED"].contains($0.arg!) && $0.value.isFalseConstant }
                .map { .plain($0.value.span, "\($0.arg!) = False turns off CSRF protection.") }
        },
        onStatement: { s, flow in
            var hits: [Hit] = []
            for (name, target, value) in flow.assignments(s) {
                if ["WTF_CSRF_ENABLED", "WTF_CSRF_CHECK_DEFAULT", "CSRF_ENABLED"].contains(name), value.isFalseConstant {
                    if case .name = target.kind, !flow.file.isSettingsFile { continue }
                    hits.append(.plain(value.span, "\(name) = False turns off CSRF protection."))
                }
                if name == "MIDDLEWARE", flow.file.isSettingsFile, case .name = target.kind {
                    let text = flow.file.text(value.span)
                    if text.contains("SessionMiddleware"), !text.contains("CsrfViewMiddleware") {
                        hits.append(.plain(target.span, "MIDDLEWARE uses sessions but not django.middleware.csrf.CsrfViewMiddleware.", confidence: .medium))
                    }
                }
            }
            return hits
        },
        onFunction: { f, file in
            for d in f.def.decorators {
                var callee = d
                if case .call(let fn, _, _) = d.kind { callee = fn }
                let n = callee.dottedName ?? ""
                if n.hasSuffix("csrf_exempt") || n.hasSuffix("csrf.exempt") {
                    return [.plain(d.span, "\(f.name)() is exempt from CSRF protection.")]
                }
            }
            return []
        }
    )
}
