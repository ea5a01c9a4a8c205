import Findings
import Foundation
@testable import Report
import TestFixtures
import XCTest

/// A finding with impossible fields must still give a report, never a crash.
final class MalformedFindingTests: XCTestCase {
    func testReportsHandleOddFindings() throws {
        var f = Fixtures.secret
        f.file = ""
        f.line = 0
        f.column = 0
        f.endLine = -3
        f.endColumn = 0
        f.snippet = String(repeating: "\u{1B}", count: 10_000)
        f.message = String(decoding: [0xFF, 0xFE, 0x00, 0x41], as: UTF8.self)
        for format in ReportFormat.allCases {
            let text = render(findings: [f], summary: ScanSummary(durationSeconds: .infinity), rules: [], format: format)
            XCTAssertFalse(text.isEmpty)
        }
        let json = render(findings: [f], summary: ScanSummary(durationSeconds: .nan), rules: [], format: .json)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(json.utf8)))
        let sarif = render(findings: [f], summary: ScanSummary(), rules: [], format: .sarif)
        XCTAssertTrue(sarif.contains("\"startLine\": 1"), "lines below 1 are clamped for SARIF")
        XCTAssertFalse(sarif.contains("\"endLine\": -3"))
    }
}
