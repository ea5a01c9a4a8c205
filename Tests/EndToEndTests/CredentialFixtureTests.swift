import Foundation
import XCTest

/// Credentials as people commit them: one realistic file per kind under CredentialFixtures/, with the
/// lines that must be found (and by which pattern, at which confidence) and the lines that must not
/// (references, masks, empty values, comments, look-alikes), through `scan`, `staged` and `history`.
final class CredentialFixtureTests: XCTestCase {
    struct Expect {
        var text: String
        var rule: String
        var confidence: String? = nil
    }

    struct Kind {
        var name: String
        var file: String
        var finds: [Expect]
        var quiet: [String] = []
    }

    static let kinds: [Kind] = [
        // 1. Weak and human passwords in credential fields.
        Kind(name: ".env", file: "env/.env", finds: [
            Expect(text: "DB_PASSWORD=admin123", rule: "generic-password-config", confidence: "medium"),
            Expect(text: "REDIS_PASSWORD=RedisPass1!", rule: "generic-password-config", confidence: "medium"),
            Expect(text: "IRC_PASS=irc_pass", rule: "generic-password-config", confidence: "medium"),
            Expect(text: "MAIL_PASSWORD=\"Winter2024!\"", rule: "generic-password-assignment", confidence: "medium"),
        ], quiet: ["SMTP_PASSWORD=${SMTP_PASSWORD}", "CACHE_PASSWORD=", "# DB_PASSWORD=hunter22", "QUEUE_PASSWORD=********"]),
        Kind(name: "INI", file: "ini/server.ini", finds: [
            Expect(text: "AdminPassword=AdminPassword123", rule: "generic-password-config", confidence: "medium"),
            Expect(text: "ServerPassword = Kx9!mQ2rTz", rule: "generic-password-config", confidence: "medium"),
        ], quiet: ["; password = hunter22", "password =\n", "password = ********"]),
        Kind(name: "YAML (parsed: flow mapping, block scalar)", file: "yaml/config/database.yml", finds: [
            Expect(text: "  password: hunter22", rule: "generic-password-config", confidence: "medium"),
            Expect(text: "password: \"s3cr3tReplica\"", rule: "generic-password-assignment", confidence: "medium"),
            Expect(text: "      CachePass2023", rule: "generic-password-config", confidence: "medium"),
        ], quiet: ["staging_password", "vault_password", "empty_password", "password_min_length"]),
        Kind(name: "JSON", file: "json/config/app.json", finds: [
            Expect(text: "\"password\": \"hunter22\"", rule: "generic-password-assignment", confidence: "medium"),
            Expect(text: "\"password\": \"Tr0ub4dor&3\"", rule: "generic-password-assignment", confidence: "medium"),
        ], quiet: ["\"ldap\"", "\"redis\"", "passwordPolicy"]),
        Kind(name: "XML elements and attributes", file: "xml/config/datasource.xml", finds: [
            Expect(text: "<password>hunter22</password>", rule: "generic-password-xml", confidence: "medium"),
            Expect(text: "password=\"Summer2023\"", rule: "generic-password-assignment", confidence: "medium"),
        ], quiet: ["${env.AUDIT_DB_PASSWORD}", "password=\"\""]),
        Kind(name: "TOML (parsed: inline table)", file: "toml/config/app.toml", finds: [
            Expect(text: "password = \"hunter22\"", rule: "generic-password-assignment", confidence: "medium"),
            Expect(text: "replica = { user", rule: "generic-password-assignment", confidence: "medium"),
        ], quiet: ["password = \"\"", "token_password"]),
        Kind(name: "shell", file: "shell/scripts/setenv.sh", finds: [
            Expect(text: "export DB_PASSWORD=admin123", rule: "generic-password-config", confidence: "medium"),
            Expect(text: "mysql -u root -pS3cretRoot42", rule: "generic-password-cli-flag"),
        ], quiet: ["API_PASSWORD", "MAIL_PASSWORD=$MAIL_PASS"]),
        Kind(name: "PHP", file: "php/config.php", finds: [
            Expect(text: "$dbpasswd = 'pass123';", rule: "generic-password-assignment", confidence: "medium"),
            Expect(text: "define('DB_PASSWORD', 'hunter22');", rule: "generic-php-define-password", confidence: "medium"),
            Expect(text: "$config['smtp_pass']", rule: "generic-password-assignment", confidence: "medium"),
        ], quiet: ["getenv('LDAP_PASSWORD')", "define('CACHE_PASSWORD', '');"]),
        Kind(name: "JavaScript (login call: weak, in code)", file: "js/src/salesforce.js", finds: [
            Expect(text: "conn.login('ops@acme.io', 'salesforcepassword'", rule: "generic-login-call", confidence: "low"),
            Expect(text: "const dbPassword = \"Winter2024!\";", rule: "generic-password-assignment", confidence: "medium"),
        ], quiet: ["process.env.CACHE_PASSWORD"]),
        Kind(name: "URI (strong, and a weak one in a config file)", file: "uri/config/mongoid.yml", finds: [
            Expect(text: "mongodb://billing:Qs8vLp2mXz@", rule: "mongodb-connection-uri", confidence: "high"),
            Expect(text: "mongodb://testuser:testpass@", rule: "mongodb-connection-uri", confidence: "medium"),
        ], quiet: ["${MONGO_PASSWORD}"]),
        Kind(name: "keystore password (Gradle signingConfigs)", file: "keystore/android/app/build.gradle", finds: [
            Expect(text: "storePassword \"9vX1LgzlIzAgUrkZ\"", rule: "keystore-password", confidence: "high"),
        ], quiet: ["System.getenv(\"KEY_PASSWORD\")"]),
        Kind(name: "keystore password (properties, weak)", file: "keystore/android/keystore.properties", finds: [
            Expect(text: "storePassword=android", rule: "keystore-password", confidence: "medium"),
        ], quiet: ["keyPassword="]),

        // 2. Credential stores: every entry is a secret, high confidence.
        Kind(name: ".pgpass", file: "pgpass/.pgpass", finds: [
            Expect(text: "db.internal:5432:billing:billing:secret", rule: "pgpass-password", confidence: "high"),
            Expect(text: "*:5432:*:postgres:Zq7!pLm2vX", rule: "pgpass-password", confidence: "high"),
        ], quiet: ["# hostname", "localhost:5432:*:replica:*"]),
        Kind(name: ".git-credentials (@ # ! in the password)", file: "git-credentials/.git-credentials", finds: [
            Expect(text: "https://deploy:p@ss#W0rd!2024@gitlab.acme.io", rule: "git-credentials-password", confidence: "high"),
            Expect(text: "https://ci:ghtoken1234abcd@github.com", rule: "git-credentials-password", confidence: "high"),
        ], quiet: ["https://mirror.acme.io"]),
        Kind(name: ".netrc (one-line and multi-line)", file: "netrc/.netrc", finds: [
            Expect(text: "machine api.acme.io login ops@acme.io password hunter22", rule: "netrc-password", confidence: "high"),
            Expect(text: "  password Fr0stByte!9", rule: "netrc-password", confidence: "high"),
        ], quiet: ["password <password>"]),
        Kind(name: "_netrc", file: "netrc/_netrc", finds: [Expect(text: "password 9vX1LgzlIzAg", rule: "netrc-password", confidence: "high")]),
        Kind(name: "~/.aws/credentials (38-character secret)", file: "aws/.aws/credentials", finds: [
            Expect(text: "aws_access_key_id = AKIAZ3MSJV4WWNKWW5FG", rule: "aws-access-key-id", confidence: "high"),
            Expect(text: "aws_secret_access_key = k48zgTYmpIkMhIBwbfwsKBknU1RXvs6vJ7IDO7", rule: "aws-credentials-file-secret", confidence: "high"),
            Expect(text: "aws_access_key_id = AKIAZ3MSJV4WWNKWW5FH", rule: "aws-access-key-id", confidence: "high"),
        ], quiet: ["aws_secret_access_key =\n"]),
        Kind(name: ".s3cfg (33-character secret)", file: "s3cfg/.s3cfg", finds: [
            Expect(text: "access_key = AKIAZ3MSJV4WWNKWW5FJ", rule: "aws-access-key-id", confidence: "high"),
            Expect(text: "secret_key = CoHy8JVVYCMYKwyUGiZa9vX1LgzlIzAgU", rule: "s3cfg-secret-key", confidence: "high"),
        ], quiet: ["gpg_passphrase ="]),
        Kind(name: ".pypirc", file: "pypirc/.pypirc", finds: [Expect(text: "password = uploader2020", rule: "pypirc-password", confidence: "high")]),
        Kind(name: "pip.conf", file: "pip/pip.conf", finds: [
            Expect(text: "index-url = https://ci-reader:7aguDu8WXlKQBret@", rule: "pip-index-url-credentials", confidence: "high"),
        ], quiet: ["extra-index-url = https://pypi.org/simple"]),
        Kind(name: ".gem/credentials", file: "gem/.gem/credentials", finds: [
            Expect(text: ":rubygems_api_key:", rule: "gem-credentials-api-key", confidence: "high"),
        ]),
        Kind(name: "Composer auth.json", file: "composer/auth.json", finds: [
            Expect(text: "\"password\": \"deploy2021\"", rule: "composer-auth-credential", confidence: "high"),
        ], quiet: ["\"github-oauth\": {}"]),
        Kind(name: "Maven settings.xml", file: "maven/.m2/settings.xml", finds: [
            Expect(text: "<password>maven123</password>", rule: "maven-settings-password", confidence: "high"),
        ], quiet: ["${env.MAVEN_PASSWORD}"]),
        Kind(name: "Jenkins credentials.xml", file: "jenkins/credentials.xml", finds: [
            Expect(text: "<password>{AQAAABAAAAAQ", rule: "jenkins-credentials-secret", confidence: "high"),
        ], quiet: ["<username>deploy</username>"]),
        Kind(name: "FileZilla sitemanager.xml (plain, base64)", file: "filezilla/sitemanager.xml", finds: [
            Expect(text: "<Pass>ExamplePas123</Pass>", rule: "filezilla-password", confidence: "high"),
            Expect(text: "<Pass encoding=\"base64\">VHI0bSFsaW5lNzc=</Pass>", rule: "filezilla-password", confidence: "high"),
        ], quiet: ["<Pass encoding=\"base64\" />"]),
        Kind(name: "FileZilla file under another name (by content)", file: "filezilla/backup/old-sites.xml", finds: [
            Expect(text: "<Pass>webmaster1</Pass>", rule: "filezilla-password", confidence: "high"),
        ]),
        Kind(name: "Sublime sftp-config.json", file: "sftp/sftp-config.json", finds: [
            Expect(text: "\"password\": \"YrQ1TSzTafC2\"", rule: "sftp-client-config-password", confidence: "high"),
        ], quiet: ["//\"password\": \"\""]),
        Kind(name: "Atom .ftpconfig", file: "sftp/.ftpconfig", finds: [Expect(text: "\"pass\": \"deploy2019\"", rule: "sftp-client-config-password", confidence: "high")]),
        Kind(name: "Atom .remote-sync.json", file: "sftp/.remote-sync.json", finds: [
            Expect(text: "\"password\": \"rsync4life\"", rule: "sftp-client-config-password", confidence: "high"),
        ]),
        Kind(name: "VS Code .vscode/sftp.json", file: "sftp/.vscode/sftp.json", finds: [
            Expect(text: "\"password\": \"Staging#2022\"", rule: "sftp-client-config-password", confidence: "high"),
        ]),
        Kind(name: "DBeaver data-sources.xml", file: "dbeaver/.dbeaver/data-sources.xml", finds: [
            Expect(text: "user=\"billing\" password=\"password\"", rule: "database-tool-connection-password", confidence: "high"),
        ], quiet: ["save-password=\"true\"", "user=\"dev\" password=\"\""]),
        Kind(name: "JetBrains dataSources.xml", file: "jetbrains/.idea/dataSources.xml", finds: [
            Expect(text: "<property name=\"password\" value=\"9vX1LgzlIzAg\" />", rule: "database-tool-connection-password", confidence: "high"),
        ]),
        Kind(name: "JetBrains WebServers.xml", file: "jetbrains/.idea/WebServers.xml", finds: [
            Expect(text: "password=\"dfdfdfd2cfc3cfc3c6c7\"", rule: "jetbrains-web-server-password", confidence: "high"),
        ]),
        Kind(name: "Robo 3T robo3t.json", file: "robomongo/robo3t.json", finds: [
            Expect(text: "\"userPassword\" : \"CoHy8JVVYCMYKwyUGiZa\"", rule: "database-tool-connection-password", confidence: "high"),
        ], quiet: ["\"sshUserPassword\" : \"\""]),
        Kind(name: "shadow", file: "shadow/etc/shadow", finds: [Expect(text: "root:$6$", rule: "shadow-password-hash", confidence: "high")],
             quiet: ["daemon:*:", "nobody:!:"]),
        Kind(name: ".htpasswd", file: "htpasswd/.htpasswd", finds: [
            Expect(text: "admin:$apr1$", rule: "htpasswd-hash", confidence: "high"),
            Expect(text: "deploy:$2y$10$", rule: "htpasswd-hash", confidence: "high"),
        ]),
        Kind(name: "proftpd ftpd.passwd", file: "ftpd/etc/proftpd/ftpd.passwd", finds: [
            Expect(text: "deploy:$1$", rule: "crypt-password-file-hash", confidence: "high"),
            Expect(text: "web:$5$", rule: "crypt-password-file-hash", confidence: "high"),
        ], quiet: ["guest:x:"]),
        Kind(name: "Firefox logins.json", file: "firefox/profile/logins.json", finds: [
            Expect(text: "\"encryptedPassword\"", rule: "firefox-saved-login", confidence: "high"),
        ]),
        Kind(name: "PuTTY .ppk", file: "putty/keys/deploy.ppk", finds: [Expect(text: "PuTTY-User-Key-File-3", rule: "putty-private-key", confidence: "high")]),
        Kind(name: ".muttrc", file: "mail/.muttrc", finds: [
            Expect(text: "set imap_pass = \"mailpass99\"", rule: "mail-client-password", confidence: "high"),
            Expect(text: "set smtp_url = ", rule: "mail-client-password", confidence: "high"),
        ], quiet: ["set imap_user", "pass show mail/acme"]),
        Kind(name: ".msmtprc", file: "mail/.msmtprc", finds: [Expect(text: "password Sm7p!Relay", rule: "netrc-password", confidence: "high")]),
        Kind(name: ".esmtprc", file: "mail/.esmtprc", finds: [Expect(text: "password = \"relaypass77\"", rule: "mail-client-password", confidence: "high")],
             quiet: ["username = \"ada\""]),

        // 3. Dumps.
        Kind(name: "SQL dump (bcrypt rows, hex digest column)", file: "sql/backup/dump.sql", finds: [
            Expect(text: "INSERT INTO `users` VALUES", rule: "sql-dump-password-hash", confidence: "high"),
            Expect(text: "INSERT INTO members (id, login, password)", rule: "sql-dump-password-digest", confidence: "high"),
        ], quiet: ["INSERT INTO `settings`", "INSERT INTO commits"]),

        // 4. Unusual lengths next to a credential key.
        Kind(name: "38-character aws_secret_access_key in INI", file: "unusual/deploy/aws.ini", finds: [
            Expect(text: "aws_secret_access_key = Bn3mKkCsMbbS8wGrYwEnZ6SoVX53BCL5xjeq1i", rule: "aws-secret-access-key-unusual-length", confidence: "medium"),
        ], quiet: ["region = eu-west-1"]),

        // Weak values in tests: visible at low confidence.
        Kind(name: "weak password in a test", file: "fixture/tests/test_login.py", finds: [
            Expect(text: "password=\"testpass123\"", rule: "generic-password-assignment", confidence: "low"),
        ]),
        Kind(name: "weak password in a fixture", file: "fixture/tests/fixtures/users.yml", finds: [
            Expect(text: "  password: test", rule: "generic-password-config", confidence: "low"),
        ]),
    ]

