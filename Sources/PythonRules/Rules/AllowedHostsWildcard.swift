import Python

extension RuleSet {
    static let allowedHostsWildcard = Rule(
        id: "python.allowed-hosts-wildcard",
        title: "Django accepts any Host header",
        cwe: 183, owasp: OWASP.a05, severity: .medium,
        explanation: "ALLOWED_HOSTS = [\"*\"] turns off Django's Host header validation. Django then builds absolute URLs (password-reset links, redirects, `request.build_absolute_uri()`) from whatever host a client sends, so a forged Host header can send a victim's reset link to the attacker's domain and poison shared caches.",
        fix: "List the domains the site answers to: ALLOWED_HOSTS = [\"example.com\", \".example.com\"], or read them from the environment: ALLOWED_HOSTS = os.environ[\"DJANGO_ALLOWED_HOSTS\"].split(\",\").",
        bandit: [],
        triggering: [
            """
            # file: mysite/settings.py
            DEBUG = False
            ALLOWED_HOSTS = ["*"]  # expect
            """,
            """
            # file: mysite/settings/production.py
            ALLOWED_HOSTS = ("example.com", "*")  # expect
            """,
        ],
        nonTriggering: [
            """
            # file: mysite/settings.py
            ALLOWED_HOSTS = ["example.com", ".example.com"]
            """,
            """
            # file: mysite/settings.py
            import os
            ALLOWED_HOSTS = os.environ["DJANGO_ALLOWED_HOSTS"].split(",")
            """,
            """
            # file: mysite/settings/local.py
            ALLOWED_HOSTS = ["*"]
            """,
            """
            # file: mysite/test_settings.py
            ALLOWED_HOSTS = ["*"]
            """,
            """
            # file: app/hosts.py
            ALLOWED_HOSTS = ["*"]
            """,
        ],
        onStatement: { s, flow in
            guard flow.function == nil, flow.file.isSettingsFile, !flow.file.isTestFile, !isDevelopmentSettings(flow.file.path) else { return [] }
            var hits: [Hit] = []
            for (name, target, value) in flow.assignments(s) where name == "ALLOWED_HOSTS" {
                guard case .name = target.kind else { continue }
                let elements: [Expr]
                switch value.kind {
                case .list(let e, _), .tuple(let e, _): elements = e
                default: elements = [value]
                }
                for e in elements where e.stringLiteral == "*" {
                    hits.append(.plain(e.span, "ALLOWED_HOSTS accepts any host, so Django trusts the Host header a client sends."))
                }
            }
            return hits
        }
    )

    /// Settings meant for a developer's machine or the test suite (`settings/local.py`, `dev_settings.py`),
    /// where a wildcard host is the norm.
    fileprivate static func isDevelopmentSettings(_ path: String) -> Bool {
        let base = path.split(separator: "/").last.map { $0.lowercased() } ?? ""
        return ["local", "dev", "test"].contains { base.contains($0) }
    }
}
