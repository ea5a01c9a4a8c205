/// What a file's path says about the values in it, for confidence: configuration files hold the values a
/// program runs with, test and documentation files hold samples more often than live credentials.
enum PathKinds {
    private static let configurationExtensions: Set<String> = [
        "env", "envrc", "ini", "cfg", "conf", "cnf", "properties", "yaml", "yml", "toml", "json", "xml", "config",
        "plist", "tfvars", "hcl", "neon",
    ]

    /// Words of a file name that say it configures a program: `config.php`, `wp-config.php`,
    /// `database.yml`, `db_connect.php`, `settings.js`, `local_settings.py`, `secrets.sh`.
    private static let configurationWords: Set<String> = [
        "config", "configuration", "conf", "cfg", "settings", "setting", "env", "environment", "secret", "secrets",
        "credential", "credentials", "creds", "database", "databases", "db", "dbconfig", "parameters", "connection",
        "connections", "datasource", "datasources", "knexfile", "ormconfig", "appsettings", "setenv",
    ]

    /// Configuration by extension (`.env`, `.ini`, `.yaml`, `.json`, `.xml`, ...), by a `.env` name
    /// (`.env.production`), or by a configuration word in the name (`config.php`, `database.js`).
    static func isConfiguration(_ path: String) -> Bool {
        let name = fileName(path).lowercased()
        if name.hasPrefix(".env") || name.hasSuffix(".env") { return true }
        let parts = name.split(separator: ".")
        if parts.count > 1, let ext = parts.last, configurationExtensions.contains(String(ext)) { return true }
        let words = name.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        // The last part is the extension (unless the name has none): `config.php` is config, `php.config` too.
        let stemWords = parts.count > 1 ? Array(words.dropLast()) : words
        return stemWords.contains { configurationWords.contains($0) }
    }

    private static let fixtureFolders: Set<String> = [
        "test", "tests", "testing", "spec", "specs", "__tests__", "__mocks__", "fixture", "fixtures", "testdata",
        "test-data", "test_data", "example", "examples", "sample", "samples", "doc", "docs", "documentation", "mock",
        "mocks", "demo", "demos",
    ]
    private static let documentationExtensions: Set<String> = ["md", "markdown", "rst", "adoc", "asciidoc", "textile"]

    /// Tests, fixtures, examples and documentation: `tests/`, `docs/`, `test_*.py`, `*_test.go`, `*.spec.ts`,
    /// `*.md`, `config.example.yml`, `settings.sample.php`. They hold samples more often than live values.
    static func looksLikeFixture(_ path: String) -> Bool {
        let parts = path.lowercased().split(separator: "/")
        guard let name = parts.last else { return false }
        if parts.dropLast().contains(where: { fixtureFolders.contains(String($0)) }) { return true }
        if name.hasPrefix("test_") || name.hasPrefix("test-") || name.contains("_test.") || name.contains(".test.")
            || name.contains(".spec.") || name.contains("_spec.") || name == "conftest.py" { return true }
        if name.contains("example") || name.contains("sample") || name.hasSuffix(".dist") { return true }
        if let dot = name.lastIndex(of: "."), documentationExtensions.contains(String(name[name.index(after: dot)...])) { return true }
        return false
    }

    static func fileName(_ path: String) -> Substring {
        path.split(separator: "/").last ?? Substring(path)
    }
}
