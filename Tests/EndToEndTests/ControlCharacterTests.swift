import Foundation
import XCTest

/// Repository text (file names, lines, author names) and config text (a pattern's id, description and
/// fix) never reaches stdout or stderr as a raw control character, in any format.
final class ControlCharacterTests: XCTestCase {
    /// ESC, BEL, a C1 CSI, a bidi override and a line separator: each can rewrite a terminal or a log.
    static func unsafe(in text: String) -> [String] {
        text.unicodeScalars.filter { s in
            let v = s.value
            return (v < 0x20 && s != "\n") || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029
                || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
        }.map { String(format: "U+%04X", $0.value) }
    }

    private func assertClean(_ result: Sandbox.Result, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(Self.unsafe(in: result.stdout), [], "\(what) stdout:\n\(result.stdout)", file: file, line: line)
        XCTAssertEqual(Self.unsafe(in: result.stderr), [], "\(what) stderr:\n\(result.stderr)", file: file, line: line)
    }

    static let names = [
        "evil\u{1B}]0;PWNED\u{07}.env",
        "link\u{1B}]8;;mailto:eve@example.com\u{1B}\\text\u{1B}]8;;\u{1B}\\.env",
        "clear\u{9B}2J.env",
        "bidi\u{202E}vne.txt",
    ]

    func testNoOutputCarriesAControlCharacterFromTheRepositoryOrItsConfig() throws {
        let repo = try Sandbox()
        for (i, name) in Self.names.enumerated() { try repo.write(name, "TOKEN\(i)=\(Fake.githubToken)\n") }
        try repo.write(".shortwall.toml", """
            [[pattern]]
            id = "acme\\u001b[31m-key"
            description = "ACME \\u001b]0;TITLE\\u0007 key \\u009b2J"
            regex = '''\\b(acme_[a-z0-9]{32})\\b'''
            keywords = ["acme_"]
            severity = "high"
            fix = "Rotate \\u001b[2J it\\u2028now"

            """)
        try repo.write("keys.txt", "K=acme_7f3k9q2m8x1v4b6n0c5z2l8p4r7t1w9d\n")
        try repo.git("add", "-A")
        let author = Sandbox.gitEnvironment.merging(["GIT_AUTHOR_NAME": "Eve \u{1B}]0;OWNED\u{07}\u{9B}31m"]) { $1 }
        let commit = try repo.run("/usr/bin/env", ["git", "commit", "-q", "-m", "keys"], environment: author)
        XCTAssertEqual(commit.status, 0, commit.stderr)

        for format in ["text", "json", "sarif", "github"] {
            let result = try repo.shortwall("history", "--format", format)
            XCTAssertEqual(result.status, 1, "\(format): \(result.stdout) \(result.stderr)")
            XCTAssertTrue(result.stdout.contains("acme"), "\(format): \(result.stdout)")
            assertClean(result, "history --format \(format)")
        }
        // JSON keeps the data: the escapes decode back to the names as they are.
        let files = Set(try Sandbox.findings(try repo.shortwall("history", "--format", "json").stdout).compactMap { $0["file"] as? String })
        XCTAssertEqual(files, Set(Self.names + ["keys.txt"]))
        let github = try repo.shortwall("history", "--format", "github").stdout
        XCTAssertTrue(github.contains("file=evil\\u{1b}]0;PWNED\\u{7}.env,"), github)

        try repo.write("more.txt", "K=acme_0a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p\n")
        try repo.git("add", "more.txt")
        for format in ["text", "github"] { assertClean(try repo.shortwall("staged", "--format", format), "staged --format \(format)") }
        assertClean(try repo.shortwall("rules"), "rules")
        assertClean(try repo.shortwall("rules", "--json"), "rules --json")
        // Error messages quote what they were given.
        let missing = try repo.shortwall("scan", "no-such-\u{1B}]0;x\u{07}-file")
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("no-such-\\u{1b}]0;x\\u{7}-file"), missing.stderr)
        assertClean(missing, "scan of a missing file")
        // The hidden debug commands print repository text too.
        try repo.write("bad\u{1B}[2J.py", "def f(:\n")
        for command in [["debug", "secrets", "--verbose", "."], ["debug", "parse", "bad\u{1B}[2J.py", Self.names[0]],
                        ["debug", "changes", "history"], ["debug", "changes", "staged"]] {
            assertClean(try repo.shortwall(command, timeout: 120), command.joined(separator: " "))
        }
    }
}
