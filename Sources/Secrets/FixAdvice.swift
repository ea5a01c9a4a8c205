/// How to fix a finding. A pattern file's `fix` says it for its kind (a `.pgpass` entry, a FileZilla site);
/// a generic password pattern does not know the service, so the line's words choose the advice: rotating
/// a database password means changing the database user, not revoking a key at a provider.
enum FixAdvice {
    private struct Service {
        var words: [String]
        var advice: String
    }

    private static let services: [Service] = [
        Service(words: ["db_", "database", "mysql", "mariadb", "postgres", "pgsql", "psql", "mongo", "mssql", "sqlserver", "oracle",
                        "datasource", "jdbc", "sql"],
                advice: "Change this database user's password on the database server (ALTER USER ... PASSWORD / SET PASSWORD), update every application that connects with it, and check the server's logs for logins you do not expect; then read it from the environment or a secret manager instead of the file"),
        Service(words: ["redis", "memcache", "rabbit", "amqp", "kafka", "mq_"],
                advice: "Change this password on the broker or cache (Redis: requirepass / ACL SETUSER; RabbitMQ: rabbitmqctl change_password), restart or reconfigure its clients, and read it from the environment or a secret manager instead of the file"),
        Service(words: ["smtp", "mail", "imap", "pop3", "sendgrid", "postfix"],
                advice: "Change the mail account's password (or revoke its app password) at the mail provider, check the account's sent mail for abuse, and read the new one from the environment or a secret manager"),
        Service(words: ["ftp", "sftp", "ssh"],
                advice: "Change this account's password on the FTP/SSH server (better: switch it to key-based login), check the server's access logs, and keep credentials out of the repository"),
        Service(words: ["ldap", "bind_", "active_directory", "domain"],
                advice: "Change the directory account's password, review what the account may read or change, and read it from a secret manager"),
        Service(words: ["admin", "root", "superuser"],
                advice: "Change this administrator password wherever it is set (and any account that shares it), review recent administrator logins, and read it from the environment or a secret manager instead of the file"),
    ]

    static let genericPassword = "Change this password on the account or service it opens (and everywhere it was reused), then read it from the environment or a secret manager instead of the file; deleting it from the file does not undo the leak"

    static func text(for pattern: SecretPattern, line: ArraySlice<UInt8>) -> String {
        if let fix = pattern.fix { return fix }
        guard pattern.tags.contains("password") else { return pattern.fixText }
        let lower = String(decoding: line.prefix(400).lowercasedASCII(), as: UTF8.self)
        return services.first { service in service.words.contains { lower.contains($0) } }?.advice ?? genericPassword
    }
}
