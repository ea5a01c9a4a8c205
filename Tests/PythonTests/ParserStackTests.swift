#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LargeStack
import Python
import XCTest

/// The parser on the large-stack workers that Review's parallel map runs files on.
final class ParserStackTests: XCTestCase {
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
}
