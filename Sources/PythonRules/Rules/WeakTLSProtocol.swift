import Python

extension RuleSet {
    static let weakTLSProtocol = Rule(
        id: "python.weak-tls-protocol",
        title: "Obsolete SSL/TLS protocol version",
        cwe: 326, owasp: OWASP.a02, severity: .high,
        explanation: "SSL 2 and 3 and TLS 1.0 and 1.1 have known attacks (POODLE, BEAST) and are disabled by current browsers and servers; a connection pinned to them, or allowed to fall back to them, can be downgraded and read.",
        fix: "Let the ssl module choose: ctx = ssl.create_default_context(), and if a floor is needed, ctx.minimum_version = ssl.TLSVersion.TLSv1_2.",
        bandit: ["B502", "B503"],
        triggering: [
            """
            import ssl
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # expect
            """,
            """
            import ssl
            ctx = ssl.create_default_context()
            ctx.minimum_version = ssl.TLSVersion.TLSv1  # expect
            """,
            """
            from OpenSSL import SSL
            ctx = SSL.Context(SSL.SSLv3_METHOD)  # expect
            """,
        ],
        nonTriggering: [
            """
            import ssl
            ctx = ssl.create_default_context()
            ctx.minimum_version = ssl.TLSVersion.TLSv1_2
            """,
            """
            import ssl
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            """,
            """
            import ssl
            assert ctx.protocol == ssl.PROTOCOL_TLSv1 or supports(ssl.PROTOCOL_TLSv1_1)
            """,
        ],
        calls: CallPattern(names: ["ssl.SSLContext", "ssl.wrap_socket", "ssl.get_server_certificate", "ssl._create_stdlib_context",
                                  "ssl._create_unverified_context", "OpenSSL.SSL.Context"]),
        // Protocol constants and `ssl.TLSVersion` come from these modules.
        imports: ["ssl", "OpenSSL"],
        onCall: { c, flow in
            // Only where a protocol is chosen: `assertEqual(ctx.protocol, ssl.PROTOCOL_TLSv1)` chooses nothing.
            guard c.matches("ssl.SSLContext", "ssl.wrap_socket", "ssl.get_server_certificate", "ssl._create_stdlib_context",
                            "ssl._create_unverified_context", "OpenSSL.SSL.Context") else { return [] }
            return (c.args + c.keywords.map(\.value)).compactMap { a -> Hit? in
                guard let q = flow.file.qualified(a), obsoleteProtocols.contains(String(q.split(separator: ".").last ?? "")),
                      q.hasPrefix("ssl.") || q.hasPrefix("OpenSSL.") else { return nil }
                return .plain(a.span, "\(q) is an obsolete protocol version.")
            }
        },
        onStatement: { s, flow in minimumVersionHits(s, flow) }
    )

    /// Pinned obsolete versions. (`PROTOCOL_SSLv23` and `SSLv23_METHOD` negotiate the best version both
    /// sides support, despite their names.)
    fileprivate static let obsoleteProtocols: Set<String> = [
        "PROTOCOL_SSLv2", "PROTOCOL_SSLv3", "PROTOCOL_TLSv1", "PROTOCOL_TLSv1_1",
        "SSLv2_METHOD", "SSLv3_METHOD", "TLSv1_METHOD", "TLSv1_1_METHOD",
    ]

    /// `ctx.minimum_version = ssl.TLSVersion.TLSv1` (or SSLv3, TLSv1_1, MINIMUM_SUPPORTED).
    fileprivate static func minimumVersionHits(_ s: Stmt, _ flow: Flow) -> [Hit] {
        flow.assignments(s).compactMap { name, _, value in
            guard name == "minimum_version", let q = flow.file.qualified(value), q.hasPrefix("ssl.TLSVersion."),
                  ["SSLv3", "TLSv1", "TLSv1_1", "MINIMUM_SUPPORTED"].contains(String(q.split(separator: ".").last ?? "")) else { return nil }
            return .plain(value.span, "minimum_version = \(q) lets the connection fall back to an obsolete protocol.")
        }
    }
}
