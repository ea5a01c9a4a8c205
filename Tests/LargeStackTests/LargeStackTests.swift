#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LargeStack
import XCTest

final class LargeStackTests: XCTestCase {
    func testOnLargeStackStartsAThreadFromASmallStack() {
        let caller = pthread_self()
        let inside = onLargeStack { pthread_self() }
        XCTAssertEqual(pthread_equal(caller, inside), 0)
    }

    func testASmallerStackAskedForRunsInPlaceAndALargerOneDoesNot() {
        var results: [Bool] = []
        onLargeStacks(count: 1, bytes: 8 << 20) { _ in
            let worker = pthread_self()
            results.append(pthread_equal(worker, onLargeStack(bytes: 4 << 20) { pthread_self() }) != 0)
            results.append(pthread_equal(worker, onLargeStack(bytes: 16 << 20) { pthread_self() }) != 0)
        }
        XCTAssertEqual(results, [true, false])
    }
}
