import Findings
import XCTest

final class ByteSearchTests: XCTestCase {
    func testByteSearchAgreesWithANaiveSearch() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let hay = (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 97...99, using: &generator) }
            let needle = (0..<Int.random(in: 0...4, using: &generator)).map { _ in UInt8.random(in: 97...99, using: &generator) }
            let naive = needle.isEmpty || (hay.count >= needle.count && (0...(hay.count - needle.count)).contains { Array(hay[$0..<($0 + needle.count)]) == needle })
            XCTAssertEqual(hay.containsBytes(needle), naive, "\(hay) \(needle)")
        }
    }
}
