import Findings
import XCTest
@testable import Secrets

/// With added lines given, the keyword pass reads only those lines; the findings must be exactly the
/// whole-file findings that start on them.
final class AddedLinesTests: XCTestCase {
    func testRestrictedScanEqualsFilteredFullScan() throws {
        let scanner = try SecretScanner.default()
        let aws = "AKIA" + "Q3EXW7ZL5MNB2RTY"
        let github = "ghp_" + "8fK2mQ7vX1pL9sR4tW6yZ3bN5cJ0hD2gA7eU"
        let text = [
            "import os",
            "AWS_ACCESS_KEY_ID = \"\(aws)\"",
            "",
            "def f():",
            "    token = \"\(github)\"",
            "    return token",
            "STRIPE = \"sk_live_" + "51Hx9QmR4tY7uI2oP5aS8dF3gH6jK9lZ\"",
            "# end",
        ].joined(separator: "\r\n")
        let content = Array(text.utf8)
        let full = scanner.scan(path: "app.py", content: content, lines: nil)
        XCTAssertGreaterThanOrEqual(full.count, 3)
        let lineCount = text.split(separator: "\r\n", omittingEmptySubsequences: false).count
        var subsets: [Set<Int>] = (1...lineCount).map { [$0] }
        subsets += (1..<lineCount).map { [$0, $0 + 1] }
        subsets += [[2, 5], [1, 3, 7], Set(1...lineCount), [lineCount + 5]]
        for lines in subsets {
            let restricted = scanner.scan(path: "app.py", content: content, lines: lines)
            let expected = full.filter { lines.contains($0.line) }
            XCTAssertEqual(restricted.map(\.fingerprint).sorted(), expected.map(\.fingerprint).sorted(), "lines \(lines.sorted())")
        }
    }
}
