import Foundation
import XCTest

/// `--only secrets` / `--only python` on every job, as a user types them.
final class DetectorChoiceTests: XCTestCase {
    /// One file with a secret and a command injection: each detector finds exactly its own.
    static let flawed = "import os\nfrom flask import request\nTOKEN = \"\(Fake.githubToken)\"\ndef v():\n    os.system(\"ping \" + request.args[\"h\"])\n"

    private func kinds(_ result: Sandbox.Result) throws -> Set<String> {
        Set(try Sandbox.findings(result.stdout).compactMap { $0["kind"] as? String })
    }

    private func assertChoices(_ repo: Sandbox, _ job: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let all = try repo.shortwall(job + ["--format", "json"], timeout: 60)
        XCTAssertEqual(all.status, 1, all.stderr, file: file, line: line)
        XCTAssertEqual(try kinds(all), ["secret", "python"], "\(job): \(all.stdout)", file: file, line: line)
        let secrets = try repo.shortwall(job + ["--only", "secrets", "--format", "json"], timeout: 60)
        XCTAssertEqual(secrets.status, 1, secrets.stderr, file: file, line: line)
        XCTAssertEqual(try kinds(secrets), ["secret"], "\(job) --only secrets", file: file, line: line)
        let python = try repo.shortwall(job + ["--only", "python", "--format", "json"], timeout: 60)
        XCTAssertEqual(python.status, 1, python.stderr, file: file, line: line)
        XCTAssertEqual(try kinds(python), ["python"], "\(job) --only python", file: file, line: line)
        let both = try repo.shortwall(job + ["--only", "python", "--only", "secrets", "--format", "json"], timeout: 60)
        XCTAssertEqual(try kinds(both), ["secret", "python"], "\(job) --only python --only secrets", file: file, line: line)
    }

    func testOnlyChoosesTheDetectorsOfEveryGitJob() throws {
        let repo = try Sandbox()
        let base = try repo.commit("base", files: ["README.md": "hello\n"])
        _ = try repo.commit("flawed", files: ["app.py": Self.flawed])
        try assertChoices(repo, ["commit", "HEAD"])
        try assertChoices(repo, ["diff", "\(base)...HEAD"])
        try assertChoices(repo, ["diff", "\(base)..HEAD"])
        try assertChoices(repo, ["history"])
        try repo.write("more.py", Self.flawed)
        try repo.git("add", "more.py")
        try assertChoices(repo, ["staged"])
        try assertChoices(repo, ["scan", "app.py"])
    }

    func testOnlyLimitsWhatTheBaselineRecordsAndTheRulesListed() throws {
        let repo = try Sandbox()
        _ = try repo.commit("flawed", files: ["app.py": Self.flawed])
        let all = try repo.shortwall("baseline", "--output", "all.json")
        XCTAssertEqual(all.status, 0, all.stderr)
        XCTAssertTrue(all.stdout.contains("Recorded 2 findings"), all.stdout)
        let secrets = try repo.shortwall("baseline", "--only", "secrets", "--output", "secrets.json")
        XCTAssertTrue(secrets.stdout.contains("Recorded 1 finding "), secrets.stdout)
        // The secrets-only baseline hides the secret and leaves the Python finding.
        let shown = try repo.shortwall("commit", "--baseline", "secrets.json", "--format", "json")
        XCTAssertEqual(try kinds(shown), ["python"], shown.stdout)
    }

    func testAnUnknownDetectorIsAUsageError() throws {
        let repo = try Sandbox()
        _ = try repo.commit("base", files: ["README.md": "hello\n"])
        let result = try repo.shortwall("history", "--only", "secret")
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("secrets"), result.stderr)
    }

    func testOnlyDependenciesWithoutAdvisoriesSaysTheCheckIsOff() throws {
        let repo = try Sandbox()
        _ = try repo.commit("flawed", files: ["app.py": Self.flawed])
        let result = try repo.shortwall("commit", "--only", "dependencies", "--format", "json")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(try Sandbox.findings(result.stdout).isEmpty)
        XCTAssertTrue(result.stderr.contains("dependency check is off"), result.stderr)
    }
}
