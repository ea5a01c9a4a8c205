import Python

extension RuleSet {
    static let pickledClientState = Rule(
        id: "python.pickled-client-state",
        title: "Pickled data sent to the client",
        cwe: 502, owasp: OWASP.a08, severity: .high,
        explanation: "Serializing state with pickle (or dill/marshal) into a response, cookie or Flask session hands the client a blob the server will later unpickle; a modified blob executes code on load.",
        fix: "Keep the session on the server (flask.session with a secret key from the environment, or a server-side session store) and send only an opaque id; if data must travel, use JSON signed with itsdangerous.",
        bandit: ["B301"],
        triggering: [
            """
            import pickle
            from flask import Flask
            app = Flask(__name__)
            @app.route("/login", methods=["POST"])
            def login():
                session = {"user_id": 1, "role": "user"}
                return pickle.dumps(session)  # expect
            """,
            """
            import pickle, base64
            from flask import make_response
            def remember(user):
                resp = make_response("ok")
                resp.set_cookie("state", base64.b64encode(pickle.dumps(user)), secure=True, httponly=True, samesite="Lax")  # expect
                return resp
            """,
        ],
        nonTriggering: [
            """
            import json
            from flask import Flask, session
            app = Flask(__name__)
            @app.route("/login", methods=["POST"])
            def login():
                session["user_id"] = 1
                return json.dumps({"ok": True})
            """,
            """
            import pickle
            def save(obj, path):
                with open(path, "wb") as f:
                    f.write(pickle.dumps(obj))
            """,
        ],
        calls: CallPattern(names: Shapes.responseConstructors, methods: CallPattern.methods("set_cookie", "set_signed_cookie")),
        // Only the serializers of these modules make the pickled values it looks for.
        imports: ["pickle", "cPickle", "_pickle", "dill", "marshal", "jsonpickle", "cloudpickle"],
        onCall: { c, flow in
            var values: [Expr] = []
            if c.method == "set_cookie" || c.method == "set_signed_cookie" { values = [c.arg(1, "value")].compactMap { $0 } }
            else if Shapes.isResponseConstructor(c) { values = [c.arg(0)].compactMap { $0 } }
            return values.filter { flow.taint($0).tags.contains(.pickled) }.map {
                .plain($0.span, "Pickled data is sent to the client by \(flow.describe(c)); when it comes back and is unpickled, a tampered blob runs code.")
            }
        },
        onStatement: { s, flow in
            // Flask's `session` is a cookie the client holds.
            for (_, target, value) in flow.assignments(s) {
                guard case .subscript(let base, _, _) = target.kind, base.dottedName == "session",
                      flow.taint(value).tags.contains(.pickled) else { continue }
                return [.plain(value.span, "Pickled data is stored in the Flask session, which is a cookie the client holds and sends back.")]
            }
            return []
        },
        onReturn: { value, flow in
            guard let f = flow.function, f.isView, flow.taint(value).tags.contains(.pickled) else { return [] }
            return [.plain(value.span, "View \(f.name)() returns pickled data to the client; when it comes back and is unpickled, a tampered blob runs code.")]
        }
    )
}
