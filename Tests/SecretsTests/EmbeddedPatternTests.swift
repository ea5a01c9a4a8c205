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
        // The binary takes them from the table the build wrote from Patterns/, not from these texts:
        // that table must be what the run-time loader reads from them.
        var fromText: [SecretPattern] = [], textAllowlists: [Allowlist] = [], warnings: [String] = []
        for file in SecretScanner.embeddedRuntimePatternFiles {
            let loaded = try SecretScanner.loadPatterns(toml: file.contents, origin: file.name)
            fromText += loaded.patterns
            textAllowlists += loaded.allowlists
            warnings += loaded.warnings
        }
        let table = EmbeddedPatterns.patternTable()
        XCTAssertEqual(warnings, [])
        XCTAssertEqual(table.patterns.count, fromText.count)
        XCTAssertEqual(table.patterns, fromText)
        XCTAssertEqual(table.allowlists, textAllowlists)
    }

    func testDescriptionsReadInsideASentence() {
        XCTAssertEqual("Password in a .netrc file".inSentence, "password in a .netrc file")
        XCTAssertEqual("Private key (PEM)".inSentence, "private key (PEM)")
        XCTAssertEqual("Clear-text password".inSentence, "clear-text password")
        XCTAssertEqual("Token/secret pair".inSentence, "token/secret pair")
        XCTAssertEqual("GitHub personal access token".inSentence, "GitHub personal access token")
        XCTAssertEqual("Passwordless login".inSentence, "Passwordless login")
        XCTAssertEqual("Émile's key".inSentence, "Émile's key")
        XCTAssertEqual("".inSentence, "")
    }

    func testTheBuildRecordedEveryEmbeddedRegexWithItsCaptureGroups() throws {
        let (patterns, allowlists) = EmbeddedPatterns.patternTable()
        let lists = allowlists + patterns.flatMap { $0.allowlists + ($0.weak.map { [$0] } ?? []) }
        let regexes = Set(patterns.map(\.regex) + lists.flatMap(\.regexes))
        XCTAssertEqual(Set(EmbeddedPatterns.captureCounts.keys), regexes)
        for (regex, groups) in EmbeddedPatterns.captureCounts {
            XCTAssertEqual(try PCRE2Regex(regex, jit: false).captureCount, groups, regex)
        }
    }

    func testAnEmbeddedPatternIsCompiledOnlyWhenItsKeywordOccurs() throws {
        // A scanner of its own: the shared one has met other tests' text.
        let loaded = try SecretScanner.embeddedPatterns()
        let scanner = try SecretScanner(patterns: loaded.patterns, allowlists: loaded.allowlists)
        let compiled = { scanner.compiled.filter { $0.regex.isCompiled }.map(\.pattern.id) }
        XCTAssertEqual(compiled(), [])
        let token = "ghp_" + "R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3s00"
        let findings = scanner.scan(path: "deploy.py", content: Array("GITHUB_TOKEN = \"\(token)\"\n".utf8))
        XCTAssertEqual(findings.map(\.rule).contains("github-personal-access-token"), true, "\(findings.map(\.rule))")
        let after = compiled()
        XCTAssertTrue(after.contains("github-personal-access-token"))
        XCTAssertFalse(after.contains("stripe-live-secret-key"))
        XCTAssertLessThan(after.count, 20, "\(after)")
        // A user's pattern is compiled, and checked, when the scanner is built.
        let own = SecretPattern(id: "acme", description: "ACME key", regex: #"acme_[a-z0-9]{32}"#, keywords: ["acme_"])
        XCTAssertTrue(try SecretScanner(patterns: [own]).compiled[0].regex.isCompiled)
        XCTAssertThrowsError(try SecretScanner(patterns: [SecretPattern(id: "bad", description: "bad", regex: "(", keywords: ["x"])]))
    }
}
