@testable import Review
import XCTest

/// The history audit's added lines of a version against its parents, by the multiset rule, checked
/// against the rule written out plainly (byte arrays counted in a Dictionary) on random edits.
final class NewLinesTests: XCTestCase {
    /// The k-th line with a given text is new when every parent has fewer than k of them.
    static func expected(_ new: [UInt8], _ parents: [[UInt8]]) -> Set<Int> {
        func lines(_ content: [UInt8]) -> [[UInt8]] { content.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init) }
        let counts = parents.map { parent in lines(parent).reduce(into: [[UInt8]: Int]()) { $0[$1, default: 0] += 1 } }
        var seen: [[UInt8]: Int] = [:]
        var added = Set<Int>()
        for (index, line) in lines(new).enumerated() {
            seen[line, default: 0] += 1
            if counts.allSatisfy({ ($0[line] ?? 0) < seen[line]! }) { added.insert(index + 1) }
        }
        return added
    }

    static func found(_ new: [UInt8], _ parents: [[UInt8]]) -> Set<Int> {
        new.withUnsafeBytes { content in
            parents.count == 1 ? parents[0].withUnsafeBytes { newLines(of: content, parent: $0) }
                : newLines(of: content, parentTables: parents.map { $0.withUnsafeBytes { LineTable($0) } })
        }
    }

    func testEdgeCases() {
        let cases: [(String, String)] = [
            ("", ""), ("", "a\n"), ("a\n", ""), ("a", "a\n"), ("a\n", "a"), ("a\nb\n", "a\n"), ("a\n", "a\nb\n"),
            ("x\ns\ns\n", "x\ns\n"), ("s\nx\ns\n", "x\ns\n"), ("a\nb\na\n", "a\na\nb\na\n"), ("a\na\nb\na\n", "a\nb\na\n"),
            ("k = 1\nk = 2\n", "k = 2\nk = 1\n"), ("ab\n", "abab\n"), ("\n\n", "\n\n\n"), ("same", "same!"), ("line\r\n", "line\n"),
        ]
        for (old, new) in cases {
            let (o, n) = (Array(old.utf8), Array(new.utf8))
            XCTAssertEqual(Self.found(n, [o]), Self.expected(n, [o]), "\(old.debugDescription) -> \(new.debugDescription)")
        }
    }

    func testRandomEditsWithRepeatedLinesMatchTheRule() {
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        // Few distinct texts, so repeats, moves and copies are common; long lines cross the hash's
        // eight-byte steps.
        let texts = ["", "x", "secret = 'abc'", "    return value", String(repeating: "long line ", count: 7), "}"]
        func file() -> [String] { (0..<next(12)).map { _ in texts[next(texts.count)] } }
        func edited(_ lines: [String]) -> [String] {
            var lines = lines
            for _ in 0..<next(4) {
                switch next(3) {
                case 0: lines.insert(texts[next(texts.count)], at: next(lines.count + 1))
                case 1: if !lines.isEmpty { lines.remove(at: next(lines.count)) }
                default: if !lines.isEmpty { lines[next(lines.count)] = texts[next(texts.count)] }
                }
            }
            return lines
        }
        func bytes(_ lines: [String]) -> [UInt8] { Array((lines.joined(separator: "\n") + (next(3) == 0 ? "" : "\n")).utf8) }
        for round in 0..<3000 {
            let old = file()
            let (o, n) = (bytes(old), bytes(edited(old)))
            XCTAssertEqual(Self.found(n, [o]), Self.expected(n, [o]), "round \(round)")
            let other = bytes(edited(old))
            XCTAssertEqual(Self.found(n, [o, other]), Self.expected(n, [o, other]), "merge, round \(round)")
        }
    }
}
