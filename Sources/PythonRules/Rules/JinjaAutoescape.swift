import Python

extension RuleSet {
    static let jinjaAutoescape = Rule(
        id: "python.jinja-autoescape-disabled",
        title: "Jinja2 environment without autoescaping",
        cwe: 79, owasp: OWASP.a03, severity: .medium,
        explanation: "jinja2.Environment escapes nothing unless told to: every `{{ value }}` in an HTML template becomes a cross-site scripting hole when a value comes from a user.",
        fix: "Enable escaping for HTML: Environment(loader=..., autoescape=select_autoescape([\"html\", \"xml\"])) or autoescape=True.",
        bandit: ["B701"],
        triggering: [
            """
            from jinja2 import Environment, FileSystemLoader
            env = Environment(loader=FileSystemLoader("templates"), autoescape=False)  # expect
            """,
            """
            import jinja2
            env = jinja2.Environment(loader=jinja2.PackageLoader("app"))  # expect
            """,
        ],
        nonTriggering: [
            """
            from jinja2 import Environment, FileSystemLoader, select_autoescape
            env = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape(["html"]))
            """,
            """
            import jinja2
            env = jinja2.Environment(autoescape=True)
            """,
        ],
        calls: CallPattern(names: ["jinja2.Environment", "jinja2.environment.Environment"]),
        onCall: { c, _ in
            guard c.matches("jinja2.Environment", "jinja2.environment.Environment"), !c.hasKwargsSplat else { return [] }
            guard let a = c.keyword("autoescape") else {
                return [.plain(c.span, "jinja2.Environment() is created without autoescape=, so it does not escape HTML.", confidence: .medium)]
            }
            if a.isFalseConstant || a.isNoneConstant {
                return [.plain(a.span, "jinja2.Environment(autoescape=False) renders values into HTML unescaped.")]
            }
            return []
        }
    )
}
