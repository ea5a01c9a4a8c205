import Python

extension RuleSet {
    static let weakHash = Rule(
        id: "python.weak-hash",
        title: "Broken hash applied to sensitive data",
        cwe: 328, owasp: OWASP.a02, severity: .medium,
        explanation: "MD5 and SHA-1 have practical collision attacks and are fast to brute-force: a digest of client data, personal data or a credential made with them can be forged, or reversed by trying candidates.",
        fix: "Use SHA-256 or better (hashlib.sha256, hashlib.blake2b) for integrity, an HMAC (hmac.new(key, msg, hashlib.sha256)) for tokens and signatures, argon2 or bcrypt for passwords. For a cache key or an ETag, say so: hashlib.md5(data, usedforsecurity=False).",
        bandit: ["B303", "B324"],
        triggering: [
            """
            import hashlib
            from flask import request
            def fingerprint_user():
                email = request.form["email"]
                return hashlib.md5(email.encode()).hexdigest()  # expect
            """,
            """
            import hashlib
            ALGORITHM = "sha1"
            def store_card(card_number):
                h = hashlib.new(ALGORITHM, card_number.encode())  # expect
                return h.hexdigest()
            """,
            """
            import hashlib
            def remember(user, secret_answer):
                h = hashlib.md5()
                h.update(secret_answer.encode())  # expect
                user.answer = h.hexdigest()
            """,
            """
            import hashlib
            def issue(user, seed):
                digest = hashlib.sha1(seed).hexdigest()
                user.api_key = digest  # expect
            """,
            """
            from cryptography.hazmat.primitives import hashes
            def check(stored_signature, blob):
                h = hashes.Hash(hashes.MD5())
                h.update(blob)
                if h.finalize() == stored_signature:  # expect
                    return True
            """,
            """
            from Crypto.Hash import MD5
            def digest_ssn(ssn):
                return MD5.new(ssn.encode()).hexdigest()  # expect
            """,
        ],
        nonTriggering: [
            """
            import hashlib
            from flask import request
            def fingerprint_user():
                email = request.form["email"]
                return hashlib.sha256(email.encode()).hexdigest()
            """,
            """
            import hashlib
            def etag(body):
                return hashlib.md5(body).hexdigest()
            """,
            """
            import hashlib
            from flask import request
            def cached():
                cache_key = hashlib.md5(request.full_path.encode()).hexdigest()
                return cache_key
            """,
            """
            import hashlib
            from flask import request
            def fingerprint():
                return hashlib.md5(request.data, usedforsecurity=False).hexdigest()
            """,
            """
            import hashlib
            ALGORITHM = "sha256"
            def store_card(card_number):
                return hashlib.new(ALGORITHM, card_number.encode()).hexdigest()
            """,
            """
            import hashlib
            def store(password):
                return hashlib.md5(password.encode()).hexdigest()
            """,
            """
            import hashlib
            from flask import request
            def save():
                email = request.form["email"]
                bar = str(len(email))
                pw_hash = hashlib.sha1(bar.encode()).hexdigest()
                return pw_hash
            """,
            """
            import hashlib
            def issue(user):
                user.api_key = hashlib.md5(b"static-asset-v2").hexdigest()
            """,
        ],
        calls: CallPattern(names: Tables.hashConstructors.keys.sorted(), methods: CallPattern.methods("update")),
        onCall: { c, flow in
            // Passwords and tokens made with these calls are python.weak-password-hash's to report.
            if passwordHashHit(c, flow) != nil { return [] }
            return weakHashUse(c, flow).map { [$0] } ?? []
        },
        onStatement: { s, flow in
            // A digest stored or compared as a credential. Cheap tests first: this runs at every statement.
            var hits: [Hit] = []
            for (name, _, value) in flow.assignments(s) where isCredentialName(name) {
                let t = flow.taint(value)
                // The digest itself, not text built around it (an HTTP Digest header, a formatted id).
                guard t.tags.contains(.weakDigest), !t.tags.contains(.built) else { continue }
                hits.append(.plain(value.span, "A digest of a broken hash (MD5 or SHA-1) is stored as \(name); it can be forged or found by trying candidates."))
            }
            for e in flow.file.expressionsMayHoldingEqualityTest(s) {
                e.walk { x in
                    guard case .compare(let left, let ops, let comparators) = x.kind, ops.count == 1, ops[0] == .eq || ops[0] == .notEq,
                          let right = comparators.first else { return }
                    for (a, b) in [(left, right), (right, left)] where flow.taint(a).tags.contains(.weakDigest) {
                        guard let n = b.lastName ?? subscriptKey(b), isCredentialName(n) else { continue }
                        hits.append(.plain(x.span, "A digest of a broken hash (MD5 or SHA-1) is checked against \(n) as a credential."))
                        return
                    }
                }
            }
            guard !hits.isEmpty else { return [] }
            // When the hash is made in this statement, the call was judged where it is (here or by weak-password-hash).
            for e in s.childExpressions {
                var judged = false
                e.walk { x in
                    guard !judged, let c = Call.of(x, in: flow.file),
                          Tables.weakHashAlgorithm(c, in: flow.file, function: flow.function) != nil || c.method == "update" else { return }
                    if passwordHashHit(c, flow) != nil || weakHashUse(c, flow) != nil || hashesConstant(c, flow) { judged = true }
                }
                if judged { return [] }
            }
            return hits
        }
    )

