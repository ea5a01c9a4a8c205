import XCTest
final class PlaceholderSecretsTests: XCTestCase { func testNothing() {} }
