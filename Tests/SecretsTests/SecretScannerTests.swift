import Findings
import Foundation
@testable import Secrets
import XCTest

final class SecretScannerTests: XCTestCase {
    func testFixturePatternsPassTheirOwnExamples() {
        XCTAssertEqual(PatternCheck.problems(in: Fixtures.patterns), [])
    }

    func testFindingFields() throws {
        let text = "import boto3\n\n    key = \"AKIA2E3MXQ7RVB4KZW5N\"  # prod\n"
        let findings = Fixtures.scan(Fixtures.scanner(), text, path: "./src/aws.py")
        XCTAssertEqual(findings.count, 1)
        let f = try XCTUnwrap(findings.first)
        XCTAssertEqual(f.rule, "fixture-aws-key")
        XCTAssertEqual(f.kind, .secret)
        XCTAssertEqual(f.severity, .critical)
        XCTAssertEqual(f.confidence, .high)
        XCTAssertEqual(f.cwe, 798)
        XCTAssertEqual(f.file, "src/aws.py")
        XCTAssertEqual(f.line, 3)
        XCTAssertEqual(f.column, 12)
        XCTAssertEqual(f.endLine, 3)
        XCTAssertEqual(f.endColumn, 32)
        XCTAssertEqual(f.secret, "AKIA…(20 chars)")
        XCTAssertEqual(f.snippet, "key = \"AKIA…(20 chars)\"  # prod")
        XCTAssertFalse(f.snippet!.contains("AKIA2E3MXQ7RVB4KZW5N"))
        XCTAssertFalse(f.message.contains("AKIA2E3MXQ7RVB4KZW5N"))
        XCTAssertTrue(f.fix.hasPrefix("Revoke and rotate this AWS access key ID"), f.fix)
        XCTAssertEqual(f.fingerprint, SHA256.hex("fixture-aws-key", "src/aws.py", "AKIA2E3MXQ7RVB4KZW5N"))
        XCTAssertEqual(f.contentHash, SHA256.hex("fixture-aws-key", "AKIA2E3MXQ7RVB4KZW5N"))
    }

    func testColumnsCountCharactersNotBytes() throws {
        let f = try XCTUnwrap(Fixtures.scan(Fixtures.scanner(), "clé = \"AKIA2E3MXQ7RVB4KZW5N\"").first)
        XCTAssertEqual(f.column, 8)
    }

    func testRedactFalseShowsTheSecret() throws {
        let f = try XCTUnwrap(Fixtures.scan(Fixtures.scanner(redact: false), "k = AKIA2E3MXQ7RVB4KZW5N").first)
        XCTAssertEqual(f.secret, "AKIA2E3MXQ7RVB4KZW5N")
    }

    func testShortSecretsRevealLittle() {
        XCTAssertEqual(Redaction.redacted("r7Gk!2pQz#"), "r7…(10 chars)")
        XCTAssertEqual(Redaction.redacted("abc"), "…(3 chars)")
    }

    func testLinesFilterReportsOnlyAddedLines() {
        let text = "a = AKIA2E3MXQ7RVB4KZW5N\nb = 1\nc = ASIA7RVB4KZW5N2E3MXQ\n"
        let s = Fixtures.scanner()
        XCTAssertEqual(Fixtures.scan(s, text).map(\.line), [1, 3])
        XCTAssertEqual(Fixtures.scan(s, text, lines: [3]).map(\.line), [3])
        XCTAssertEqual(Fixtures.scan(s, text, lines: [2]).count, 0)
        XCTAssertEqual(Fixtures.scan(s, text, lines: []).count, 0)
    }

    func testMultilinePrivateKey() throws {
        let text = "# deploy key\n-----BEGIN RSA PRIVATE KEY-----\n\(Fixtures.keyBody(lines: 10))\n-----END RSA PRIVATE KEY-----\nx = 1\n"
        let s = Fixtures.scanner()
        let f = try XCTUnwrap(Fixtures.scan(s, text).first)
        XCTAssertEqual(f.rule, "fixture-private-key")
        XCTAssertEqual(f.line, 2)
        XCTAssertEqual(f.column, 1)
        XCTAssertEqual(f.endLine, 13)
        XCTAssertEqual(f.endColumn, 30)
        XCTAssertEqual(Fixtures.scan(s, text, lines: [2]).count, 1, "the first line of the block counts")
        XCTAssertEqual(Fixtures.scan(s, text, lines: [5, 6]).count, 0, "a later line of the block does not")
        // The OpenSSH-style run of A's must not trip the repeated-characters filter on a key block.
        let ssh = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAABlwAAAAdzc2gtcn\n\(Fixtures.keyBody(lines: 4))\n-----END OPENSSH PRIVATE KEY-----\n"
        XCTAssertEqual(Fixtures.scan(s, ssh).map(\.rule), ["fixture-private-key"])
    }

