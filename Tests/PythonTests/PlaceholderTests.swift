import XCTest
@testable import Python
final class PlaceholderPythonTests: XCTestCase { func testEmpty() { XCTAssertEqual(parseModule([]).module.body.count, 0) } }