    /// Files shaped like credentials that hold none: nothing may be reported in them, at any confidence.
    static let lookalikes = "lookalike/"

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("CredentialFixtures")

    private func copyFixtures(into repo: Sandbox) throws {
        let fm = FileManager.default
        for name in try fm.contentsOfDirectory(atPath: Self.fixtures.path) {
            try fm.copyItem(at: Self.fixtures.appendingPathComponent(name), to: repo.root.appendingPathComponent(name))
        }
    }

    /// The 1-based line of the only line containing `text` (which may end with a newline to match a line end).
    private func line(of text: String, in content: String, file: String) throws -> Int {
        let wanted = text.hasSuffix("\n") ? String(text.dropLast()).trimmingCharacters(in: .whitespaces) : nil
        let hits = content.components(separatedBy: "\n").enumerated().filter { _, line in
            wanted.map { line.trimmingCharacters(in: .whitespaces) == $0 } ?? line.contains(text)
        }
        XCTAssertEqual(hits.count, 1, "\(file): \"\(text)\" must name exactly one line")
        return try XCTUnwrap(hits.first).offset + 1
    }

    /// Checks one job's findings against the table; returns (found, expected) per kind.
    private func check(_ job: String, _ findings: [[String: Any]]) throws -> [(Kind, Int)] {
        var rows: [(Kind, Int)] = []
        for kind in Self.kinds {
            let content = try String(contentsOf: Self.fixtures.appendingPathComponent(kind.file), encoding: .utf8)
            let inFile = findings.filter { ($0["file"] as? String) == kind.file && ($0["kind"] as? String) == "secret" }
            var found = 0
            for expect in kind.finds {
                let line = try line(of: expect.text, in: content, file: kind.file)
                let hit = inFile.first { ($0["line"] as? Int) == line && ($0["rule"] as? String) == expect.rule }
                if let hit {
                    found += 1
                    if let confidence = expect.confidence {
                        XCTAssertEqual(hit["confidence"] as? String, confidence, "\(job): \(kind.file):\(line) \(expect.rule)")
                    }
                } else {
                    let there = inFile.filter { ($0["line"] as? Int) == line }.compactMap { $0["rule"] as? String }
                    XCTFail("\(job): \(kind.file):\(line) \"\(expect.text)\" not found by \(expect.rule) (found there: \(there))")
                }
            }
            for text in kind.quiet {
                let line = try line(of: text, in: content, file: kind.file)
                let noise = inFile.filter { ($0["line"] as? Int) == line }
                XCTAssertTrue(noise.isEmpty, "\(job): \(kind.file):\(line) \"\(text)\" must stay quiet, got \(noise.compactMap { $0["rule"] as? String })")
            }
            let expectedLines = Set(try kind.finds.map { try line(of: $0.text, in: content, file: kind.file) })
            let extra = inFile.filter { !expectedLines.contains($0["line"] as? Int ?? 0) }
            XCTAssertTrue(extra.isEmpty, "\(job): \(kind.file) has findings the table does not expect: \(extra.map { "\($0["line"] ?? ""): \($0["rule"] ?? "")" })")
            rows.append((kind, found))
        }
        let quietFiles = findings.filter { ($0["file"] as? String)?.hasPrefix(Self.lookalikes) == true }
        XCTAssertTrue(quietFiles.isEmpty, "\(job): look-alikes must stay quiet: \(quietFiles.map { "\($0["file"] ?? ""):\($0["line"] ?? "") \($0["rule"] ?? "") \($0["confidence"] ?? "")" })")
        return rows
    }

