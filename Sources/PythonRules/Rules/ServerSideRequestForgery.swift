import Python

extension RuleSet {
    static let serverSideRequestForgery = Rule(
        id: "python.ssrf",
        title: "Server-side request forgery",
        cwe: 918, owasp: OWASP.a10, severity: .high,
        explanation: "Fetching a URL taken from the request makes the server a proxy into its own network: cloud metadata (169.254.169.254), admin ports, internal services.",
        fix: "Fix scheme and host in code and let the client choose only a path or an id (f\"https://api.example.com/items/{int(item_id)}\"), or check the parsed host against an allow-list before fetching.",
        bandit: [],
        triggering: [
            """
            import urllib.request
            from flask import request
            def mirror():
                urllib.request.urlretrieve(request.args["src"], "/srv/mirror/file")  # expect
                return urllib.request.build_opener().open(request.args["next"]).read()  # expect
            """,
            """
            import requests
            from flask import request
            def preview():
                return requests.get(request.args["url"]).text  # expect
            """,
            """
            from urllib.request import urlopen
            def fetch(request):
                url = request.POST.get("feed")
                return urlopen(url).read()  # expect
            """,
            """
            import httpx
            from flask import request
            def proxy():
                host = request.args["host"]
                return httpx.get(f"http://{host}/status").text  # expect
            """,
        ],
        nonTriggering: [
            """
            import urllib.request
            from flask import request
            def proxy_fixed():
                return urllib.request.build_opener().open("https://api.example.com/status").read()
            """,
            """
            import requests
            from flask import request
            def item():
                return requests.get(f"https://api.example.com/items/{request.args['id']}").json()
            """,
            """
            import requests
            def health():
                return requests.get("https://status.example.com/").ok
            """,
            """
            import requests
            ALLOWED = {"a.example.com", "b.example.com"}
            def fetch(request):
                host = request.GET["host"]
                if host in ALLOWED:
                    return requests.get("https://" + host + "/x").text
            """,
        ],
        calls: CallPattern(
            names: ["requests.request", "httpx.request", "urllib.request.urlopen", "urllib.request.Request", "urllib.urlopen", "urllib2.urlopen",
                    "urllib2.Request", "urllib.request.urlretrieve", "urllib.urlretrieve", "http.client.HTTPConnection", "http.client.HTTPSConnection", "socket.create_connection"],
            prefixes: ["requests.", "httpx."],
            methods: ["open", "retrieve"].map { CallPattern.Method($0, receiver: openerReceiver) }),
        onCall: { c, flow in
            var url: Expr? = nil
            if let n = c.name, (n.hasPrefix("requests.") || n.hasPrefix("httpx.")),
               let verb = n.split(separator: ".").last, ["get", "post", "put", "patch", "delete", "head", "options", "stream"].contains(String(verb)) {
                url = c.arg(0, "url")
            } else if c.matches("requests.request", "httpx.request") {
                url = c.arg(1, "url")
            } else if c.matches("urllib.request.urlopen", "urllib.request.Request", "urllib.urlopen", "urllib2.urlopen", "urllib2.Request",
                                "urllib.request.urlretrieve", "urllib.urlretrieve") {
                url = c.arg(0, "url")
            } else if let m = c.method, m == "open" || m == "retrieve", let r = c.receiver, openerReceiver.matches(r, in: flow.file) {
                // urllib.request.build_opener(...).open(url), URLopener().retrieve(url): these also open file:// URLs.
                url = c.arg(0, "fullurl") ?? c.arg(0, "url")
            } else if c.matches("http.client.HTTPConnection", "http.client.HTTPSConnection", "socket.create_connection") {
                url = c.arg(0, "host") ?? c.arg(0, "address")
            }
            guard let url else { return [] }
            let t = flow.taint(url)
            if t.tags.contains(.fixedHost) { return [] }
            return [Hit(span: url.span, value: t, sinkClass: .url, sink: "the URL fetched by \(flow.describe(c))")]
        }
    )

    fileprivate static let openerReceiver = Receiver.callTo(["build_opener", "URLopener", "FancyURLopener", "OpenerDirector"])
}
