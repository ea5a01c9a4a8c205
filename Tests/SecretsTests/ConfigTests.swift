import Findings
@testable import Secrets
import XCTest

final class ConfigTests: XCTestCase {
    func testPatternFileWarningsAndSkips() throws {
        let toml = #"""
        [[pattern]]
        description = "no id"
        regex = "x"
        [[pattern]]
        id = "bad-regex"
        regex = '''(?<=a+)b'''
        keywords = ["b"]
        [[pattern]]
        id = "typo"
        regex = '''tok_[a-z]{8}'''
        keywords = ["tok_"]
        secret_group = 1
        severity = "urgent"
        """#
        let loaded = try SecretScanner.loadPatterns(toml: toml, origin: "extra.toml")
        XCTAssertEqual(loaded.patterns.map(\.id), ["typo"])
        XCTAssertEqual(loaded.patterns.first?.severity, .high)
        let joined = loaded.warnings.joined(separator: "\n")
        XCTAssertTrue(joined.contains("pattern #1 has no id"), joined)
        XCTAssertTrue(joined.contains("bad-regex: regex does not compile"), joined)
        XCTAssertTrue(joined.contains("unknown key secret_group"), joined)
        XCTAssertTrue(joined.contains("unknown severity urgent"), joined)
        XCTAssertThrowsError(try SecretScanner.loadPatterns(toml: "[[pattern]\nid=", origin: "broken.toml"))
    }

    func testFilesWithoutPatternsAreFine() throws {
        let loaded = try SecretScanner.loadPatterns(toml: "[meta]\nfamily = \"placeholder\"\n", origin: "placeholder.toml")
        XCTAssertEqual(loaded.patterns.count, 0)
        XCTAssertEqual(loaded.warnings, [])
    }

    private func config() throws -> SecretSettings {
        var c = SecretSettings()
        c.useEmbedded = false
        try c.addPatterns(toml: Fixtures.patternTOML, origin: "fixtures.toml")
        return c
    }

    func testDisableOverrideAndSeverity() throws {
        var c = try config()
        c.disabled = ["fixture-github-pat", "no-such-pattern"]
        c.severity = ["fixture-aws-key": .low]
        try c.addPatterns(toml: #"""
        [[pattern]]
        id = "generic-fixture-password"
        description = "Password, stricter"
        regex = '''(?i)\bpassword\s*=\s*"([^"]{12,})"'''
        keywords = ["password"]
        """#, origin: "override.toml")
        let (s, warnings) = try SecretScanner.build(c)
        XCTAssertEqual(warnings, ["disabled pattern no-such-pattern does not exist"])
        XCTAssertEqual(Set(s.rules.map(\.id)), ["fixture-aws-key", "generic-fixture-password", "fixture-private-key"])
        XCTAssertEqual(Fixtures.scan(s, "ghp_R8d2LqW9xZ4mN7vB1cK5tY3hJ6gF0sA2pE9u").count, 0)
        XCTAssertEqual(Fixtures.scan(s, "k = AKIA2E3MXQ7RVB4KZW5N").first?.severity, .low)
        XCTAssertEqual(Fixtures.scan(s, #"password = "r7Gk!2pQz9""#).count, 0, "10 chars: the override needs 12")
        XCTAssertEqual(Fixtures.scan(s, #"password = "r7Gk!2pQz9Lw4""#).first?.title, "Password, stricter")
    }

    func testGlobalAllowlist() throws {
        var c = try config()
        c.allowlists = [
            Allowlist(regexes: ["^AKIA2E3M"]),
            Allowlist(stopwords: ["kz"]),
            Allowlist(paths: [.glob("**/fixtures/**"), .glob("*.snap")]),
        ]
        let s = try SecretScanner.build(c).scanner
        XCTAssertEqual(Fixtures.scan(s, "k = AKIA2E3MXQ7RVB4KZW5N").count, 0, "regex")
        XCTAssertEqual(Fixtures.scan(s, "k = AKIA7RVB4KZW5N2E3MXQ").count, 0, "stopword, case-insensitive")
        XCTAssertEqual(Fixtures.scan(s, "k = AKIA7RVB4QW5N2E3MXQY").count, 1)
        XCTAssertEqual(Fixtures.scan(s, "k = AKIA7RVB4QW5N2E3MXQY", path: "tests/fixtures/a/keys.py").count, 0, "path glob")
        XCTAssertEqual(Fixtures.scan(s, "k = AKIA7RVB4QW5N2E3MXQY", path: "ui/__snapshots__/view.snap").count, 0, "basename glob")
    }

    func testPatternPathsAndPatternAllowlist() throws {
        let toml = #"""
        [[pattern]]
        id = "npm-token"
        description = "npm token"
        regex = '''_authToken=(npm_[A-Za-z0-9]{36})'''
        keywords = ["_authtoken"]
        paths = ["**/.npmrc"]
        [pattern.allowlist]
        regexes = ['''^npm_0000''']
        """#
        let s = try SecretScanner(patterns: try SecretScanner.loadPatterns(toml: toml, origin: "t.toml").patterns)
        let line = "//registry.npmjs.org/:_authToken=npm_R8d2LqW9xZ4mN7vB1cK5tY3hJ6gF0sA2pE9u"
        XCTAssertEqual(Fixtures.scan(s, line, path: ".npmrc").count, 1)
        XCTAssertEqual(Fixtures.scan(s, line, path: "home/user/.npmrc").count, 1)
        XCTAssertEqual(Fixtures.scan(s, line, path: "README.md").count, 0)
        XCTAssertEqual(Fixtures.scan(s, "_authToken=npm_0000qW9xZ4mN7vB1cK5tY3hJ6gF0sA2pE9uR8d2", path: ".npmrc").count, 0)
    }

    func testGlobs() throws {
        func matches(_ glob: String, _ path: String) throws -> Bool { Glob(glob).matches(path) }
        XCTAssertTrue(try matches("**/.npmrc", ".npmrc"))
        XCTAssertTrue(try matches("src/**/*.py", "src/a/b/c.py"))
        XCTAssertTrue(try matches("src/**/*.py", "src/c.py"))
        XCTAssertFalse(try matches("src/*.py", "src/a/c.py"))
        XCTAssertTrue(try matches("*.{yml,yaml}", "deploy/k8s/secret.yaml"))
        XCTAssertFalse(try matches("*.py", "a.pyc"))
        XCTAssertTrue(try matches("docs/file?.md", "docs/file1.md"))
    }

    func testGlobLiteralPrefilterKeepsEveryMatch() throws {
        // The prefilter rejects paths lacking an alternative's longest literal; these must still match.
        let cases: [(String, String, Bool)] = [
            ("**/.env", "app/.env/production", true),            // a folder covers what is inside it
            ("*.{yml,yaml}", "a/b.yaml", true),                   // the second alternative's literal
            ("*.{yml,yaml}", "a/b.yml", true),
            ("*.{yml,yaml}", "a/b.ymlx", false),
            ("**/wp-config-*.php", "site/wp-config-prod.php", true),
            ("**/wp-config-*.php", "site/wp-config.php", false),
            ("[!a]bc/*.cfg", "xbc/s3.cfg", true),                 // sets are not literals
            ("**/café/*.py", "x/café/a.py", true),               // non-ASCII literal
            ("**/café/*.py", "x/cafe/a.py", false),
            ("**", "anything/at/all", true),                      // no literal at all
            ("/setup.py", "setup.py", true),
            ("/setup.py", "pkg/setup.py", false),
        ]
        for (glob, path, expected) in cases {
            XCTAssertEqual(Glob(glob).matches(path), expected, "\(glob) vs \(path)")
        }
    }

    func testGitleaksConfig() throws {
        let toml = #"""
        title = "custom"
        [extend]
        useDefault = true
        disabledRules = ["generic-api-key"]

        [allowlist]
        description = "global"
        paths = ['''(^|/)vendor/''']
        stopwords = ["sandbox"]

        [[rules]]
        id = "acme-token"
        description = "Acme API token"
        regex = '''(?i)\b(acme_[a-z0-9]{24})(?:['"\s;]|$)'''
        secretGroup = 1
        entropy = 3
        keywords = ["acme_"]
        tags = ["acme"]
        [[rules.allowlists]]
        regexTarget = "line"
        regexes = ['''acme_example''']

        [[rules]]
        id = "acme-old"
        secretGroup = 0
        regex = '''(?i)acme-old-(?P<key>[0-9a-f]{32})'''
        keywords = ["acme-old-"]
        path = '''\.env$'''
        [rules.allowlist]
        stopwords = ["deadbeef"]

        [[rules]]
        id = "needs-go"
        regex = '''(?<=a+)b'''

        [[rules]]
        id = "path-only"
        path = '''\.pem$'''
        """#
        let loaded = try SecretScanner.loadGitleaks(toml: toml)
        XCTAssertTrue(loaded.useDefault)
        XCTAssertEqual(loaded.disabledIDs, ["generic-api-key"])
        XCTAssertEqual(loaded.patterns.map(\.id), ["acme-token", "acme-old"])
        XCTAssertTrue(loaded.warnings.contains { $0.contains("needs-go") && $0.contains("does not compile") }, "\(loaded.warnings)")
        XCTAssertTrue(loaded.warnings.contains { $0.contains("path-only") }, "\(loaded.warnings)")
        XCTAssertEqual(loaded.patterns[0].entropy, 3)

        let s = try SecretScanner(patterns: loaded.patterns, allowlists: loaded.allowlists)
        let token = "acme_k3j9x2m7q8w1v5z0p4r6t2y8"
        XCTAssertEqual(Fixtures.scan(s, "ACME = \"\(token)\"").map(\.rule), ["acme-token"])
        XCTAssertEqual(Fixtures.scan(s, "ACME = \"\(token)\"", path: "vendor/lib/x.py").count, 0, "global path regex")
        XCTAssertEqual(Fixtures.scan(s, "ACME = \"\(token)\" # acme_example").count, 0, "rule allowlist on the line")
        XCTAssertEqual(Fixtures.scan(s, "ACME = \"acme_sandboxk3j9x2m7q8w1v5z0\"").count, 0, "global stopword")
        XCTAssertEqual(Fixtures.scan(s, "KEY=acme-old-9f86d081884c7d659a2feaa0c55ad015", path: "prod.env").count, 1)
        XCTAssertEqual(Fixtures.scan(try SecretScanner(patterns: loaded.patterns, redact: false), "KEY=acme-old-9f86d081884c7d659a2feaa0c55ad015",
                                     path: "prod.env").first?.secret, "9f86d081884c7d659a2feaa0c55ad015", "secretGroup 0 means the first group")
        XCTAssertEqual(Fixtures.scan(s, "KEY=acme-old-9f86d081884c7d659a2feaa0c55ad015", path: "prod.txt").count, 0, "rule path")
        XCTAssertEqual(Fixtures.scan(s, "KEY=acme-old-9f86deadbeef7d659a2feaa0c55ad015", path: "prod.env").count, 0, "rule stopword")
    }

    func testGitleaksConfigAddsToTheBuiltInPatterns() throws {
        var c = SecretSettings()
        try c.addGitleaks(toml: "[[rules]]\nid = \"only\"\nregex = \'\'\'only_[0-9]{6}\'\'\'\nkeywords = [\"only_\"]\n")
        XCTAssertTrue(c.useEmbedded, "a gitleaks file never turns the built-in patterns off")
        let ids = Set(try SecretScanner.build(c).scanner.rules.map(\.id))
        XCTAssertTrue(ids.contains("only") && ids.contains("github-personal-access-token"), "\(ids.count) rules")
    }

    func testGitleaksDisabledRulesUseGitleaksIds() throws {
        var c = SecretSettings()
        try c.addGitleaks(toml: "[extend]\nuseDefault = true\ndisabledRules = [\"github-pat\", \"jwt\", \"adafruit-api-key\"]\n")
        let (scanner, warnings) = try SecretScanner.build(c)
        let ids = Set(scanner.rules.map(\.id))
        XCTAssertFalse(ids.contains("github-personal-access-token"))
        XCTAssertFalse(ids.contains("jwt"))
        XCTAssertTrue(ids.contains("github-fine-grained-pat"))
        XCTAssertEqual(warnings, [], "a gitleaks rule Shortwall lacks is not worth a warning")
    }

    func testEveryGitleaksMappingNamesABuiltInPattern() throws {
        let builtIn = Set(try SecretScanner.embeddedPatterns().patterns.map(\.id))
        for (gitleaks, ours) in GitleaksRuleIDs.table {
            XCTAssertFalse(builtIn.contains(gitleaks), "\(gitleaks) is spelt the same in both: no entry needed")
            for id in ours { XCTAssertTrue(builtIn.contains(id), "\(gitleaks) maps to \(id), which does not exist") }
        }
    }
}