    func testEveryKindIsFoundAndEveryLookalikeStaysQuietThroughScanStagedAndHistory() throws {
        let repo = try Sandbox()
        try copyFixtures(into: repo)

        let scan = try repo.shortwall("scan", ".", "--format", "json", "--min-confidence", "low")
        XCTAssertEqual(scan.status, 1, scan.stderr)
        let scanRows = try check("scan", try Sandbox.findings(scan.stdout))

        try repo.git("add", "-A")
        let staged = try repo.shortwall("staged", "--format", "json", "--min-confidence", "low")
        XCTAssertEqual(staged.status, 1, staged.stderr)
        let stagedRows = try check("staged", try Sandbox.findings(staged.stdout))

        try repo.git("commit", "-q", "-m", "credentials as people commit them")
        let history = try repo.shortwall("history", "--format", "json", "--min-confidence", "low")
        XCTAssertEqual(history.status, 1, history.stderr)
        let historyRows = try check("history", try Sandbox.findings(history.stdout))

        // The table for the issue note: found/expected per kind and job.
        var table = "| kind | file | scan | staged | history |\n|---|---|---|---|---|\n"
        for ((kind, a), ((_, b), (_, c))) in zip(scanRows, zip(stagedRows, historyRows)) {
            let n = kind.finds.count
            table += "| \(kind.name) | `\(kind.file)` | \(a)/\(n) | \(b)/\(n) | \(c)/\(n) |\n"
        }
        print(table)
    }

