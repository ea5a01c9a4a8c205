import Python

extension RuleSet {
    static let requestWithoutTimeout = Rule(
        id: "python.request-without-timeout",
        title: "HTTP request without a timeout",
        cwe: 1088, owasp: OWASP.a05, severity: .low,
        explanation: "requests waits forever by default: a slow or silent server holds the calling thread (a web worker, a job runner) until the process is killed, and a few such calls take a service down.",
        fix: "Pass a timeout to every call: requests.get(url, timeout=10) (or a (connect, read) tuple), or use a Session whose requests all set one.",
        bandit: ["B113"],
        triggering: [
            """
            import requests
            def fetch(url):
                return requests.get(url).json()  # expect
            """,
            """
            import requests
            def notify(hook, body):
                requests.request("POST", hook, json=body, timeout=None)  # expect
            """,
        ],
        nonTriggering: [
            """
            import requests
            def fetch(url):
                return requests.get(url, timeout=10).json()
            """,
            """
            import requests
            def fetch(url, **options):
                return requests.get(url, **options)
            """,
        ],
        calls: CallPattern(names: ["get", "post", "put", "patch", "delete", "head", "options", "request"].map { "requests." + $0 }),
        onCall: { c, flow in
            guard let n = c.name, n.hasPrefix("requests."), !c.hasKwargsSplat else { return [] }
            if let t = c.keyword("timeout"), !t.isNoneConstant { return [] }
            return [.plain(c.span, "\(flow.describe(c)) has no timeout, so it can wait forever.")]
        }
    )
}