    /// Client data, or a value named like a secret or personal data, fed to a broken hash.
    fileprivate static func weakHashUse(_ c: Call, _ flow: Flow) -> Hit? {
        let data: Expr?
        let algorithm: String
        if c.method == "update", let r = c.receiver {
            guard flow.taint(r).tags.contains(.weakHash) else { return nil }
            data = c.arg(0, "data")
            algorithm = "MD5 or SHA-1"
        } else {
            guard let alg = Tables.weakHashAlgorithm(c, in: flow.file, function: flow.function) else { return nil }
            data = c.name == "hashlib.new" ? c.arg(1, "data") ?? c.arg(1, "string") : c.arg(0, "string") ?? c.arg(0, "data")
            algorithm = alg.uppercased()
        }
        guard let data, !data.isLiteral else { return nil }
        let context = Shapes.targetNames(flow.statement) + (flow.function.map { [$0.name] } ?? [])
        if context.contains(where: { nameMentions($0, benignUses) }) { return nil }
        let t = flow.taint(data)
        // A constant, or a value reduced to a number (`str(len(param))`), reveals nothing when hashed.
        guard t.isNonTrivial else { return nil }
        if t.level == .tainted {
            return Hit(span: data.span, value: t, sink: "\(algorithm) (\(flow.describe(c)))",
                       message: "Client data hashed with a broken algorithm can be matched by a forged collision or found by trying candidates.")
        }
        if let n = Shapes.identifiers(data).first(where: isSensitiveName) {
            return .plain(c.span, "\(algorithm) is applied to \(n), which looks sensitive; the digest can be found by trying candidates.", confidence: .medium)
        }
        return nil
    }

    /// Does this hash constructor hash a value that is constant (or only a number derived from one)? Its
    /// digest is the same for every user, whatever name it is stored under.
    fileprivate static func hashesConstant(_ c: Call, _ flow: Flow) -> Bool {
        guard c.method != "update" else { return false }
        let data = c.name == "hashlib.new" ? c.arg(1, "data") ?? c.arg(1, "string") : c.arg(0, "string") ?? c.arg(0, "data")
        guard let data else { return false }
        return !flow.taint(data).isNonTrivial
    }

    /// Uses of a fast digest that protect nothing.
    fileprivate static let benignUses = NameWords(["cache", "etag", "checksum", "fingerprint_file", "gravatar", "avatar", "filename", "file_name",
                                         "bucket", "shard", "partition", "dedup", "color", "colour", "cachekey"])

    /// Identifiers of personal data or secrets: word parts, so `pin` is not found in `mapping`.
    fileprivate static func isSensitiveName(_ name: String) -> Bool {
        if sensitiveWords.occur(in: name) { return true }
        let l = name.lowercased()
        let parts = l.split(whereSeparator: { !$0.isLetter }).map(String.init)
        return parts.contains { ["ssn", "pin", "cvv", "cvc", "otp", "pwd", "pw", "token", "iban", "card", "dob", "birthdate", "email", "phone"].contains($0) }
    }

    fileprivate static let sensitiveWords = NameWords(["password", "passwd", "passphrase", "secret", "credential", "credit_card", "creditcard",
                                                       "card_number", "cardnumber", "social_security", "api_key", "apikey", "private_key",
                                                       "security_answer"])

    /// Names of values that grant access. A bare `token` or `nonce` is as often an identifier or a protocol field.
    fileprivate static func isCredentialName(_ name: String) -> Bool {
        if credentialExclusions.occur(in: name) { return false }
        return credentialWords.occur(in: name) || name.lowercasedEquals("sig") || name.lowercasedHasSuffix("_sig")
    }

    fileprivate static let credentialExclusions = NameWords(["cache", "etag"])
    fileprivate static let credentialWords = NameWords([
        "password", "passwd", "pw_hash", "pwd", "secret", "signature", "api_key", "apikey", "credential", "session_key", "otp",
        "access_key", "reset_token", "auth_token", "access_token", "api_token", "csrf_token", "session_token", "refresh_token",
        "remember_token", "verification_token", "confirmation"])

    fileprivate static func subscriptKey(_ e: Expr) -> String? {
        if case .subscript(_, let k, _) = e.kind { return k.stringLiteral }
        return nil
    }
}
