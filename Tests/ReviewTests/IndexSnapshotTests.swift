import Findings
import Git
import PythonRules
import Review
import Secrets
import TestFixtures
import XCTest

/// Caches of cross-file results are keyed by the snapshot's id. Two reviews of the index in one process
/// (a long-lived caller, a test) must not share one: the index may have been restaged in between.
final class IndexSnapshotTests: XCTestCase {
    func testOneReviewerSeesAHelperRestagedBetweenTwoReviewsOfTheIndex() throws {
        let repo = try GitFixture()
        try repo.write("helpers.py", "def run(cmd):\n    return cmd.strip()\n")
        try repo.write("app.py", "import os\n")
        try repo.commit("base")
        let view = """
            from flask import request
            from helpers import run

            def report():
                return run(request.args["name"])

            """
        let reviewer = Reviewer(secrets: try SecretScanner.default(), python: PythonReviewer())
        func appRules() throws -> [String] {
            let repository = try Repository(discoveringFrom: repo.path)
            var summary = ScanSummary()
            return reviewer.review(try repository.stagedChanges(), summary: &summary).filter { $0.file == "app.py" }.map(\.rule)
        }
        try repo.write("app.py", view)
        try repo.git("add", "app.py")
        XCTAssertFalse(try appRules().contains("python.command-injection"), "the helper only strips")

        try repo.write("helpers.py", "import os\n\ndef run(cmd):\n    return os.system(cmd)\n")
        try repo.git("add", "helpers.py")
        XCTAssertTrue(try appRules().contains("python.command-injection"), "the restaged helper runs a shell")
    }

    func testEachIndexSnapshotHasItsOwnID() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", "a\n")
        try repo.commit("one")
        let repository = try Repository(discoveringFrom: repo.path)
        XCTAssertNotEqual(repository.indexSnapshot().id, repository.indexSnapshot().id)
    }
}