    func testKeywordPrefilterGatesTheRegex() throws {
        let p = SecretPattern(id: "gated", description: "Gated", regex: "tok_[a-z0-9]{12}", keywords: ["zqkw"], placeholders: false)
        let s = try SecretScanner(patterns: [p])
        XCTAssertEqual(Fixtures.scan(s, "x = tok_a8f3k2m9q7w1").count, 0)
        XCTAssertEqual(Fixtures.scan(s, "x = tok_a8f3k2m9q7w1 # ZQKW").count, 1, "keywords are case-insensitive")
        XCTAssertEqual(Fixtures.scan(s, "zqkw\nx = tok_a8f3k2m9q7w1").count, 0, "the keyword must be on the same line")
    }

    func testSpecificPatternWinsOverGenericOnTheSameSecret() throws {
        let generic = SecretPattern(id: "generic-token", description: "Token", regex: #"(?i)token\s*=\s*"([^"]+)""#,
                                    keywords: ["token"], severity: .medium)
        let s = try SecretScanner(patterns: Fixtures.patterns + [generic])
        let findings = Fixtures.scan(s, #"token = "ghp_R8d2LqW9xZ4mN7vB1cK5tY3hJ6gF0sA2pE9u""#)
        XCTAssertEqual(findings.map(\.rule), ["fixture-github-pat"])
    }

    func testSuppressionComments() {
        let s = Fixtures.scanner()
        XCTAssertEqual(Fixtures.scan(s, "k = AKIA2E3MXQ7RVB4KZW5N").count, 1)
        for marker in ["# shortwall:allow", "// gitleaks:allow", "# pragma: allowlist secret"] {
            XCTAssertEqual(Fixtures.scan(s, "k = AKIA2E3MXQ7RVB4KZW5N  \(marker)").count, 0, marker)
        }
        XCTAssertEqual(Fixtures.scan(s, "# shortwall:allow\nk = AKIA2E3MXQ7RVB4KZW5N").count, 1, "only the secret's own line")
    }

    func testConcurrentScansAgree() throws {
        let s = Fixtures.scanner()
        var text = ""
        for i in 0..<200 { text += i % 20 == 0 ? "k\(i) = AKIA2E3MXQ7RVB4KZW5N\n" : "value_\(i) = compute(\(i))\n" }
        let content = Array(text.utf8)
        let expected = s.scan(path: "a.py", content: content, lines: nil)
        XCTAssertEqual(expected.count, 10)
        let results = UnsafeMutableBufferPointer<Int>.allocate(capacity: 16)
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 16) { i in
            var same = 0
            for _ in 0..<20 where s.scan(path: "a.py", content: content, lines: nil) == expected { same += 1 }
            results[i] = same
        }
        XCTAssertEqual(Array(results), Array(repeating: 20, count: 16))
    }

    func testBinaryAndInvalidUTF8DoNotCrash() {
        var bytes: [UInt8] = [0, 0xFF, 0xFE, 0xC3, 0x0A, 0x80, 0x80]
        bytes += Array("k = AKIA2E3MXQ7RVB4KZW5N \u{0}\u{1}".utf8) + [0xF0, 0x9F, 0x0A, 0xED, 0xA0, 0x80]
        bytes += Array("password = \"".utf8) + [0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0xF0, 0x28, 0x8C, 0xBC] + Array("Zq7#Wm\"".utf8)
        let findings = Fixtures.scanner().scan(path: "blob.bin", content: bytes, lines: nil)
        XCTAssertEqual(findings.map(\.rule), ["fixture-aws-key", "generic-fixture-password"])
        XCTAssertEqual(findings.first?.line, 2)
        XCTAssertEqual(Fixtures.scanner().scan(path: "empty", content: [], lines: nil), [])
    }

    func testHugeSingleLineIsBoundedAndFound() {
        // 50 MB of one minified line, with keywords all along it so the regexes run over the whole line.
        var line = [UInt8]()
        line.reserveCapacity(50_000_100)
        let chunk = Array("var password=x;asia.init();".utf8)
        // Every 4 KB a password that passes every filter, so the line yields thousands of findings.
        let real = Array("pwd:{password:\"r7Gk!2pQz#9Lw\"},".utf8)
        while line.count < 50_000_000 { line += line.count % 4096 < chunk.count ? real : chunk }
        line += Array(" k=AKIA2E3MXQ7RVB4KZW5N;".utf8)
        let s = Fixtures.scanner()
        let start = Date()
        let findings = s.scan(path: "bundle.min.js", content: line, lines: nil)
        XCTAssertLessThan(Date().timeIntervalSince(start), 60)
        XCTAssertEqual(findings.last?.rule, "fixture-aws-key")
        XCTAssertGreaterThan(findings.count, 10_000)
        XCTAssertEqual(Set(findings.dropLast().map(\.rule)), ["generic-fixture-password"])
        XCTAssertTrue(findings.allSatisfy { ($0.snippet?.count ?? 0) < 200 }, "the snippet is a window, not the line")
        XCTAssertEqual(s.errors, [])
    }

