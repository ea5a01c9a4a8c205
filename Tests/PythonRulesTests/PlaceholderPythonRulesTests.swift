import XCTest
final class PlaceholderPythonRulesTests: XCTestCase { func testNothing() {} }
