import Foundation
import XCTest

/// `.gitleaksignore` fingerprints hide secret findings, with gitleaks' rule ids (issue 11).
final class GitleaksIgnoreTests: XCTestCase {
    private func rules(_ result: Sandbox.Result) throws -> [String] {
        try Sandbox.findings(result.stdout).compactMap { $0["rule"] as? String }.sorted()
    }

    func testFileRuleLineFingerprintsHideStagedSecrets() throws {
        let repo = try Sandbox()
        try repo.write("config.py", "GH = \"\(Fake.githubToken)\"\nAWS = \"\(Fake.awsKeyID)\"\n")
        try repo.write("other.py", "GH = \"\(Fake.githubToken)\"\n")
        try repo.git("add", "-A")
        XCTAssertEqual(try rules(repo.shortwall("staged", "--format", "json")),
                       ["aws-access-key-id", "github-personal-access-token", "github-personal-access-token"])

        // gitleaks' own ids: github-pat is Shortwall's github-personal-access-token, aws-access-token its aws-access-key-id.
        try repo.write(".gitleaksignore", "# triaged with gitleaks\nconfig.py:github-pat:1\n\nconfig.py:aws-access-token:2\nnot a fingerprint\n")
        let result = try repo.shortwall("staged", "--format", "json")
        XCTAssertEqual(try Sandbox.findings(result.stdout).map { "\($0["file"] ?? ""):\($0["rule"] ?? "")" }, ["other.py:github-personal-access-token"],
                       "only the named file, rule and line are hidden")
        XCTAssertEqual(try Sandbox.summary(result.stdout)["ignored"] as? Int, 2)
        XCTAssertEqual(try Sandbox.summary(result.stdout)["configFiles"] as? [String], [".gitleaksignore"])
        XCTAssertEqual(result.stderr, "shortwall: warning: .gitleaksignore:5: not a gitleaks fingerprint (commit:file:rule-id:line or file:rule-id:line); ignored\n")
        XCTAssertTrue(try repo.shortwall("staged").stdout.contains("2 findings hidden by .gitleaksignore."))

        // A wrong line or rule hides nothing.
        try repo.write(".gitleaksignore", "config.py:github-pat:2\nconfig.py:jwt:1\n")
        XCTAssertEqual(try rules(repo.shortwall("staged", "--format", "json")).count, 3)
    }

    func testCommitFingerprintsHideThatCommitsFindingInHistory() throws {
        let repo = try Sandbox()
        let first = try repo.commit("add token", files: ["deploy.sh": "export GH=\(Fake.githubToken)\n"])
        _ = try repo.commit("another", files: ["later.sh": "export GH=\(Fake.githubToken)\n"])
        XCTAssertEqual(try rules(repo.shortwall("history", "--format", "json")).count, 2)

        try repo.write(".gitleaksignore", "\(first):deploy.sh:github-pat:1\n")
        let history = try repo.shortwall("history", "--format", "json")
        XCTAssertEqual(try Sandbox.findings(history.stdout).compactMap { $0["file"] as? String }, ["later.sh"])
        XCTAssertEqual(try repo.shortwall("commit", first, "--format", "json").status, 0, "the same fingerprint in `commit`")
        // The fingerprint of another commit does not match.
        try repo.write(".gitleaksignore", "\(String(repeating: "a", count: 40)):deploy.sh:github-pat:1\n")
        XCTAssertEqual(try rules(repo.shortwall("history", "--format", "json")).count, 2)
    }

    func testPythonFindingsAreNotSecretFingerprints() throws {
        let repo = try Sandbox()
        try repo.write("app.py", "from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n")
        try repo.git("add", "app.py")
        try repo.write(".gitleaksignore", "app.py:python.debug-enabled:3\n")
        XCTAssertEqual(try rules(repo.shortwall("staged", "--format", "json")), ["python.debug-enabled"])
    }
}
