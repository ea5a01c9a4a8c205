import Findings
import Foundation
@testable import Secrets
import XCTest

/// The credential-context model below the CLI: what counts as a value, weak or strong; what a path says
/// about confidence; what the parsers read and where; and that the path index agrees with the globs.
final class CredentialContextTests: XCTestCase {
    private func candidate(_ line: String, secret: String, path: String = "app/config.py") -> Filters.Candidate {
        // The value is the last occurrence: in `PASSWORD = "PASSWORD"` the first one is the key.
        let bytes = ArraySlice(Array(line.utf8))
        let start = line.utf8.distance(from: line.startIndex, to: line.range(of: secret, options: .backwards)!.lowerBound)
        return Filters.Candidate(secret: bytes[start..<(start + secret.utf8.count)], line: bytes, path: path)
    }

    private func verdict(_ line: String, _ secret: String, store: Bool = false) -> Filters.Verdict {
        Filters.verdict(candidate(line, secret: secret), placeholders: true, generic: true, store: store)
    }

    func testNotAValueIsDroppedEverywhereAndTemplateWordsOnlyOutsideStores() {
        for (line, secret) in [("password = '********'", "********"), ("password: ${DB_PASSWORD}", "${DB_PASSWORD}"),
                               ("password = '{{ vault_pw }}'", "{{ vault_pw }}"), ("password = '%(pw)s'", "%(pw)s"),
                               ("password = '<password>'", "<password>"), ("password = 'xxxxxxxx'", "xxxxxxxx"),
                               ("password = '[redacted]'", "[redacted]"), ("password = os.environ['DB_PASS']", "os.environ['DB_PASS']")] {
            guard case .drop = verdict(line, secret) else { return XCTFail("\(line) must be dropped") }
            guard case .drop = verdict(line, secret, store: true) else { return XCTFail("\(line) must be dropped in a store too") }
        }
        guard case .drop = verdict("DB_PASSWORD=changeme", "changeme") else { return XCTFail("a template word outside a store") }
        XCTAssertEqual(verdict("password changeme", "changeme", store: true), .keep, "a store's value is the value")
        XCTAssertEqual(verdict("db:5432:app:app:secret", "secret", store: true), .keep)
    }

    func testTypedByAPersonIsWeakNotDropped() throws {
        for (line, secret) in [("password = 'password'", "password"), ("IRC_PASS=irc_pass", "irc_pass"),
                               ("AdminPassword=AdminPassword123", "AdminPassword123"), ("password = '123456'", "123456")] {
            guard case .weak = verdict(line, secret) else { return XCTFail("\(line): \(verdict(line, secret)) instead of weak") }
        }
        XCTAssertEqual(verdict("password = 'Zq7!pLm2vX'", "Zq7!pLm2vX"), .keep)
        guard case .drop = verdict("PASSWORD = \"PASSWORD\"", "PASSWORD") else { return XCTFail("a constant holding its own name") }
        // Through the patterns: their [pattern.weak] lists and entropy floors mark the rest.
        let scanner = try SecretScanner.default()
        let found = scanner.scanDetailed(path: ".env", content: Array("DB_PASSWORD=admin123\nAPI_PASSWORD=Zq7!pLm2vX\nX_PASSWORD=abc\n".utf8))
        XCTAssertEqual(found.map { "\($0.finding.line):\($0.weak):\($0.finding.confidence)" }, ["1:true:medium", "2:false:medium"])
    }

    func testConfidenceFollowsTheFile() {
        let generic = SecretPattern(id: "generic-x", description: "x", regex: "x")
        let provider = SecretPattern(id: "acme-token", description: "x", regex: "x")
        let store = SecretPattern(id: "acme-store", description: "x", regex: "x", store: true)
        XCTAssertEqual(FindingBuilder.confidence(generic, path: ".env", weak: true), .medium)
        XCTAssertEqual(FindingBuilder.confidence(generic, path: "www/config.php", weak: true), .medium)
        XCTAssertEqual(FindingBuilder.confidence(generic, path: "src/app.js", weak: true), .low)
        XCTAssertEqual(FindingBuilder.confidence(generic, path: "tests/fixtures/users.yml", weak: true), .low)
        XCTAssertEqual(FindingBuilder.confidence(generic, path: "src/app.js"), .medium)
        XCTAssertEqual(FindingBuilder.confidence(provider, path: "docs/setup.md"), .medium)
        XCTAssertEqual(FindingBuilder.confidence(store, path: ".pgpass", weak: true), .high)
        XCTAssertEqual(FindingBuilder.confidence(store, path: "tests/.pgpass"), .medium)
        for path in ["tests/a.py", "test_login.py", "src/x_test.go", "web/a.spec.ts", "docs/a.py", "README.md", "config.example.yml", "settings.sample.php", ".env.dist"] {
            XCTAssertTrue(PathKinds.looksLikeFixture(path), path)
        }
        for path in ["src/app.py", "config/database.yml", ".env", "latest/contest.py"] {
            XCTAssertFalse(PathKinds.looksLikeFixture(path), path)
        }
        for path in [".env", ".env.production", "prod.env", "a/settings.ini", "wp-config.php", "db_connect.php", "knexfile.js", "appsettings.json"] {
            XCTAssertTrue(PathKinds.isConfiguration(path), path)
        }
        for path in ["src/app.js", "lib/login.php", "main.go", "Makefile"] {
            XCTAssertFalse(PathKinds.isConfiguration(path), path)
        }
    }

