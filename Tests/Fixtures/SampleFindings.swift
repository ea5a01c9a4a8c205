import Findings

/// Findings as the detectors and Review hand them over: secrets already redacted, hashes computed.
public enum Fixtures {
    /// The whole secret: it must never reach any report, because findings only carry the redacted form.
    public static let rawSecret = "ghp_R4nd0mT0k3nV4lu3F0rT3st1ngXyZ0123456"
    public static let redacted = "ghp_************************************3456"

    public static let secret = Finding(
        rule: "github-pat", kind: .secret, severity: .critical, confidence: .high, cwe: 798,
        title: "GitHub personal access token", file: "config/settings.py", line: 12, column: 9,
        endLine: 12, endColumn: 49, secret: redacted, snippet: "TOKEN = \"\(redacted)\"",
        message: "A GitHub token grants access to repositories as its owner.",
        fix: "Revoke the token at github.com/settings/tokens and load it from the environment.",
        fingerprint: SHA256.hex("github-pat", "config/settings.py", rawSecret),
        contentHash: SHA256.hex("github-pat", rawSecret))

    public static let tainted = Finding(
        rule: "python.sql-injection", kind: .python, severity: .high, confidence: .medium, cwe: 89,
        title: "SQL built from request data", file: "app/views.py", line: 40, column: 5, endLine: 40, endColumn: 61,
        snippet: "    cursor.execute(\"SELECT * FROM users WHERE name = '%s'\" % name)",
        message: "Request data reaches a SQL query unescaped, so a user can change the query.",
        fix: "Pass parameters separately: cursor.execute(\"... WHERE name = %s\", (name,)).",
        fingerprint: SHA256.hex("python.sql-injection", "app/views.py", "cursor.execute"),
        contentHash: SHA256.hex("python.sql-injection", "cursor.execute"),
        source: .init(file: "app/views.py", line: 37, column: 12, description: "request.args[\"name\"]"))

    public static var history: Finding {
        var f = Finding(
            rule: "aws-access-key", kind: .secret, severity: .high, confidence: .high, cwe: 798,
            title: "AWS access key ID", file: "deploy/old env,v1.sh", line: 3, column: 19,
            commit: "0123456789abcdef0123456789abcdef01234567", secret: "AKIA************WXYZ",
            snippet: "export AWS_KEY_ID=AKIA************WXYZ",
            message: "An AWS key lets anyone act on the account: 100% of its permissions.",
            fix: "Deactivate the key in IAM, then create a new one.",
            fingerprint: SHA256.hex("aws-access-key", "deploy/old env,v1.sh", "AKIAEXAMPLEKEYWXYZ"),
            contentHash: SHA256.hex("aws-access-key", "AKIAEXAMPLEKEYWXYZ"))
        f.presentInHead = false
        f.author = "Dana Developer"
        f.date = "2024-03-05"
        f.commitCount = 4
        return f
    }

    /// No CWE, low severity, and a rule that the rule list does not describe.
    public static let unlisted = Finding(
        rule: "custom.internal-host", kind: .secret, severity: .low, confidence: .low, cwe: nil,
        title: "Internal host name", file: "app/views.py", line: 2, column: 1,
        message: "Line one\nline two: 50%, done\r", fix: "Move it to configuration.",
        fingerprint: SHA256.hex("custom.internal-host", "app/views.py", "db.internal"),
        contentHash: SHA256.hex("custom.internal-host", "db.internal"))

    public static let all = [secret, tainted, history, unlisted]

    public static let rules = [
        RuleInfo(id: "github-pat", kind: .secret, title: "GitHub personal access token", severity: .critical, cwe: 798,
                 description: "Tokens starting with ghp_.", fix: "Revoke and rotate the token."),
        RuleInfo(id: "aws-access-key", kind: .secret, title: "AWS access key ID", severity: .high, cwe: 798,
                 description: "Access key IDs starting with AKIA.", fix: "Deactivate the key."),
        RuleInfo(id: "python.sql-injection", kind: .python, title: "SQL injection", severity: .high, cwe: 89,
                 owasp: "A03:2021-Injection", description: "Query text built from request data.",
                 fix: "Use query parameters."),
    ]

    public static let summary = ScanSummary(commits: 5, files: 12, bytes: 3 * 1024 * 1024 + 200, durationSeconds: 1.23456,
                                     skipped: ["big.bin: larger than 10 MiB", "logo.png: binary"],
                                     errors: ["broken.py: invalid UTF-8"])
}
