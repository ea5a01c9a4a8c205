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

    func testEmbeddedKeywordsTakeTheFastPath() throws {
        // Patterns for every file must not need the keyword filter's two-byte check (see Patterns/README.md).
        let short = try SecretScanner.embeddedPatterns().patterns
            .filter { $0.paths.isEmpty }
            .flatMap { p in p.keywords.filter { $0.utf8.count < 3 }.map { "\(p.id): \($0)" } }
        XCTAssertEqual(short, [])
    }

    func testTheBinaryLoadsTheSamePatternsWithoutTheirExamples() throws {
        // The scanner reads copies of the pattern files with the example tables cut out by the build.
        var full: [SecretPattern] = [], fullAllowlists: [Allowlist] = []
        for file in SecretScanner.embeddedPatternFiles {
            let loaded = try SecretScanner.loadPatterns(toml: file.contents, origin: file.name)
            full += loaded.patterns.map { p in var p = p; p.matches = []; p.nonMatches = []; return p }
            fullAllowlists += loaded.allowlists
        }
        let runtime = try SecretScanner.embeddedPatterns()
        XCTAssertEqual(runtime.patterns, full)
        XCTAssertEqual(runtime.allowlists, fullAllowlists)
        XCTAssertTrue(runtime.patterns.allSatisfy { $0.matches.isEmpty && $0.nonMatches.isEmpty })
        let fullBytes = SecretScanner.embeddedPatternFiles.reduce(0) { $0 + $1.contents.utf8.count }
        let runtimeBytes = SecretScanner.embeddedRuntimePatternFiles.reduce(0) { $0 + $1.contents.utf8.count }
        XCTAssertLessThan(runtimeBytes * 2, fullBytes)
    }
}
