import Findings
import Review
import XCTest

final class GitleaksIgnoreTests: XCTestCase {
    private func finding(_ rule: String, file: String, line: Int, commit: String? = nil, kind: Finding.Kind = .secret) -> Finding {
        Finding(rule: rule, kind: kind, severity: .high, confidence: .high, cwe: 798, title: "", file: file, line: line, column: 1,
                commit: commit, message: "", fix: "", fingerprint: "f", contentHash: "h")
    }

    func testFingerprintForms() {
        let sha1 = String(repeating: "ab", count: 20), sha256 = String(repeating: "C", count: 64)
        let ignore = GitleaksIgnore(text: """
        \(sha1):src/a.py:github-pat:3
        \(sha256):b.env:jwt:1
        dir/with:colon.txt:private-key:7
          spaced.py:jwt:2\r
        x:y
        a.py:jwt:0
        """)
        XCTAssertTrue(ignore.ignores(finding("github-personal-access-token", file: "src/a.py", line: 3, commit: sha1)))
        XCTAssertFalse(ignore.ignores(finding("github-personal-access-token", file: "src/a.py", line: 3)), "a commit fingerprint needs that commit")
        XCTAssertFalse(ignore.ignores(finding("github-personal-access-token", file: "src/a.py", line: 3, commit: String(repeating: "0", count: 40))))
        XCTAssertTrue(ignore.ignores(finding("jwt", file: "b.env", line: 1, commit: sha256.lowercased())))
        XCTAssertTrue(ignore.ignores(finding("private-key-openssh", file: "dir/with:colon.txt", line: 7)), "one gitleaks id, several of ours")
        XCTAssertTrue(ignore.ignores(finding("private-key-rsa", file: "dir/with:colon.txt", line: 7, commit: sha1)), "no commit: any commit")
        XCTAssertTrue(ignore.ignores(finding("jwt", file: "spaced.py", line: 2)))
        XCTAssertFalse(ignore.ignores(finding("jwt", file: "spaced.py", line: 2, kind: .python)))
        XCTAssertEqual(ignore.warnings.count, 2, "\(ignore.warnings)")
        XCTAssertTrue(ignore.warnings[0].hasPrefix(".gitleaksignore:5: "), ignore.warnings[0])
    }
}
