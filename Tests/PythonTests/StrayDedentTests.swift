import XCTest
@testable import Python

/// A statement where a `case` was expected leaves a dedent the top level cannot start a statement with;
/// recovery once looped on it forever, appending the same diagnostic until memory ran out.
final class StrayDedentTests: XCTestCase {
    func testNonCaseStatementInsideMatchIsOneErrorNotALoop() {
        let source = "def f(x):\n    match x:\n        case 1:\n            pass\n        y = 2\nz = 3\n"
        let result = parseModule(Array(source.utf8))
        XCTAssertFalse(result.diagnostics.isEmpty)
        XCTAssertLessThan(result.diagnostics.count, 5, "\(result.diagnostics)")
        XCTAssertEqual(result.diagnostics.first?.position.line, 5)
    }
}
