#if canImport(Glibc)
import Glibc
#endif
import Foundation
@testable import Python
import XCTest

final class LargeStackTests: XCTestCase {
    func testOnLargeStackStartsAThreadFromASmallStack() {
        let caller = pthread_self()
        let inside = onLargeStack { pthread_self() }
        XCTAssertEqual(pthread_equal(caller, inside), 0)
    }

    func testWorkersRunNestedCallsInPlaceAndStillParseDeepNesting() {
        let lock = NSLock()
        var sameThread: [Bool] = []
        var parsedCleanly: [Bool] = []
        // Deep, but inside the parser's limit of 200 brackets: needs the large stack in a debug build.
        let deep = Array(("x = " + String(repeating: "(", count: 190) + "1" + String(repeating: ")", count: 190) + "\n").utf8)
        onLargeStacks(count: 2) { _ in
            let worker = pthread_self()
            let nested = onLargeStack { pthread_self() }
            let result = parseModule(deep)
            lock.lock()
            sameThread.append(pthread_equal(worker, nested) != 0)
            parsedCleanly.append(result.diagnostics.isEmpty && result.module.body.count == 1)
            lock.unlock()
        }
        XCTAssertEqual(sameThread, [true, true])
        XCTAssertEqual(parsedCleanly, [true, true])
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
