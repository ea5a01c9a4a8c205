import Python

extension RuleSet {
    static let tlsVerificationDisabled = Rule(
        id: "python.tls-verification-disabled",
        title: "TLS certificate verification disabled",
        cwe: 295, owasp: OWASP.a07, severity: .high,
        explanation: "Without certificate verification anyone on the network path can impersonate the server and read or change the traffic, credentials included.",
        fix: "Keep verification on (the default); for a private CA pass its bundle: requests.get(url, verify=\"/etc/ssl/internal-ca.pem\") or ssl.create_default_context(cafile=...).",
        bandit: ["B501", "B323", "B502", "B503", "B504"],
        triggering: [
            """
            import requests
            r = requests.get("https://internal.example.com", verify=False)  # expect
            """,
            """
            import ssl
            ctx = ssl._create_unverified_context()  # expect
            """,
            """
            import ssl
            ctx = ssl.create_default_context()
            ctx.check_hostname = False  # expect
            ctx.verify_mode = ssl.CERT_NONE  # expect
            """,
            """
            import ssl
            ssl._create_default_https_context = ssl._create_unverified_context  # expect
            """,
        ],
        nonTriggering: [
            """
            import requests
            r = requests.get("https://internal.example.com", verify="/etc/ssl/ca.pem")
            """,
            """
            import ssl
            ctx = ssl.create_default_context(cafile="ca.pem")
            ctx.verify_mode = ssl.CERT_REQUIRED
            """,
        ],
        calls: CallPattern(names: ["ssl._create_unverified_context"], keywords: ["verify", "cert_reqs", "verify_mode"]),
        onCall: { c, flow in
            if c.matches("ssl._create_unverified_context") {
                return [.plain(c.span, "\(flow.describe(c)) creates a TLS context that checks neither certificate nor host name.")]
            }
            var hits: [Hit] = []
            if let v = c.keyword("verify"), v.isFalseConstant, isHTTPClientCall(c) {
                hits.append(.plain(v.span, "\(flow.describe(c)) is called with verify=False, so the server's certificate is not checked."))
            }
            for k in c.keywords where k.arg == "cert_reqs" || k.arg == "verify_mode" {
                if flow.file.qualified(k.value) == "ssl.CERT_NONE" || k.value.stringLiteral == "CERT_NONE" {
                    hits.append(.plain(k.value.span, "\(k.arg!)=ssl.CERT_NONE turns off certificate verification."))
                }
            }
            return hits
        },
        onStatement: { s, flow in
            var hits: [Hit] = []
            for (name, target, value) in flow.assignments(s) {
                if name == "verify_mode", flow.file.qualified(value) == "ssl.CERT_NONE" {
                    hits.append(.plain(target.span, "verify_mode = ssl.CERT_NONE turns off certificate verification."))
                } else if name == "check_hostname", value.isFalseConstant {
                    hits.append(.plain(target.span, "check_hostname = False accepts a valid certificate for any host."))
                } else if name == "_create_default_https_context", flow.file.qualified(value) == "ssl._create_unverified_context" {
                    hits.append(.plain(target.span, "Every HTTPS connection of the process stops verifying certificates."))
                } else if name == "verify", value.isFalseConstant, case .attribute = target.kind {
                    hits.append(.plain(target.span, "The HTTP session is set to verify=False, so certificates are not checked."))
                }
            }
            return hits
        }
    )

    /// An HTTP client call or constructor (requests, httpx, aiohttp, urllib3, a session's verbs), not jwt.decode(verify=False).
    fileprivate static func isHTTPClientCall(_ c: Call) -> Bool {
        let n = c.name ?? ""
        if n.contains("jwt") || n.contains("jose") { return false }
        if ["requests.", "httpx.", "aiohttp.", "urllib3.", "treq.", "grequests."].contains(where: n.hasPrefix) { return true }
        let m = c.method ?? n
        return ["get", "post", "put", "patch", "delete", "head", "options", "request", "send", "stream", "Client",
                "AsyncClient", "Session", "ClientSession", "urlopen", "fetch", "TCPConnector"].contains(m)
    }
}