    func testPathologicalRegexIsCutOffWithAnError() throws {
        let p = SecretPattern(id: "catastrophic", description: "Catastrophic", regex: "(a+)+$", keywords: ["aaaa"], placeholders: false)
        let s = try SecretScanner(patterns: [p] + Fixtures.patterns)
        let text = "x = \"" + String(repeating: "a", count: 5000) + "b\"\nk = AKIA2E3MXQ7RVB4KZW5N\n"
        let start = Date()
        let findings = Fixtures.scan(s, text, path: "evil.txt")
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        XCTAssertEqual(findings.map(\.rule), ["fixture-aws-key"], "other patterns still run")
        XCTAssertEqual(s.errors.count, 1)
        XCTAssertTrue(s.errors.first?.contains("catastrophic") == true, "\(s.errors)")
        XCTAssertTrue(s.errors.first?.contains("evil.txt") == true, "\(s.errors)")
        XCTAssertTrue(s.errors.first?.contains("limit") == true, "a resource limit, not another failure: \(s.errors)")
    }

    func testInvalidPatternsAreRejectedAtInit() {
        XCTAssertThrowsError(try SecretScanner(patterns: [SecretPattern(id: "bad", description: "", regex: "(unclosed", keywords: ["x"])]))
        XCTAssertThrowsError(try SecretScanner(patterns: [SecretPattern(id: "grp", description: "", regex: "(a)", secretGroup: 2, keywords: ["a"])]))
        XCTAssertThrowsError(try SecretScanner(patterns: Fixtures.patterns + [Fixtures.patterns[0]]))
    }

    func testRulesDescribeEveryPattern() {
        let rules = Fixtures.scanner().rules
        XCTAssertEqual(rules.map(\.id), Fixtures.patterns.map(\.id))
        XCTAssertTrue(rules.allSatisfy { $0.kind == .secret && $0.cwe == 798 && !$0.fix.isEmpty })
    }

    func testConfidenceDropsInTestFolders() throws {
        let f = try XCTUnwrap(Fixtures.scan(Fixtures.scanner(), "k = AKIA2E3MXQ7RVB4KZW5N", path: "tests/test_aws.py").first)
        XCTAssertEqual(f.confidence, .medium)
    }

    func testPathLimitedPatternsJoinTheGeneralPassOnlyWhereTheyApply() throws {
        // One path-limited pattern with a one-byte keyword, one with a long keyword, and a general one.
        let scanner = try SecretScanner(patterns: Fixtures.patterns + [
            SecretPattern(id: "hex-key-file", description: "Key file", regex: #"^([a-f0-9]{32})$"#,
                          keywords: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f"],
                          paths: [.glob("**/master.key")]),
            SecretPattern(id: "py-setting", description: "Python setting", regex: #"SETTING_TOKEN = "([a-z0-9]{16})""#,
                          keywords: ["setting_token"], paths: [.glob("**/*.py")]),
        ])
        let key = "9f2c4e7a1b3d5f608e2a4c6b8d0f1e3a"
        let aws = "AKIA2E3MXQ7RVB4KZW5N"
        let setting = #"SETTING_TOKEN = "q8w7e6r5t4y3u2i1""#
        func rules(_ text: String, _ path: String) -> [String] {
            Fixtures.scan(scanner, text, path: path).map(\.rule).sorted()
        }
        XCTAssertEqual(rules("\(key)\nk = \(aws)\n", "config/master.key"), ["fixture-aws-key", "hex-key-file"])
        XCTAssertEqual(rules("\(setting)\nk = \(aws)\n", "app/conf.py"), ["fixture-aws-key", "py-setting"])
        // Twice, so the second file takes the combined index from the cache.
        XCTAssertEqual(rules("\(setting)\n", "app/other.py"), ["py-setting"])
        XCTAssertEqual(rules("\(key)\n\(setting)\nk = \(aws)\n", "notes.txt"), ["fixture-aws-key"])
    }

    func testSecretsAcrossKeywordSliceBoundariesOfALongLine() throws {
        // One long line; keywords straddling and starting exactly at the slice boundary are both found.
        let boundary = ScanRun.keywordSlice
        var line = String(repeating: "x", count: boundary - 3) + " "
        line += "AKIA2E3MXQ7RVB4KZW5N"  // starts at boundary - 2: its keyword crosses the boundary
        line += String(repeating: " ", count: boundary - line.utf8.count + boundary) + "AKIA2E3MXQ7RVB4KZW5Q"
        let findings = Fixtures.scan(Fixtures.scanner(redact: false), line + "\n")
        XCTAssertEqual(findings.map(\.secret), ["AKIA2E3MXQ7RVB4KZW5N", "AKIA2E3MXQ7RVB4KZW5Q"])
        XCTAssertEqual(findings.map(\.column), [boundary - 1, 2 * boundary + 1])
    }

    func testPatternsCompiledOnFirstUseFromManyThreadsAtOnce() {
        // A fresh scanner has JIT-compiled nothing: the first matches race to compile the same patterns.
        let scanner = Fixtures.scanner()
        let text = Array("a = 'AKIA2E3MXQ7RVB4KZW5N'\nb = 'AKIA2E3MXQ7RVB4KZW5Q'\n".utf8)
        let lock = NSLock()
        var counts: [Int] = []
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let found = scanner.scan(path: "app.py", content: text).count
            lock.lock(); counts.append(found); lock.unlock()
        }
        XCTAssertEqual(counts, Array(repeating: 2, count: 8))
    }
}
