import Python

extension RuleSet {
    static let debugEnabled = Rule(
        id: "python.debug-enabled",
        title: "Debug mode enabled",
        cwe: 489, owasp: OWASP.a05, severity: .high,
        explanation: "Flask's debug mode serves the Werkzeug debugger, an interactive Python console for anyone who can trigger an error; Django's DEBUG = True shows settings, SQL and stack traces to every visitor.",
        fix: "Drive debug mode from the environment and keep it off in production: app.run(debug=os.environ.get(\"FLASK_DEBUG\") == \"1\"); in Django settings, DEBUG = os.environ.get(\"DJANGO_DEBUG\") == \"1\".",
        bandit: ["B201"],
        triggering: [
            """
            from flask import Flask
            app = Flask(__name__)
            if __name__ == "__main__":
                app.run(host="0.0.0.0", debug=True)  # expect
            """,
            """
            from flask import Flask
            app = Flask(__name__)
            app.debug = True  # expect
            app.config["DEBUG"] = True  # expect
            """,
            """
            # file: myproject/settings.py
            DEBUG = True  # expect
            ALLOWED_HOSTS = ["*"]
            """,
        ],
        nonTriggering: [
            """
            import os
            from flask import Flask
            app = Flask(__name__)
            app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
            """,
            """
            # file: myproject/settings.py
            DEBUG = False
            """,
            """
            # file: app/logic.py
            DEBUG = True
            """,
        ],
        calls: CallPattern(methods: CallPattern.methods("run"), keywords: ["DEBUG"]),
        onCall: { c, _ in
            if c.method == "run", let d = c.keyword("debug") ?? c.keyword("use_debugger"), d.isTrueConstant {
                return [.plain(d.span, "The app runs with the Werkzeug debugger, an interactive console for anyone who triggers an error.")]
            }
            return Shapes.configKeywords(c).filter { $0.arg == "DEBUG" && $0.value.isTrueConstant }.map {
                .plain($0.value.span, "DEBUG is enabled in the app configuration.")
            }
        },
        onStatement: { s, flow in
            var hits: [Hit] = []
            for (name, target, value) in flow.assignments(s) where value.isTrueConstant {
                switch target.kind {
                case .attribute(let base, "debug", _):
                    if let b = base.lastName?.lowercased(), b.contains("app") {
                        hits.append(.plain(target.span, "\(b).debug = True turns on the Werkzeug debugger."))
                    }
                case .subscript(let base, _, _) where name == "DEBUG":
                    if base.lastName == "config" { hits.append(.plain(target.span, "DEBUG is enabled in the app configuration.")) }
                case .name("DEBUG", _) where flow.file.isSettingsFile && flow.function == nil:
                    hits.append(.plain(target.span, "DEBUG = True in a settings file exposes stack traces, settings and SQL to visitors.", severity: .medium))
                default:
                    break
                }
            }
            return hits
        }
    )
}
