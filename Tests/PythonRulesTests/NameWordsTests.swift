import XCTest
@testable import PythonRules

/// The byte-level name searches must answer exactly what lower-casing the name and searching it did,
/// including for names whose non-ASCII letters lower-case to ASCII ones (the Kelvin sign to "k").
final class NameWordsTests: XCTestCase {
    private let words = ["password", "api_key", "otp", "sig", "reset_token", "k", "_id", "confirmation"]
    private let pieces = ["pass", "PASS", "word", "Word", "api", "_", "KEY", "key", "\u{212A}ey", "o", "t", "P", "sig", "SIG",
                          "reset", "_TOKEN", "id", "İ", "é", "x", "9", "confirm", "ATION", "k", ""]

    /// Names glued from pieces that make, break and disguise the words, by a fixed-seed generator.
    private func names() -> [String] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int(truncatingIfNeeded: (z ^ (z >> 31)) >> 1)
        }
        return (0..<5000).map { _ in (0..<(1 + next() % 5)).map { _ in pieces[next() % pieces.count] }.joined() }
            + ["", "PASSWORD", "my_Api_Key", "api_\u{212A}ey", "SIG", "user_sig", "sigma", "İd"]
    }

    func testWordSearchAnswersAsLowerCasedSearch() {
        let list = NameWords(words)
        var found = 0
        for name in names() {
            let lower = name.lowercased()
            let expected = words.contains { lower.contains($0) }
            XCTAssertEqual(list.occur(in: name), expected, name)
            if expected { found += 1 }
        }
        XCTAssertGreaterThan(found, 500, "the generated names hold words")
        XCTAssertTrue(list.occur(in: "api_\u{212A}ey"), "the Kelvin sign lower-cases to k")
        XCTAssertFalse(NameWords(["token"]).occur(in: "tok_en"))
    }

    func testEqualsPrefixAndSuffixAnswerAsLowerCasedString() {
        for name in names() {
            let lower = name.lowercased()
            for word in ["sig", "_sig", "session", "k", "pass"] {
                XCTAssertEqual(name.lowercasedEquals(word), lower == word, "\(name) == \(word)")
                XCTAssertEqual(name.lowercasedHasPrefix(word), lower.hasPrefix(word), "\(name) hasPrefix \(word)")
                XCTAssertEqual(name.lowercasedHasSuffix(word), lower.hasSuffix(word), "\(name) hasSuffix \(word)")
            }
        }
        XCTAssertTrue("\u{212A}".lowercasedEquals("k"))
    }

    /// The byte-buffer search finds what a walk over the UTF-8 views finds, in Strings and Substrings.
    func testRangeOfFindsTheFirstByteOccurrence() {
        func reference(_ u: [UInt8], _ n: [UInt8]) -> Int? {
            guard !n.isEmpty, n.count <= u.count else { return nil }
            return (0...(u.count - n.count)).first { Array(u[$0..<($0 + n.count)]) == n }
        }
        for name in names() {
            for needle in ["pass", "_", "\u{212A}", "KEY", "é", ""] {
                for text in [Substring(name), name.dropFirst(2)] {
                    let found = text.range(of: needle).map { text.utf8.distance(from: text.utf8.startIndex, to: $0.lowerBound) }
                    XCTAssertEqual(found, reference(Array(text.utf8), Array(needle.utf8)), "\(text) / \(needle)")
                    if let r = text.range(of: needle) { XCTAssertEqual(String(text[r]), needle) }
                }
                XCTAssertEqual(name.range(of: needle).map { name.utf8.distance(from: name.startIndex, to: $0.lowerBound) },
                               reference(Array(name.utf8), Array(needle.utf8)))
            }
        }
    }
}
