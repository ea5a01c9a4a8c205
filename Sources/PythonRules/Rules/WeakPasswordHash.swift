import Python

extension RuleSet {
    static let weakPasswordHash = Rule(
        id: "python.weak-password-hash",
        title: "Weak hash for passwords or secrets",
        cwe: 916, owasp: OWASP.a02, severity: .high,
        explanation: "MD5 and SHA-1 are broken, and any fast unsalted hash (even SHA-256) of a password is cracked by brute force in minutes once the table leaks.",
        fix: "Hash passwords with a slow, salted algorithm: argon2-cffi (PasswordHasher().hash(pw) / .verify(hash, pw)), bcrypt, or werkzeug.security.generate_password_hash / check_password_hash. For non-security uses of MD5/SHA-1 pass usedforsecurity=False.",
        bandit: ["B303", "B324"],
        triggering: [
            """
            import hashlib
            def store(password):
                return hashlib.md5(password.encode()).hexdigest()  # expect
            """,
            """
            import hashlib
            from flask import request
            def register():
                pw = request.form["password"]
                digest = hashlib.sha256(pw.encode()).hexdigest()  # expect
                return digest
            """,
            """
            import hashlib
            def make_reset_token(user):
                token = hashlib.sha1(user.email.encode()).hexdigest()  # expect
                return token
            """,
            """
            from hashlib import new
            def check(user, passwd):
                return new("md5", passwd.encode()).hexdigest() == user.pw_hash  # expect
            """,
            """
            import hashlib
            from flask import request
            def register():
                algorithm = "md5"
                pw_hash = hashlib.new(algorithm, request.form["password"].encode()).hexdigest()  # expect
                return pw_hash
            """,
        ],
        nonTriggering: [
            """
            import hashlib
            def etag(body):
                return hashlib.md5(body).hexdigest()
            """,
            """
            import hashlib
            def cache_key(password_field_name):
                return hashlib.md5(b"static", usedforsecurity=False).hexdigest()
            """,
            """
            from argon2 import PasswordHasher
            ph = PasswordHasher()
            def store(password):
                return ph.hash(password)
            """,
            """
            import hashlib
            def token_digest(token):
                return hashlib.sha256(token.encode()).hexdigest()
            """,
            """
            import hashlib
            from flask import request
            def register():
                password = request.form["password"]
                bar = "static-asset-v2"
                pw_hash = hashlib.md5(bar.encode()).hexdigest()
                return pw_hash
            """,
            """
            import hashlib
            from flask import request
            def register():
                password = request.form["password"]
                bar = str(len(password))
                pw_hash = hashlib.sha1(bar.encode()).hexdigest()
                return pw_hash
            """,
        ],
        calls: CallPattern(names: (directHashes + ["new"]).map { "hashlib." + $0 }
                           + ["Crypto.Hash.MD5.new", "Cryptodome.Hash.MD5.new", "Crypto.Hash.SHA.new", "Crypto.Hash.SHA1.new"]),
        onCall: { c, flow in passwordHashHit(c, flow).map { [$0] } ?? [] }
    )

    /// This rule's finding for a hash call, if any: a password hashed with a fast hash, or a token made with a
    /// broken one. (`python.weak-hash` leaves these calls to this rule.)
    static func passwordHashHit(_ c: Call, _ flow: Flow) -> Hit? {
        guard let name = c.name else { return nil }
        var algorithm = ""
        var data: Expr? = nil
        if name.hasPrefix("hashlib."), directHashes.contains(String(name.dropFirst("hashlib.".count))) {
            algorithm = String(name.dropFirst("hashlib.".count))
            data = c.arg(0, "string") ?? c.arg(0, "data")
        } else if name == "hashlib.new", let a = c.arg(0, "name"), let alg = flow.file.constantString(a, in: flow.function) {
            algorithm = alg.lowercased()
            data = c.arg(1, "data") ?? c.arg(1, "string")
        } else if ["Crypto.Hash.MD5.new", "Cryptodome.Hash.MD5.new"].contains(name) {
            algorithm = "md5"; data = c.arg(0, "data")
        } else if ["Crypto.Hash.SHA.new", "Crypto.Hash.SHA1.new"].contains(name) {
            algorithm = "sha1"; data = c.arg(0, "data")
        } else { return nil }
        if let u = c.keyword("usedforsecurity"), u.isFalseConstant { return nil }
        // A constant, or a value reduced to a number (`str(len(pw))`), is no one's password.
        if let data, !flow.taint(data).isNonTrivial { return nil }
        let weak = algorithm == "md5" || algorithm == "sha1" || algorithm == "md4"
        // What is being hashed, and what for: the data's identifiers, the name it is stored under, the function.
        let dataNames = data.map(Shapes.identifiers) ?? []
        let context = Shapes.targetNames(flow.statement) + (flow.function.map { [$0.name] } ?? [])
        let password = (dataNames + context).contains(where: Shapes.isPasswordName)
        let tokenish = context.contains { nameMentions($0, ["token", "secret", "nonce", "reset", "session", "otp", "api_key", "apikey"]) }
        if password {
            return .plain(c.span, "\(algorithm.uppercased()) is used to hash a password; a fast unsalted hash is cracked by brute force.", cwe: weak ? 328 : 916)
        }
        if weak && tokenish {
            return .plain(c.span, "\(algorithm.uppercased()) is used to derive a token or secret; it is broken and predictable input makes the token guessable.", cwe: 328)
        }
        return nil
    }

    fileprivate static let directHashes = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_256", "sha3_512", "blake2b", "blake2s"]
}
