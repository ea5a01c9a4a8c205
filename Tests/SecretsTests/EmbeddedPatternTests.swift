import Findings
@testable import Secrets
import XCTest

/// Every example of every pattern file compiled into the binary. One test, every failure reported at once,
/// so a pattern author sees the whole list in one run.
final class EmbeddedPatternTests: XCTestCase {
    func testEveryEmbeddedPatternPassesItsExamples() throws {
        var problems: [String] = []
        var patterns: [SecretPattern] = []
        for file in SecretScanner.embeddedPatternFiles {
            do {
                let loaded = try SecretScanner.loadPatterns(toml: file.contents, origin: file.name)
                problems += loaded.warnings
                patterns += loaded.patterns
            } catch {
                problems.append("\(file.name): \(error)")
            }
        }
        problems += PatternCheck.problems(in: patterns)
        XCTAssertTrue(problems.isEmpty, "\(problems.count) problems in \(patterns.count) embedded patterns:\n" + problems.joined(separator: "\n"))
    }

    func testDefaultScannerBuildsOnce() throws {
        let a = try SecretScanner.default()
        let b = try SecretScanner.default()
        XCTAssertTrue(a === b)
        XCTAssertEqual(a.rules.count, Set(a.rules.map(\.id)).count)
    }
}
