import XCTest
final class PlaceholderGitTests: XCTestCase { func testNothing() {} }
