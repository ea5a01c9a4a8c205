import XCTest
@testable import Secrets

/// The byte ranges of a change's lines (`ScanRun.byteRanges`) and the newline count behind its skipping,
/// against their plain definitions on random texts.
final class ByteRangesTests: XCTestCase {
    /// Lines split on "\n" (the piece after the last newline is a line), consecutive wanted ones merged.
    private func plainRanges(_ lines: Set<Int>, _ bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0, line = 1
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            if lines.contains(line) {
                if let last = ranges.last, last.upperBound + 1 == start { ranges[ranges.count - 1] = last.lowerBound..<end } else { ranges.append(start..<end) }
            }
            start = end + 1
            line += 1
        }
        return ranges
    }

    func testRangesAndCountsMatchTheirPlainDefinitions() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(n))
        }
        for round in 0..<600 {
            // Short and very long lines, runs of empty lines, with or without a final newline.
            var bytes: [UInt8] = []
            for _ in 0..<next(80) {
                let length = next(4) == 0 ? next(900) : next(40)
                bytes += (0..<length).map { _ in UInt8(ascii: "a") + UInt8(next(26)) }
                bytes.append(0x0A)
            }
            if next(2) == 0 { bytes += Array("tail".utf8) }
            let total = bytes.filter { $0 == 0x0A }.count + 1
            var lines = Set<Int>()
            for _ in 0..<next(8) { lines.insert(1 + next(total + 3)) }
            if round % 7 == 0 { lines.insert(total) }
            if round % 11 == 0 { lines.formUnion(1...min(total, 5)) }
            let got = bytes.withUnsafeBufferPointer { ScanRun.byteRanges(of: lines, in: $0) }
            XCTAssertEqual(got, plainRanges(lines, bytes), "round \(round) lines \(lines.sorted())")
            let cut = next(bytes.count + 1)
            XCTAssertEqual(bytes.withUnsafeBytes { newlineCount(UnsafeRawBufferPointer(rebasing: $0[cut...])) },
                           bytes[cut...].filter { $0 == 0x0A }.count)
        }
        XCTAssertEqual([UInt8]().withUnsafeBufferPointer { ScanRun.byteRanges(of: [1, 2], in: $0) }, [0..<0])
    }
}