    func testParsersReadFlowMappingsBlockScalarsAndInlineTablesAtTheValuesLine() {
        func values(_ path: String, _ text: String) -> [String] {
            let content = Array(text.utf8)
            let starts = LineStarts(content)
            return StructuredValues.passwordValues(path: path, content: content).map {
                "\(starts.line(at: $0.range.lowerBound)):\(String(decoding: content[$0.range], as: UTF8.self))"
            }.sorted()
        }
        XCTAssertEqual(values("c.yml", "db: {user: app, password: hunter22}\ncache:\n  password: >-\n    CachePass2023\n"),
                       ["1:hunter22", "4:CachePass2023"])
        XCTAssertEqual(values("c.yaml", "a:\n  password: true\n  smtpPass: ~\n  bypass: io3XPJxCnLXC\n  script: |\n    password: inside\n"), [],
                       "booleans, nulls, other keys and text inside a block scalar are not password values")
        XCTAssertEqual(values("c.json", "{\"db\": {\"password\": \"Tr0ub4dor&3\", \"passwordPolicy\": {\"min\": 8}},\n \"AllowChangePassword\": false}"),
                       ["1:Tr0ub4dor&3"])
        XCTAssertEqual(values("c.toml", "[db]\nreplica = { user = \"r\", password = \"Tr0ub4dor&3\" }\n[cache]\npassword = \"s3cr3tcache\"\n"),
                       ["2:Tr0ub4dor&3", "4:s3cr3tcache"])
        XCTAssertEqual(values("c.json", "{\"label\": {\"password\": \"Confirm password\"}}"), [], "a label is not a password")
        XCTAssertEqual(values("c.yml", "password: {{ db_password }}\n"), [], "a template does not parse: left to the line patterns")
        XCTAssertEqual(values("c.yml", String(repeating: "[", count: 10_000)), [], "too deep to parse")
        // A billion-laughs document stays bounded by the node budget.
        var bomb = "l0: &l0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
        for i in 1..<12 { bomb += "l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 9).joined(separator: ", ") + "]\n" }
        let start = Date()
        _ = values("bomb.yml", bomb + "password: hunter22\n")
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        XCTAssertTrue(StructuredValues.isPasswordKey("smtpPass"))
        XCTAssertTrue(StructuredValues.isPasswordKey("DB_PWD"))
        XCTAssertFalse(StructuredValues.isPasswordKey("bypass"))
        XCTAssertFalse(StructuredValues.isPasswordKey("password_hash"))
    }

    func testThePathIndexAgreesWithTheGlobs() throws {
        let scanner = try SecretScanner.default()
        let paths = [".pgpass", "home/ada/.pgpass", "a/.aws/credentials", "x/credentials", "credentials/readme.txt", "db/dump.sql",
                     "backup/full-dump-2024.gz", "app/build.gradle.kts", "app/build.gradle", ".env", ".env.local", "prod.env",
                     "config/app.yml", "a.b.sql", ".sql", "src/main.py", "sitemanager.xml", "x/.3T/robo-3t/1.4/robo3t.json",
                     "etc/proftpd/ftpd.passwd", "etc/passwd", "k8s/dev.kubeconfig", "Dockerfile.prod", "conf/redis-6379.conf"]
        for path in paths {
            let split = Glob.SplitPath(path)
            var indexed = scanner.pathIndex.lookup(path)
            for (p, matcher) in scanner.pathIndex.others {
                if case .glob(let glob) = matcher, glob.matches(split) { indexed.insert(p) }
            }
            let direct = Set(scanner.pathLimitedPatterns.filter { p in
                scanner.compiled[p].paths.contains { if case .glob(let g) = $0 { return g.matches(split) } else { return false } }
            })
            XCTAssertEqual(indexed, direct, "\(path): index \(indexed.map { scanner.compiled[$0].pattern.id }.sorted()) vs globs \(direct.map { scanner.compiled[$0].pattern.id }.sorted())")
        }
    }

    func testAStoreIsRecognisedByContentOnlyInDocuments() throws {
        let scanner = try SecretScanner.default()
        let filezilla = "<?xml version=\"1.0\"?>\n<FileZilla3>\n<Server><Pass>webmaster1</Pass></Server>\n</FileZilla3>\n"
        XCTAssertEqual(Fixtures.scan(scanner, filezilla, path: "backup/sites.xml").map(\.rule), ["filezilla-password"])
        let code = "# <FileZilla3> exports look like <Pass>webmaster1</Pass>\n"
        XCTAssertEqual(Fixtures.scan(scanner, code, path: "tools/export.py").map(\.rule), [], "a source file is not a store")
    }
}
