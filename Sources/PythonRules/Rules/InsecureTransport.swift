import Python

extension RuleSet {
    static let insecureTransport = Rule(
        id: "python.insecure-transport",
        title: "Cleartext HTTP or FTP URL",
        cwe: 319, owasp: OWASP.a02, severity: .medium,
        explanation: "A request to an http:// or ftp:// URL on another host travels unencrypted: anyone on the path reads it (credentials, tokens, personal data) and can change the response, including code or data the program then trusts.",
        fix: "Use https:// (and keep certificate verification on); for files, SFTP or FTPS (ftplib.FTP_TLS). Plain http:// is fine only for localhost.",
        bandit: ["B310"],
        triggering: [
            """
            import requests
            def fetch_rates():
                return requests.get("http://api.exchange.example.org/v1/rates", timeout=5).json()  # expect
            """,
            """
            import urllib.request
            FEED = "ftp://mirror.example.net/pub/feed.xml"
            def download():
                return urllib.request.urlopen(FEED).read()  # expect
            """,
            """
            import requests
            def report(data, host):
                requests.post(f"http://{host}/report", json=data, timeout=5)  # expect
            """,
        ],
        nonTriggering: [
            """
            import requests
            def fetch_rates():
                return requests.get("https://api.exchange.example.org/v1/rates", timeout=5).json()
            """,
            """
            import requests
            def health():
                return requests.get("http://localhost:8080/health", timeout=2).ok
            """,
            """
            import urllib.request
            def local(path):
                return urllib.request.urlopen("file://" + path).read()
            """,
        ],
        calls: CallPattern(names: httpFetchers, prefixes: ["requests.", "httpx."]),
        onCall: { c, flow in
            // Test suites build requests to made-up hosts they never contact.
            guard !flow.file.isTestFile, let url = fetchedURL(c), let (text, whole) = literalPrefix(url, flow), let scheme = cleartextScheme(text, whole: whole) else { return [] }
            return [.plain(url.span, "\(flow.describe(c)) fetches a \(scheme):// URL on another host, unencrypted.")]
        }
    )

    fileprivate static let httpFetchers = ["urllib.request.urlopen", "urllib.request.Request", "urllib.request.urlretrieve", "urllib.urlopen",
                                           "urllib2.urlopen", "urllib2.Request"]

    /// The URL an HTTP client call fetches.
    fileprivate static func fetchedURL(_ c: Call) -> Expr? {
        guard let n = c.name else { return nil }
        if httpFetchers.contains(n) { return c.arg(0, "url") }
        guard n.hasPrefix("requests.") || n.hasPrefix("httpx."), let verb = n.split(separator: ".").last, n.split(separator: ".").count == 2 else { return nil }
        if verb == "request" { return c.arg(1, "url") }
        return ["get", "post", "put", "patch", "delete", "head", "options", "stream"].contains(String(verb)) ? c.arg(0, "url") : nil
    }

    /// The literal start of a URL (a string, an f-string's or a concatenation's first part, a constant's value), and
    /// whether it is the whole URL.
    static func literalPrefix(_ e: Expr, _ flow: Flow) -> (String, whole: Bool)? {
        switch e.kind {
        case .joinedStr(let parts):
            guard let first = parts.first?.stringLiteral else { return nil }
            return (first, parts.count == 1)
        case .binOp(let l, .add, _), .binOp(let l, .mod, _):
            return literalPrefix(l, flow).map { ($0.0, false) }
        case .call(let f, _, _):
            if case .attribute(let recv, "format", _) = f.kind { return literalPrefix(recv, flow).map { ($0.0, false) } }
            return nil
        default:
            return flow.file.constantString(e, in: flow.function).map { ($0, true) }
        }
    }

    /// "http" or "ftp" for a URL to a host other than this machine; nil for https, file, and loopback hosts.
    static func cleartextScheme(_ url: String, whole: Bool) -> String? {
        let l = url.lowercased()
        guard let scheme = ["http", "ftp"].first(where: { l.hasPrefix($0 + "://") }) else { return nil }
        let rest = l.dropFirst(scheme.count + 3)
        // Only a literal host can be judged; `http://{host}` is still cleartext whatever the host.
        let host = rest.prefix { $0 != "/" && $0 != ":" && $0 != "?" && $0 != "#" }
        if host.isEmpty { return whole ? nil : scheme }
        let local = ["localhost", "127.0.0.1", "0.0.0.0", "[", "::1"]
        if local.contains(where: { host.hasPrefix($0) }) || host.hasSuffix(".localhost") || host.hasPrefix("127.") { return nil }
        return scheme
    }
}
