import Findings
import Foundation
@testable import Report
import TestFixtures
import XCTest

final class MarkdownReportTests: XCTestCase {
    func markdown(_ findings: [Finding], suppressed: Int = 0) -> String {
        render(findings: findings, summary: Fixtures.summary, rules: Fixtures.rules, format: .markdown,
               options: ReportOptions(suppressed: suppressed))
    }

    func testOneRowPerFindingUnderACountBySeverity() {
        let text = markdown(Fixtures.all, suppressed: 2)
        XCTAssertTrue(text.hasPrefix("## Shortwall\n"))
        XCTAssertTrue(text.contains("**4 findings**"), text)
        XCTAssertTrue(text.contains("2 hidden by the baseline"), text)
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Severity") }
        XCTAssertEqual(rows.count, Fixtures.all.count, text)
        for row in rows { XCTAssertEqual(row.filter { $0 == "|" }.count - row.components(separatedBy: "\\|").count + 1, 6, String(row)) }
        XCTAssertFalse(text.contains(Fixtures.rawSecret))
    }

    func testRepositoryTextCannotBecomeMarkupOrBreakTheTable() {
        var f = Fixtures.secret
        f.file = "a|b<script>\u{1B}]0;x\u{07}.env"
        f.message = "see [link](http://x) | <img src=x> **bold**\nsecond line"
        f.fix = "`rm -rf`"
        let text = markdown([f])
        let row = text.split(separator: "\n").first { $0.hasPrefix("| ") && !$0.hasPrefix("| Severity") } ?? ""
        XCTAssertFalse(text.contains("\u{1B}") || text.contains("\u{07}"), "control characters are escaped")
        XCTAssertFalse(text.contains("<img"), text)
        XCTAssertTrue(row.contains("`a\\|b<script>\\u{1b}]0;x\\u{7}.env:"), "a path is a code span, which Markdown shows verbatim: \(row)")
        XCTAssertTrue(row.contains("&lt;img src=x&gt;"), String(row))
        XCTAssertTrue(row.contains("\\[link\\]"), String(row))
        XCTAssertTrue(row.contains("<br>second line"), "a newline stays inside its cell")
        XCTAssertTrue(row.contains("a\\|b"), "a pipe in a path does not open a new cell")
    }

    func testNoFindingsSaysSoAndLongListsAreCut() {
        XCTAssertTrue(markdown([]).contains("No findings."))
        let many = (0..<(MarkdownReport.rowLimit + 5)).map { i -> Finding in
            var f = Fixtures.tainted
            f.line = i + 1
            return f
        }
        let text = markdown(many)
        XCTAssertTrue(text.contains("and 5 more"), text.suffix(200).description)
    }
}
