import Python

extension RuleSet {
    static let timingUnsafeComparison = Rule(
        id: "python.timing-unsafe-comparison",
        title: "Secret compared with ==",
        cwe: 208, owasp: OWASP.a02, severity: .medium,
        explanation: "`==` stops at the first differing byte, so the time a comparison takes tells an attacker how much of a guessed token, signature or password hash is right.",
        fix: "Compare secrets in constant time: hmac.compare_digest(expected, supplied); for passwords use the hasher's own verify (argon2 PasswordHasher().verify, werkzeug check_password_hash).",
        bandit: [],
        triggering: [
            """
            import hmac, hashlib
            def valid(body, signature, key):
                return hmac.new(key, body, hashlib.sha256).hexdigest() == signature  # expect
            """,
            """
            from flask import request
            API_TOKEN_VALUE = None
            def auth(expected_token):
                if request.headers.get("X-Token") == expected_token:  # expect
                    return True
            """,
            """
            import hmac, os
            from flask import request, abort
            def hook():
                expected = hmac.new(os.environ["K"].encode(), request.get_data(), "sha256").hexdigest()
                if expected != request.headers.get("X-Signature"):  # expect
                    abort(403)
            """,
            """
            def check(user, supplied_hash):
                return user.password_hash != supplied_hash  # expect
            """,
        ],
        nonTriggering: [
            """
            import hmac
            def valid(expected, signature):
                return hmac.compare_digest(expected, signature)
            """,
            """
            from flask import request
            def view():
                if request.method == "POST":
                    return 1
            """,
            """
            def missing(token):
                return token == None or token == ""
            """,
            """
            def same_user(a, b):
                return a.username == b.username
            """,
        ],
        onStatement: { s, flow in
            // Equality methods compare objects, not a client's guess.
            if let f = flow.function, f.name == "__eq__" || f.name == "__ne__" || f.name == "__hash__" || f.name == "__lt__" { return [] }
            var hits: [Hit] = []
            for e in flow.file.expressionsMayHoldingEqualityTest(s) {
                e.walk { x in
                    guard case .compare(let left, let ops, let comparators) = x.kind, ops.count == 1,
                          ops[0] == .eq || ops[0] == .notEq, let right = comparators.first,
                          !left.isLiteral, !right.isLiteral else { return }
                    // A name holding a digest computed earlier counts like the call itself.
                    let l = secretKind(left) ?? (flow.taint(left).tags.contains(.digest) ? "hash" : nil)
                    let r = secretKind(right) ?? (flow.taint(right).tags.contains(.digest) ? "hash" : nil)
                    // Most comparisons stop here, so the costlier constant test comes after.
                    guard let kind = l ?? r, !isConstant(left), !isConstant(right) else { return }
                    let (other, otherKind) = l != nil ? (right, r) : (left, l)
                    // Comparing two hashes the server computed itself leaks nothing a client chose.
                    if otherKind == "hash", flow.taint(other).level != .tainted, { if case .call = other.kind { return true } else { return false } }() { return }
                    // Against a constant (a magic number, a literal-derived global) nothing secret is guessed.
                    let ot = flow.taint(other)
                    if ot.level == .safe && ot.params.isEmpty { return }
                    // A value merely named like a token counts when the other side is a secret too, or client data.
                    if kind == "secret token", otherKind == nil, ot.level != .tainted { return }
                    hits.append(.plain(x.span, "A \(kind) is compared with \(ops[0] == .eq ? "==" : "!="), which leaks through timing how much of it matches.",
                                       confidence: kind == "hash" || kind == "signature" ? .high : .medium))
                }
            }
            return hits
        }
    )

    /// `TOKEN_NAME`, `tokens.TOKEN_EOF`: a constant, so the comparison is against a known value, not a secret.
    fileprivate static func isConstant(_ e: Expr) -> Bool {
        guard let n = e.lastName else { return false }
        if n.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII, the usual case: no allocation.
            return n.utf8.count > 1 && !n.utf8.contains { $0 >= 0x61 && $0 <= 0x7A } && n.utf8.contains { $0 >= 0x41 && $0 <= 0x5A }
        }
        return n.count > 1 && n == n.uppercased() && n.contains(where: \.isLetter)
    }

    /// What kind of secret an expression holds, judged by its shape and name.
    fileprivate static func secretKind(_ e: Expr) -> String? {
        switch e.kind {
        case .call(let f, _, _):
            if let m = f.lastName, m == "hexdigest" || m == "digest" { return "hash" }
            return nil
        case .name, .attribute, .subscript:
            var n = e.lastName ?? ""
            if case .subscript(_, let k, _) = e.kind { n = k.stringLiteral ?? "" }
            let l = n.lowercased()
            if l.contains("signature") || l == "sig" || l.hasSuffix("_sig") || l.contains("hmac") || l == "mac" { return "signature" }
            if l.contains("digest") || l.contains("password_hash") || l.contains("pw_hash") || l.contains("passwd_hash")
                || l.hasPrefix("hashed") || l.hasSuffix("_hash") && Shapes.isPasswordName(l) { return "hash" }
            if l.contains("token") || l.contains("secret") || l.contains("api_key") || l.contains("apikey") || l == "otp"
                || l.hasSuffix("_otp") || l.contains("nonce") { return "secret token" }
            return nil
        default:
            return nil
        }
    }
}
