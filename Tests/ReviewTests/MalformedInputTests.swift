import Findings
import Foundation
import Review
import XCTest

/// A bad settings file or baseline must give an error, never a crash.
final class MalformedInputTests: XCTestCase {
    /// A fixed-seed generator so a failure reproduces.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state
        }
    }

    func testConfigParserSurvivesMangledDocuments() {
        let seed = """
        fail-on = "high"
        max-file-size = "10MiB"
        exclude = ["a/**", '''b''']
        [rules]
        disable = ["x"]
        [rules.severity]
        "a.b" = "low"
        [allowlist]
        regexes = ['''^d''']
        [[pattern]]
        id = "p"
        nested = [[1, 2.5e3], [{a = 1, b = { c = 'd' }}], ]
        when = 1979-05-27T07:32:00Z
        text = '''multi
        line'''
        """
        let bytes = Array(seed.utf8)
        let alphabet = Array("[]{}=\"'.,\n\\#ab-_ \u{0}\u{FF}é:+T1\t".utf8)
        // SHORTWALL_FUZZ=n runs n mutations (with seed n) instead of the quick default.
        let runs = ProcessInfo.processInfo.environment["SHORTWALL_FUZZ"].flatMap(Int.init) ?? 300
        var rng = Generator(state: UInt64(runs))
        var rejected = 0
        for _ in 0..<runs {
            var mutated = bytes
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                let i = Int.random(in: 0..<mutated.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: mutated[i] = alphabet.randomElement(using: &rng)!
                case 1: mutated.insert(alphabet.randomElement(using: &rng)!, at: i)
                default: if mutated.count > 1 { mutated.remove(at: i) }
                }
            }
            let text = String(decoding: mutated, as: UTF8.self)
            // To find the input behind a crash, SHORTWALL_FUZZ_LAST=file keeps the one being parsed.
            if let keep = ProcessInfo.processInfo.environment["SHORTWALL_FUZZ_LAST"] { try? text.write(toFile: keep, atomically: false, encoding: .utf8) }
            do { _ = try SettingsFile.parse(text, path: "f.toml") } catch let error as ConfigError {
                rejected += 1
                XCTAssertFalse(error.problems.isEmpty)
                for p in error.problems { XCTAssertTrue(p.line.map { $0 >= 1 } ?? true, "\(error)") }
            } catch {
                XCTFail("unexpected error type: \(error)")
            }
        }
        XCTAssertGreaterThan(rejected, runs / 4, "most mutations break the document")
    }

    /// Documents assembled from TOML fragments reach deeper into the parser than byte mutations do.
    func testConfigParserSurvivesFragmentSoup() {
        let fragments = ["\n", " ", "[", "]", "[[", "]]", "{", "}", ",", "=", ".", "#c", "a", "\"s\"", "'l'", "'''m\nl'''",
                         "\"\"\"q\"\"\"", "1", "-0", "1.5", "1e3", "0x1F", "0o7", "0b1", "inf", "nan", "true", "1_0",
                         "\"\\u00e9\"", "\"\\q\"", "\t", "\r\n", "fail-on", "rules", "pattern", "\"x.y\"", "+", "_", "é",
                         "exclude = [", "[[pattern]]\n", "x = ", "{a = ", "\"\\U0010FFFF\"", "\"\\uD800\""]
        let runs = ProcessInfo.processInfo.environment["SHORTWALL_FUZZ"].flatMap(Int.init) ?? 300
        var rng = Generator(state: UInt64(runs) &+ 99)
        for _ in 0..<runs {
            let text = (0..<Int.random(in: 1...24, using: &rng)).map { _ in fragments.randomElement(using: &rng)! }.joined()
            if let keep = ProcessInfo.processInfo.environment["SHORTWALL_FUZZ_LAST"] {
                try? text.write(toFile: keep, atomically: false, encoding: .utf8)
            }
            do { _ = try SettingsFile.parse(text, path: "f.toml") } catch {
                XCTAssertTrue(error is ConfigError, "\(error)")
            }
        }
    }

    func testBaselineParserSurvivesGarbage() {
        var rng = Generator(state: 7)
        for length in [0, 1, 2, 10, 1000] {
            let data = Data((0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) })
            XCTAssertThrowsError(try Baseline.parse(data, path: "b.json"))
        }
        let deep = Data((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)
        XCTAssertThrowsError(try Baseline.parse(deep, path: "b.json"))
    }
}
