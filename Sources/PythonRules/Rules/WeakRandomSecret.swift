import Python

extension RuleSet {
    static let weakRandomSecret = Rule(
        id: "python.weak-random-secret",
        title: "Predictable random value reaches a secret",
        cwe: 338, owasp: OWASP.a02, severity: .medium,
        explanation: "A value from the random module (or numpy.random) ends up in a cookie, a session, a token, a password, a salt, a nonce or a mailed link. Those generators are predictable: after a few hundred outputs an observer can compute every later value.",
        fix: "Make secrets with the secrets module: secrets.token_urlsafe(32), secrets.token_hex(16), secrets.choice(alphabet) or secrets.randbelow(n); os.urandom, random.SystemRandom() and uuid.uuid4() are unpredictable too.",
        bandit: ["B311"],
        triggering: [
            """
            import random
            from flask import make_response
            def remember_me():
                value = str(random.random())
                resp = make_response("ok")
                resp.set_cookie("rememberMe", value, secure=True, httponly=True, samesite="Lax")  # expect
                return resp
            """,
            """
            import random
            from flask import session
            def start():
                n = random.randint(0, 2**31)
                session["userid"] = n  # expect
            """,
            """
            import random, string
            def make_user(db, name):
                chars = list(string.ascii_letters)
                random.shuffle(chars)
                initial = "".join(chars[:10])
                db.create(name=name, password=initial)  # expect
            """,
            """
            import numpy as np
            def new_code(user):
                code = np.random.randint(100000, 999999)
                user.reset_code = str(code)  # expect
            """,
            """
            import random
            from django.core.mail import send_mail
            def invite(email):
                link = "https://example.com/join?c=%d" % random.getrandbits(32)
                send_mail("Join us", link, "noreply@example.com", [email])  # expect
            """,
            """
            import random
            def generate_api_token():
                parts = [random.choice("abcdef0123456789") for _ in range(32)]
                token = "".join(parts)  # expect
                return token
            """,
            """
            import random
            def new_password(length=12):
                chars = list("abcdefghjkmnpqrstuvwxyz23456789")
                random.shuffle(chars)
                return "".join(chars[:length])  # expect
            """,
            """
            import random
            import numpy as np
            from flask import session
            def issue(user, seed):
                rng = random.Random(seed)
                user.reset_token = "%08d" % rng.randint(0, 10**8)  # expect
                gen = np.random.default_rng()
                session["csrf"] = str(gen.integers(0, 2**62))  # expect
                letters = list("abcdefghijkmnpqrstuvwxyz")
                rng.shuffle(letters)
                user.password = "".join(letters[:12])  # expect
            """,
        ],
        nonTriggering: [
            """
            import secrets
            from flask import make_response
            def remember_me():
                resp = make_response("ok")
                resp.set_cookie("rememberMe", secrets.token_urlsafe(32), secure=True, httponly=True, samesite="Lax")
                return resp
            """,
            """
            import random
            def simulate(steps):
                position = 0
                for _ in range(steps):
                    position += random.random() - 0.5
                return position
            """,
            """
            import random, uuid
            from flask import session
            def start():
                rng = random.SystemRandom()
                session["nonce"] = rng.getrandbits(64)
                session["id"] = str(uuid.uuid4())
            """,
            """
            import random
            from flask import session
            def pick_theme():
                session["theme"] = "dark"
                return random.choice(["a", "b"])
            """,
            """
            import random
            def reset(user):
                user.reset_token = str(random.getrandbits(64))
            """,
            """
            import random
            import numpy as np
            def issue(user, seed):
                user.reset_token = "%08d" % random.SystemRandom().randint(0, 10**8)
                rng = random.Random(seed)
                noise = [rng.gauss(0, 1) for _ in range(10)]
                gen = np.random.default_rng(seed)
                sample = gen.integers(0, 10, size=5)
                return noise, sample
            """,
        ],
        // Cookies, mail, and keyword arguments named like secrets (a test on the name: so every call with keywords).
        calls: CallPattern(names: mailerNames, builtins: ["send_mail", "send_email"],
                           methods: CallPattern.methods("set_cookie", "set_signed_cookie", "sendmail", "send_message", "send_mail", "send_email")
                               + [CallPattern.Method("send", receiver: .named(["mail"]))],
                           anyKeyword: true),
        onCall: { c, flow in
            if c.method == "set_cookie" || c.method == "set_signed_cookie" {
                guard let v = c.arg(1, "value"), flow.taint(v).tags.contains(.weakRandom) else { return [] }
                return [hit(v, "the value of cookie \(c.arg(0, "key")?.stringLiteral.map { "'\($0)'" } ?? "") set by \(flow.describe(c))")]
            }
            var hits: [Hit] = []
            if isMailer(c) {
                for a in c.args + c.keywords.map(\.value) where flow.taint(a).tags.contains(.weakRandom) {
                    hits.append(hit(a, "a message sent by \(flow.describe(c))"))
                }
                return hits
            }
            // Keyword arguments named like secrets: `User(password=...)`, `Token.create(value=...)` is not one.
            for k in c.keywords {
                guard let name = k.arg, nameMentions(name, RuleSet.secretValueWords), flow.taint(k.value).tags.contains(.weakRandom) else { continue }
                hits.append(hit(k.value, "the \(name)= argument of \(flow.describe(c))"))
            }
            return hits
        },
        onStatement: { s, flow in
            var hits: [Hit] = []
            for (name, target, value) in flow.assignments(s) where flow.taint(value).tags.contains(.weakRandom) {
                if case .subscript(let base, _, _) = target.kind, base.lastName?.lowercasedHasSuffix("session") == true {
                    hits.append(hit(value, "the session entry \(flow.file.brief(target.span))"))
                } else if nameMentions(name, RuleSet.secretValueWords) {
                    hits.append(hit(value, name))
                }
            }
            // Asked only when there is something to report: it searches names, and this hook runs at every statement.
            guard !hits.isEmpty, !insecureRandomnessReports(s, flow) else { return [] }
            return hits
        },
        onReturn: { value, flow in
            // A name like `token` was reported where it was assigned.
            if let n = value.lastName, nameMentions(n, RuleSet.secretValueWords) { return [] }
            guard let f = flow.function, nameMentions(f.name, RuleSet.secretValueWords), flow.taint(value).tags.contains(.weakRandom),
                  let s = flow.statement, !insecureRandomnessReports(s, flow) else { return [] }
            return [hit(value, "the value \(f.name)() returns")]
        }
    )

    fileprivate static func hit(_ e: Expr, _ what: String) -> Hit {
        .plain(e.span, "A value from a predictable generator (random, numpy.random) becomes \(what); it can be predicted from other outputs.")
    }

    fileprivate static let mailerNames = ["django.core.mail.send_mail", "django.core.mail.send_mass_mail", "django.core.mail.EmailMessage",
                                          "django.core.mail.EmailMultiAlternatives", "flask_mail.Message"]

    /// Calls that send mail: a link or code in the message must be unguessable.
    fileprivate static func isMailer(_ c: Call) -> Bool {
        if let n = c.name, mailerNames.contains(n) || c.isBareName && (n == "send_mail" || n == "send_email") { return true }
        guard let m = c.method, let r = c.receiver else { return false }
        return ["sendmail", "send_message", "send_mail", "send_email"].contains(m) || m == "send" && r.lastName == "mail"
    }
}
