import Findings
@testable import Git
import PythonRules
import Review
import Secrets
import XCTest

/// Files of a change set are reviewed on several workers, largest first: the findings must be those of
/// one worker, in the files' order.
final class ParallelReviewTests: XCTestCase {
    func testTwoWorkersFindWhatOneFindsInFileOrder() throws {
        let reviewer = Reviewer(secrets: try SecretScanner.default(), python: PythonReviewer())
        let flaw = """
            import hashlib
            from flask import request
            def fingerprint_user():
                email = request.form["email"]
                return hashlib.md5(email.encode()).hexdigest()

            """
        // Sizes out of path order, so the largest-first order differs from it.
        let files = [3, 300, 40, 900, 1, 120].enumerated().map { i, padding -> ChangedFile in
            let text = String(repeating: "value = 1\n", count: padding) + flaw
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
            return ChangedFile(path: "app/m\(i).py", status: .added, content: Array(text.utf8), addedLines: Array(1...lines))
        }
        let changes = ChangeSet(commit: nil, files: files)
        var oneSummary = ScanSummary(), twoSummary = ScanSummary()
        let one = reviewer.review(changes, summary: &oneSummary, workers: 1)
        let two = reviewer.review(changes, summary: &twoSummary, workers: 2)
        XCTAssertEqual(one.filter { $0.rule == "python.weak-hash" }.map(\.file), files.map(\.path))
        XCTAssertEqual(two, one)
        XCTAssertEqual(twoSummary.files, 6)
    }
}
