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
            """
            import requests
            def sync(api, items):
                s = requests.Session()
                s.headers["Authorization"] = "Bearer x"
                for item in items:
                    s.post(api, json=item)  # expect
                with requests.Session() as other:
                    return other.get(api).json()  # expect
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
            """
            import requests, httpx, random
            def sync(api, cache):
                s = requests.Session()
                s.get(api, timeout=5)
                value = cache.get(api)
                with httpx.Client() as client:
                    return client.get(api).json()
            """,
        ],
        calls: CallPattern(names: verbs.map { "requests." + $0 }, methods: verbs.map { CallPattern.Method($0) }),
        onCall: { c, flow in
            guard !c.hasKwargsSplat else { return [] }
            if c.name.map({ $0.hasPrefix("requests.") && verbs.contains(String($0.dropFirst(9))) }) != true {
                // A method of a requests.Session (`s = requests.Session(); s.get(url)`).
                guard let r = c.receiver, let m = c.method, verbs.contains(m), flow.taint(r).tags.contains(.httpSession) else { return [] }
            }
            if let t = c.keyword("timeout"), !t.isNoneConstant { return [] }
            return [.plain(c.span, "\(flow.describe(c)) has no timeout, so it can wait forever.")]
        }
    )

    fileprivate static let verbs = ["get", "post", "put", "patch", "delete", "head", "options", "request"]
}
