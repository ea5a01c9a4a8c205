import Foundation
import XCTest

/// `commitCount` is how many commits added a secret to its file: a commit holding it on two new lines
/// counts once, and one that only moves its line within the file (a line diff shows it deleted and
/// added) does not count, since every parent's version already has that line.
final class HistoryCommitCountTests: XCTestCase {
    func testACommitCountsOnceAndAMovedLineIsNotAnAddition() throws {
        let repo = try Sandbox()
        let secret = "TOKEN = \"\(Fake.githubToken)\""
        func commit(_ lines: [String], _ message: String) throws -> String {
            try repo.write("settings.py", lines.joined(separator: "\n") + "\n")
            try repo.git("add", "-A")
            try repo.git("commit", "-q", "-m", message)
            return try repo.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let first = try commit(["import os", secret, "DEBUG = False", secret, "NAME = 'app'"], "two copies")
        _ = try commit(["import os", "DEBUG = False", secret, "NAME = 'app'", secret], "move one copy down")
        _ = try commit(["import os", "DEBUG = False", secret, "NAME = 'app'", secret, secret], "a third copy")
        let result = try repo.shortwall("history", "--only", "secrets", "--format", "json")
        XCTAssertEqual(result.status, 1, result.stderr)
        let found = try Sandbox.findings(result.stdout).filter { $0["file"] as? String == "settings.py" }
        XCTAssertEqual(found.count, 1, result.stdout)
        XCTAssertEqual(found.first?["commit"] as? String, first)
        XCTAssertEqual(found.first?["line"] as? Int, 2)
        XCTAssertEqual(found.first?["commitCount"] as? Int, 2, "the first commit and the one adding a third copy")
    }
}
