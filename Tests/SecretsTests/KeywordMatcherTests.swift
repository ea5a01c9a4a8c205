import XCTest
@testable import Secrets

/// The keyword prefilter: every occurrence of every keyword, ASCII case-insensitively, in one pass.
final class KeywordMatcherTests: XCTestCase {
    private func keywordHits(_ words: [String], _ text: String, from: Int = 0, to: Int? = nil) -> [String] {
        let m = KeywordMatcher(keywords: words.map { Array($0.utf8) })
        let bytes = Array(text.utf8)
        var hits: [KeywordMatcher.Hit] = []
        bytes.withUnsafeBufferPointer { m.collect(in: $0, starts: from..<max(from, to ?? $0.count), end: to ?? $0.count, into: &hits) }
        // "start:word", words at one start sorted, so the expectation does not depend on filing order.
        return hits.map { "\($0.start):\(words[Int($0.keyword)])" }
            .sorted { a, b in
                let (x, y) = (Int(a.split(separator: ":")[0])!, Int(b.split(separator: ":")[0])!)
                return x != y ? x < y : a < b
            }
    }

    func testKeywordMatcherFindsOverlappingKeywords() {
        let words = ["he", "she", "hers", "é", "k", "secret", "sec", "ecr"]
        // Offsets of each keyword's first byte; é is two bytes.
        XCTAssertEqual(keywordHits(words, "uSHErs café k SECRE secret"),
                       ["1:she", "2:he", "2:hers", "10:é", "13:k", "15:sec", "16:ecr", "21:sec", "21:secret", "22:ecr"])
    }

    func testKeywordMatcherAtTheEndOfTheBuffer() {
        let words = ["ab", "z", "xyz", "longer"]
        for (text, expected) in [("..ab", ["2:ab"]), ("..z", ["2:z"]), ("xyz", ["0:xyz", "2:z"]), ("xy", []), ("", []),
                                 ("longe", []), ("LONGER", ["0:longer"]), ("a longer", ["2:longer"])] {
            XCTAssertEqual(keywordHits(words, text), expected, text)
        }
    }

    func testKeywordMatcherStaysInsideItsRange() {
        let words = ["token", "to"]
        // A keyword must end by `to`, even though the bytes after it are there to read.
        XCTAssertEqual(keywordHits(words, "token token", from: 1, to: 9), ["6:to"])
        XCTAssertEqual(keywordHits(words, "token token", from: 0, to: 11), ["0:to", "0:token", "6:to", "6:token"])
    }

    func testKeywordMatcherSlicesFindKeywordsAcrossTheirBoundaries() {
        let m = KeywordMatcher(keywords: [Array("token".utf8)])
        let text = Array("..token..token".utf8)
        var sliced: [KeywordMatcher.Hit] = []
        text.withUnsafeBufferPointer { buffer in
            // Slices of four starts: "token" at 2 starts in the first and ends in the second.
            for lower in stride(from: 0, to: buffer.count, by: 4) {
                m.collect(in: buffer, starts: lower..<min(buffer.count, lower + 4), end: buffer.count, into: &sliced)
            }
        }
        XCTAssertEqual(sliced.map(\.start), [2, 9])
    }

    func testKeywordMatcherPunctuationFoldsOnlyInTheFilter() {
        // The filter sets bit 0x20, which makes "[" look like "{"; the full comparison must not.
        XCTAssertEqual(keywordHits(["{sha}", "a_b"], "[sha] {SHA} a\u{7F}b a_b"), ["6:{sha}", "16:a_b"])
    }

    func testKeywordMatcherAgreesWithANaiveSearch() {
        // Many keywords, so hash buckets hold several and the bitmaps have collisions.
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdeABCDE_-.:/01 ".utf8)
        func word(_ n: Int) -> String { String(decoding: (0..<n).map { _ in alphabet.randomElement(using: &generator)! }, as: UTF8.self) }
        let words = Array(Set((0..<300).map { _ in word(Int.random(in: 1...7, using: &generator)) }))
        let text = word(5000)
        var expected: [String] = []
        let lower = Array(text.lowercased().utf8)
        for start in 0..<lower.count {
            for w in words {
                let wb = Array(w.lowercased().utf8)
                if start + wb.count <= lower.count && Array(lower[start..<(start + wb.count)]) == wb { expected.append("\(start):\(w)") }
            }
        }
        expected.sort { a, b in
            let (x, y) = (Int(a.split(separator: ":")[0])!, Int(b.split(separator: ":")[0])!)
            return x != y ? x < y : a < b
        }
        XCTAssertEqual(keywordHits(words, text), expected)
    }
}
