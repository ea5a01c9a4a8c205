import Python

extension RuleSet {
    static let jwtWithoutVerification = Rule(
        id: "python.jwt-unverified",
        title: "JWT accepted without signature verification",
        cwe: 347, owasp: OWASP.a02, severity: .high,
        explanation: "Decoding a JWT without checking its signature (or accepting the `none` algorithm) trusts whatever claims the client wrote: any user id, any role.",
        fix: "Verify with a fixed algorithm list and the key: jwt.decode(token, key, algorithms=[\"HS256\"]) (PyJWT 2), never options={\"verify_signature\": False} for authentication.",
        bandit: [],
        triggering: [
            """
            import jwt
            def user(token):
                claims = jwt.decode(token, options={"verify_signature": False})  # expect
                return claims["sub"]
            """,
            """
            import jwt
            def user(token, key):
                return jwt.decode(token, key, algorithms=["HS256", "none"])  # expect
            """,
            """
            import jwt
            def user(token):
                return jwt.decode(token, verify=False)  # expect
            """,
        ],
        nonTriggering: [
            """
            import jwt
            def user(token, key):
                return jwt.decode(token, key, algorithms=["HS256"])["sub"]
            """,
            """
            import jwt
            def header(token):
                return jwt.get_unverified_header(token)["kid"]
            """,
        ],
        calls: CallPattern(prefixes: ["jwt.", "jose."], segments: ["jwt"]),
        onCall: { c, flow in
            guard let n = c.name, n.hasPrefix("jwt.") || n.hasPrefix("jose.") || n.contains(".jwt."),
                  n.hasSuffix(".decode") || n.hasSuffix(".encode") else { return [] }
            var hits: [Hit] = []
            if let v = c.keyword("verify"), v.isFalseConstant {
                hits.append(.plain(v.span, "\(flow.describe(c)) is called with verify=False; the token's signature is not checked."))
            }
            if let o = c.keyword("options"), case .dict(let keys, let values) = o.kind {
                for (k, v) in zip(keys, values) where k?.stringLiteral == "verify_signature" && v.isFalseConstant {
                    hits.append(.plain(o.span, "\(flow.describe(c)) skips signature verification (verify_signature: False)."))
                }
            }
            for k in c.keywords where k.arg == "algorithms" || k.arg == "algorithm" {
                var names: [Expr] = [k.value]
                if case .list(let e, _) = k.value.kind { names = e }
                if case .tuple(let e, _) = k.value.kind { names = e }
                if names.contains(where: { $0.stringLiteral?.lowercased() == "none" }) {
                    hits.append(.plain(k.value.span, "\(flow.describe(c)) accepts the 'none' algorithm: unsigned tokens pass."))
                }
            }
            return hits
        }
    )
}