    func testWeakPasswordInATestFixtureShowsWithoutFailingAndInDotEnvFails() throws {
        let repo = try Sandbox()
        _ = try repo.commit("base", files: ["README.md": "billing\n"])
        try repo.write("tests/fixtures/users.yml", "alice:\n  password: test\n")
        try repo.git("add", "-A")
        let hook = try repo.shortwall("staged")
        XCTAssertEqual(hook.status, 0, "a low-confidence finding must not fail the hook: \(hook.stdout)")
        XCTAssertTrue(hook.stdout.contains("No findings.\n1 low-confidence finding not shown; --min-confidence low lists it.\n"), hook.stdout)
        let fixture = try repo.shortwall("staged", "--format", "json", "--min-confidence", "low")
        XCTAssertEqual(fixture.status, 0, "listed, it still does not fail the hook: \(fixture.stdout)")
        let found = try Sandbox.findings(fixture.stdout)
        XCTAssertEqual(found.map { $0["confidence"] as? String }, ["low"], "the deep audit lists it")
        XCTAssertEqual(found.first?["line"] as? Int, 2)
        XCTAssertEqual(try repo.shortwall("staged", "--fail-on-confidence", "low").status, 1, "--fail-on-confidence low lists it and fails on it")
        XCTAssertEqual(try repo.shortwall("staged", "--fail-on-confidence", "low", "--min-confidence", "medium").status, 0,
                       "a finding below --min-confidence is not reported and cannot fail the run")

        try repo.write(".env", "APP_ENV=production\nDB_PASSWORD=admin123\n")
        try repo.git("add", "-A")
        let env = try repo.shortwall("staged")
        XCTAssertEqual(env.status, 1, "a weak database password in .env blocks the commit: \(env.stdout)")
        XCTAssertTrue(env.stdout.contains(".env:2:13"), env.stdout)
        XCTAssertTrue(env.stdout.contains("database user's password"), "the fix names what to rotate: \(env.stdout)")
        XCTAssertFalse(env.stdout.contains("admin123"), "redacted")

        try repo.write(".shortwall.toml", "fail-on-confidence = \"high\"\n")
        XCTAssertEqual(try repo.shortwall("staged").status, 0, "the config can raise the bar")
        try repo.write(".shortwall.toml", "fail-on-confidence = \"sure\"\n")
        let bad = try repo.shortwall("staged")
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("fail-on-confidence"), bad.stderr)
    }

    func testOnlyAddedLinesOfAStoreAreReportedAtTheValuesLine() throws {
        let repo = try Sandbox()
        _ = try repo.commit("pgpass", files: [".pgpass": "db.internal:5432:billing:billing:Zq7!pLm2vX\n"])
        try repo.write(".pgpass", "db.internal:5432:billing:billing:Zq7!pLm2vX\nreplica.internal:5432:billing:reader:reader\n")
        try repo.write("config/app.yml", "db:\n  user: app\n  password:\n    hunter22\n")
        try repo.git("add", "-A")
        let result = try repo.shortwall("staged", "--format", "json")
        XCTAssertEqual(result.status, 1, result.stderr)
        let found = try Sandbox.findings(result.stdout).map { "\($0["file"] ?? ""):\($0["line"] ?? ""):\($0["rule"] ?? "")" }
        XCTAssertEqual(found, [".pgpass:2:pgpass-password", "config/app.yml:4:generic-password-config"])
    }
}
