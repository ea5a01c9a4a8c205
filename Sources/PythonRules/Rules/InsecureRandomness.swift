import Python

extension RuleSet {
    static let insecureRandomness = Rule(
        id: "python.insecure-randomness",
        title: "Predictable random value used as a secret",
        cwe: 330, owasp: OWASP.a02, severity: .medium,
        explanation: "The random module is a Mersenne Twister: after 624 outputs its state is known and every later token, password or reset code can be predicted.",
        fix: "Use the secrets module: secrets.token_urlsafe(32), secrets.token_hex(16), secrets.choice(alphabet), or secrets.randbelow(n).",
        bandit: ["B311"],
        triggering: [
            """
            import random, string
            def new_password():
                return "".join(random.choice(string.ascii_letters) for _ in range(12))  # expect
            """,
            """
            import random
            def reset(user):
                user.reset_token = str(random.getrandbits(64))  # expect
            """,
            """
            from random import randint
            otp_code = randint(100000, 999999)  # expect
            """,
        ],
        nonTriggering: [
            """
            import random
            def shuffle_deck(cards):
                random.shuffle(cards)
                return random.choice(cards)
            """,
            """
            import secrets
            def new_token():
                return secrets.token_urlsafe(32)
            """,
            """
            import random
            rng = random.SystemRandom()
            session_key = rng.getrandbits(128)
            """,
        ],
        calls: CallPattern(names: randomFunctions.map { "random." + $0 }),
        onCall: { c, flow in
            guard let n = c.name, n.hasPrefix("random."), randomFunctions.contains(String(n.dropFirst("random.".count))),
                  let hitName = secretNamedFromRandom(flow) else { return [] }
            return [.plain(c.span, "\(n)() produces \(hitName), but the random module is predictable; use the secrets module.")]
        }
    )

    fileprivate static let randomFunctions = ["random", "randint", "randrange", "choice", "choices", "sample", "getrandbits", "uniform", "randbytes"]
    /// Names of values that must be unpredictable.
    static let secretValueWords = NameWords(["token", "passw", "pwd", "secret", "otp", "nonce", "salt", "reset", "csrf", "api_key", "apikey",
                                   "session_key", "sessionid", "session_id", "verification", "activation", "invite", "signing", "private_key",
                                   "secret_key"])

    /// The secret-sounding name the current statement gives a value (the name it is stored under, or the function
    /// returning it), if any.
    fileprivate static func secretNamedFromRandom(_ flow: Flow) -> String? {
        var context = Shapes.targetNames(flow.statement)
        if let fn = flow.function, case .return = flow.statement?.kind { context.append(fn.name) }
        return context.first(where: { nameMentions($0, secretValueWords) })
    }

    /// Does this rule report a call of `s` itself (so a rule following the value need not report `s` again)?
    static func insecureRandomnessReports(_ s: Stmt, _ flow: Flow) -> Bool {
        guard secretNamedFromRandom(flow) != nil else { return false }
        var found = false
        for e in s.childExpressions where !found {
            e.walk { x in
                guard !found, case .call(let f, _, _) = x.kind, let q = flow.file.qualified(f), q.hasPrefix("random.") else { return }
                if randomFunctions.contains(String(q.dropFirst("random.".count))) { found = true }
            }
        }
        return found
    }
}
