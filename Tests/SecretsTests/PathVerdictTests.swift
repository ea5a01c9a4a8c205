import Findings
import XCTest
@testable import Secrets

/// A scanner decides what a path allows once and reuses it (`PathVerdicts`): every later scan of that
/// path must find exactly what a scanner that has never seen the path finds.
final class PathVerdictTests: XCTestCase {
    private static let contents = [
        "db.internal.example.io:5432:billing:billing_app:YFX%=xRCYHT5oVpfpj&c\nk = 'AKIA2E3MXQ7RVB4KZW5N'\n",
        "//npm.pkg.example.io/:_authToken=I_CKzPGfvUtjb1HNZy2DHg8bPGRitTFi2dmY\n",
        "<?xml version=\"1.0\"?>\n<FileZilla3>\n<Servers><Server><Pass encoding=\"base64\">F/s662vcLL2W6dqv4b082OiQ</Pass></Server></Servers>\n</FileZilla3>\n",
        "<Servers><Pass>ExamplePas123</Pass></Servers>\n",
        "MASTER_TOKEN = \"q8w7e6r5t4y3u2i1o0p9a8s7\"\n",
    ]
    private static let paths = [
        "home/.pgpass", "web/.npmrc", "ftp/sitemanager.xml", "ftp/notes.xml", "app/settings.py",
        "vendor/lib/.pgpass", "vendor/lib/settings.py", "tools/master.cfg", "old/tools/master.cfg", "README.md",
    ]

    /// The embedded patterns, one of our own with a path-only allowlist, and a settings allowlist that
    /// skips `vendor/`.
    private func makeScanner() throws -> SecretScanner {
        let loaded = try SecretScanner.embeddedPatterns()
        let own = SecretPattern(
            id: "master-token", description: "Master token", regex: #"MASTER_TOKEN = "([a-z0-9]{24})""#,
            keywords: ["master_token"], paths: [.glob("**/*.cfg"), .glob("**/*.py")],
            allowlists: [Allowlist(paths: [.glob("old/**")])])
        return try SecretScanner(patterns: loaded.patterns + [own],
                                 allowlists: loaded.allowlists + [Allowlist(paths: [.glob("vendor/**")])])
    }

    private func rules(_ scanner: SecretScanner, _ path: String, _ text: String, lines: Set<Int>? = nil) -> [String] {
        scanner.scan(path: path, content: Array(text.utf8), lines: lines).map { "\($0.rule)@\($0.line):\($0.column)" }
    }

    func testEveryScanOfAPathFindsWhatAFreshScannerFinds() throws {
        let shared = try makeScanner()
        var found = Set<String>()
        // Twice over every path and content: the second round meets only verdicts already made, on
        // other content, and some scans look at one line only.
        for round in 0..<2 {
            for (i, path) in Self.paths.enumerated() {
                for (j, content) in Self.contents.enumerated() {
                    let text = content + Self.contents[(i + j + round) % Self.contents.count]
                    let lines: Set<Int>? = (i + j + round) % 3 == 0 ? [1 + (i + j) % 4] : nil
                    let expected = rules(try makeScanner(), path, text, lines: lines)
                    XCTAssertEqual(rules(shared, path, text, lines: lines), expected, "\(path) \(text.debugDescription) \(String(describing: lines))")
                    for r in expected { found.insert(path + " " + r.prefix { $0 != "@" }) }
                }
            }
        }
        // Every kind of verdict was met each kind of verdict: by glob, by signature, excluded by a pattern's own
        // path-only allowlist, and skipped by the settings' allowlist.
        XCTAssertTrue(found.contains("home/.pgpass pgpass-password"), "\(found.sorted())")
        XCTAssertTrue(found.contains("ftp/notes.xml filezilla-password"), "\(found.sorted())")
        XCTAssertTrue(found.contains("tools/master.cfg master-token"), "\(found.sorted())")
        XCTAssertFalse(found.contains { $0.hasPrefix("old/tools/master.cfg master-token") })
        XCTAssertFalse(found.contains { $0.hasPrefix("vendor/") })
        XCTAssertFalse(found.contains("app/settings.py pgpass-password"))
    }
}
