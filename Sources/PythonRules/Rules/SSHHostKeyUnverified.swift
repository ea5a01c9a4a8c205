import Python

extension RuleSet {
    static let sshHostKeyUnverified = Rule(
        id: "python.ssh-host-key-unverified",
        title: "SSH server identity not verified",
        cwe: 295, owasp: OWASP.a07, severity: .high,
        explanation: "With AutoAddPolicy or WarningPolicy, paramiko accepts whatever host key a server presents, so anyone between the client and the server can impersonate it and collect the credentials and commands sent.",
        fix: "Load known host keys and reject unknown ones: client.load_system_host_keys() (or load_host_keys(path)) and client.set_missing_host_key_policy(paramiko.RejectPolicy()).",
        bandit: ["B507"],
        triggering: [
            """
            import paramiko
            client = paramiko.SSHClient()
            client.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # expect
            """,
            """
            from paramiko import SSHClient, WarningPolicy
            c = SSHClient()
            c.set_missing_host_key_policy(WarningPolicy)  # expect
            """,
        ],
        nonTriggering: [
            """
            import paramiko
            client = paramiko.SSHClient()
            client.load_system_host_keys()
            client.set_missing_host_key_policy(paramiko.RejectPolicy())
            """,
        ],
        calls: CallPattern(methods: CallPattern.methods("set_missing_host_key_policy")),
        onCall: { c, _ in
            guard c.method == "set_missing_host_key_policy", let policy = c.arg(0, "policy") else { return [] }
            let name: String?
            if case .call(let f, _, _) = policy.kind { name = f.lastName } else { name = policy.lastName }
            guard let name, name == "AutoAddPolicy" || name == "WarningPolicy" else { return [] }
            return [.plain(policy.span, "\(name) accepts any host key, so the server is never authenticated.")]
        }
    )
}
