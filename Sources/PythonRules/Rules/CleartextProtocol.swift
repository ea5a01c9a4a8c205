import Python

extension RuleSet {
    static let cleartextProtocol = Rule(
        id: "python.cleartext-protocol",
        title: "Credentials or data over a cleartext protocol",
        cwe: 319, owasp: OWASP.a02, severity: .medium,
        explanation: "Telnet and plain FTP send everything, the login included, unencrypted: anyone on the path can read the password and the data, and change them.",
        fix: "Use SSH (paramiko, with host keys checked) instead of Telnet, and SFTP or FTP over TLS (ftplib.FTP_TLS, then prot_p()) instead of FTP.",
        bandit: ["B312", "B321"],
        triggering: [
            """
            import telnetlib
            tn = telnetlib.Telnet("switch.internal")  # expect
            """,
            """
            from ftplib import FTP
            ftp = FTP("files.example.com")  # expect
            ftp.login("deploy", password)
            """,
        ],
        nonTriggering: [
            """
            from ftplib import FTP_TLS
            ftp = FTP_TLS("files.example.com")
            ftp.login("deploy", password)
            ftp.prot_p()
            """,
            """
            import paramiko
            client = paramiko.SSHClient()
            """,
        ],
        calls: CallPattern(names: ["telnetlib.Telnet", "ftplib.FTP", "telnetlib3.open_connection"]),
        onCall: { c, flow in
            guard c.matches("telnetlib.Telnet", "ftplib.FTP", "telnetlib3.open_connection") else { return [] }
            return [.plain(c.span, "\(flow.describe(c)) talks to the server unencrypted, login included.")]
        }
    )
}
