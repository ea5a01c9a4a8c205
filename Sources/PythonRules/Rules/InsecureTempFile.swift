import Python

extension RuleSet {
    static let insecureTempFile = Rule(
        id: "python.insecure-tempfile",
        title: "Insecure temporary file",
        cwe: 377, owasp: OWASP.a01, severity: .medium,
        explanation: "tempfile.mktemp() only returns a name; between choosing it and opening it another local user can create that file or a symlink there and read or redirect what is written.",
        fix: "Create and open the file atomically: with tempfile.NamedTemporaryFile(delete=False) as f: ..., or tempfile.mkstemp() / tempfile.mkdtemp().",
        bandit: ["B306"],
        triggering: [
            """
            import tempfile
            path = tempfile.mktemp(suffix=".txt")  # expect
            """,
            """
            from tempfile import mktemp
            def out():
                return open(mktemp(), "w")  # expect
            """,
        ],
        nonTriggering: [
            """
            import tempfile
            with tempfile.NamedTemporaryFile(delete=False) as f:
                f.write(b"x")
            """,
            """
            import tempfile
            fd, path = tempfile.mkstemp()
            """,
        ],
        calls: CallPattern(names: ["tempfile.mktemp", "os.tempnam", "os.tmpnam"]),
        onCall: { c, flow in
            guard c.matches("tempfile.mktemp", "os.tempnam", "os.tmpnam") else { return [] }
            return [.plain(c.span, "\(flow.describe(c)) returns a file name without creating the file, which another local user can claim first.")]
        }
    )
}
