import Foundation
import XCTest

/// A run that could not scan everything it was asked to never exits 0: 2 without findings, 1 with them,
/// and the report says what was not scanned.
final class IncompleteScanTests: XCTestCase {
    /// A pattern that backtracks past PCRE2's match limit on a line of a's.
    static let config = """
        [[pattern]]
        id = "catastrophic"
        description = "Backtracks without end"
        regex = '''zz(a|aa)+\\d'''
        keywords = ["zz"]
        severity = "high"

        """

    func testAPatternStoppedByItsMatchLimitMakesTheRunFail() throws {
        let repo = try Sandbox()
        try repo.write(".shortwall.toml", Self.config)
        try repo.write("slow.txt", "zz" + String(repeating: "a", count: 40) + "\n")
        try repo.git("add", "-A")
        let text = try repo.shortwall("staged")
        XCTAssertEqual(text.status, 2, text.stdout + text.stderr)
        XCTAssertEqual(text.stderr.split(separator: "\n").count, 1, text.stderr)
        XCTAssertEqual(text.stderr, "shortwall: incomplete scan: 1 error, listed above\n")
        XCTAssertTrue(text.stdout.contains("1 error, so the scan is incomplete:\n  pattern catastrophic on slow.txt"), text.stdout)

        let json = try repo.shortwall("staged", "--format", "json")
        XCTAssertEqual(json.status, 2)
        // Where the report is not text on the terminal, the line names what was missed.
        XCTAssertTrue(json.stderr.contains("incomplete scan: pattern catastrophic on slow.txt: match limit exceeded"), json.stderr)
        let summary = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["summary"] as? [String: Any])
        XCTAssertEqual(summary["complete"] as? Bool, false)
        XCTAssertEqual((summary["errors"] as? [String])?.count, 1)

        let sarif = try repo.shortwall("staged", "--format", "sarif")
        XCTAssertEqual(sarif.status, 2)
        XCTAssertTrue(sarif.stdout.contains("\"executionSuccessful\": false"), sarif.stdout)
        let github = try repo.shortwall("staged", "--format", "github")
        XCTAssertEqual(github.status, 2)
        XCTAssertTrue(github.stdout.contains("1 error, so the scan is incomplete"), github.stdout)

        // Findings at or above --fail-on already fail the run: exit 1, the gap still listed.
        try repo.write("token.env", "T=\(Fake.githubToken)\n")
        try repo.git("add", "token.env")
        let both = try repo.shortwall("staged")
        XCTAssertEqual(both.status, 1, both.stdout + both.stderr)
        XCTAssertTrue(both.stdout.contains("so the scan is incomplete"), both.stdout)

        // A complete run is clean again.
        try repo.git("rm", "-q", "--cached", "slow.txt", "token.env")
        let clean = try repo.shortwall("staged", "--format", "json")
        XCTAssertEqual(clean.status, 0, clean.stdout + clean.stderr)
        XCTAssertTrue(clean.stdout.contains("\"complete\": true"), clean.stdout)
    }

    func testAnUnreadableFileMakesAScanFail() throws {
        let repo = try Sandbox()
        try repo.write("ok.py", "x = 1\n")
        try repo.write("locked.py", "y = 2\n")
        let locked = repo.root.appendingPathComponent("locked.py").path
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: locked)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: locked) }
        // Root reads any file; the case only exists for other users.
        guard FileManager.default.contents(atPath: locked) == nil else { throw XCTSkip("running as root: every file is readable") }
        let result = try repo.shortwall("scan", ".")
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("locked.py: cannot read"), result.stdout)
        XCTAssertEqual(result.stderr, "shortwall: incomplete scan: 1 error, listed above\n")
    }
}
