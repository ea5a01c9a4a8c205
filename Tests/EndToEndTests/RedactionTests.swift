import Foundation
import XCTest

/// Without --no-redact no output shows a secret, whichever finding's text the secret sits in.
final class RedactionTests: XCTestCase {
    static let secondToken = "ghp_" + "Zr5tY8uI1oP4aS7dF0gH3jK6lQ9wE2rT5yU8"
    let formats = ["text", "json", "sarif", "github"]

    private func assertHidden(_ secrets: [String], _ repo: Sandbox, _ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        for format in formats {
            let result = try repo.run(Sandbox.binary.path, arguments + ["--format", format], environment: ["NO_COLOR": "1"])
            XCTAssertEqual(result.status, 1, "\(format): \(result.stdout) \(result.stderr)", file: file, line: line)
            for secret in secrets {
                XCTAssertFalse(result.stdout.contains(secret), "\(format) shows \(secret):\n\(result.stdout)", file: file, line: line)
            }
        }
    }

    func testTwoTokensOnALineAndOneTokenTwiceAreHiddenInEveryFindingAndFormat() throws {
        let repo = try Sandbox()
        try repo.write(".env", "A=\(Fake.githubToken) B=\(Self.secondToken)\nC=\(Fake.githubToken) D=\(Fake.githubToken)\n")
        try repo.git("add", ".env")
        try assertHidden([Fake.githubToken, Self.secondToken], repo, ["staged"])
        let findings = try Sandbox.findings(try repo.shortwall("staged", "--format", "json").stdout)
        XCTAssertEqual(findings.count, 4)
        for f in findings { XCTAssertEqual((f["snippet"] as? String)?.components(separatedBy: "…(40 chars)").count, 3, "\(f)") }
        // Asked for, they are shown.
        let plain = try repo.shortwall("staged", "--no-redact").stdout
        XCTAssertTrue(plain.contains(Fake.githubToken) && plain.contains(Self.secondToken), plain)
    }

    func testPythonHardcodedSecretShowsNoLiteral() throws {
        let repo = try Sandbox()
        try repo.write("settings.py", "SECRET_KEY = \"Summer2024\"\nDB_PASSWORD = '''Winter-2023!'''\n")
        try repo.git("add", "settings.py")
        try assertHidden(["Summer2024", "Winter-2023!"], repo, ["staged"])
        let findings = try Sandbox.findings(try repo.shortwall("staged", "--format", "json").stdout)
        XCTAssertEqual(findings.compactMap { $0["rule"] as? String }, ["python.hardcoded-secret", "python.hardcoded-secret"])
        XCTAssertEqual(findings.first?["snippet"] as? String, "SECRET_KEY = \"Su…(10 chars)\"")
    }

    func testAnyPythonFindingOnALineWithASecretHidesIt() throws {
        let repo = try Sandbox()
        let header = "import os\nfrom flask import request\n\ndef run():\n"
        // A long call split over lines: the token's line is old, the finding's line is new.
        let old = header + "    os.system(\"curl -H 'Authorization: token \(Fake.githubToken)' \"\n              + \"-s\")\n"
        _ = try repo.commit("old", files: ["app.py": old, "job.py": "def job():\n    pass\n"])
        try repo.write("app.py", old.replacingOccurrences(of: "+ \"-s\")", with: "+ request.args[\"u\"])"))
        // A message that quotes code cuts it short; the token is cut there too.
        try repo.write("job.py", "import os\n\ndef job():\n    x = compute()\n    os.system(\"curl -H 'Authorization: token \(Fake.githubToken)' \" + x)\n")
        try repo.git("add", "-A")
        // job.py's flow is of unknown origin (low confidence): listed with --min-confidence low, and redacted there too.
        try assertHidden([Fake.githubToken, String(Fake.githubToken.prefix(20))], repo, ["staged", "--min-confidence", "low"])
        let findings = try Sandbox.findings(try repo.shortwall("staged", "--format", "json", "--min-confidence", "low").stdout)
        let rules = findings.compactMap { f in (f["file"] as? String).map { $0 + " " + (f["rule"] as? String ?? "") } }
        XCTAssertEqual(Set(rules), ["app.py python.command-injection", "job.py python.command-injection", "job.py github-personal-access-token"])
        let injection = try XCTUnwrap(findings.first { $0["file"] as? String == "app.py" })
        XCTAssertEqual(injection["snippet"] as? String, "os.system(\"curl -H 'Authorization: token ghp_…(40 chars)' \"")
    }

    /// The secret pattern's finding stands for the credential; the Python rule's finding on the same
    /// line is not a second report of it, while another line's literal still is.
    func testACredentialIsReportedOnceWhereAPatternAndAPythonRuleBothNameIt() throws {
        let repo = try Sandbox()
        try repo.write("config.py", "API_TOKEN = \"\(Fake.githubToken)\"\nSECRET_KEY = \"Summer2024\"\n")
        try repo.git("add", "config.py")
        let findings = try Sandbox.findings(try repo.shortwall("staged", "--format", "json").stdout)
        XCTAssertEqual(findings.map { "\($0["line"] ?? "") \($0["rule"] ?? "")" },
                       ["1 github-personal-access-token", "2 python.hardcoded-secret"])
    }

    /// The history audit still knows a redacted Python finding's line is in HEAD.
    func testHistoryKnowsARedactedLineIsStillInHead() throws {
        let repo = try Sandbox()
        _ = try repo.commit("key", files: ["settings.py": "SECRET_KEY = \"Summer2024\"\n"])
        let before = try Sandbox.findings(try repo.shortwall("history", "--format", "json").stdout)
        XCTAssertEqual(before.compactMap { $0["presentInHead"] as? Bool }, [true])
        _ = try repo.commit("fix", files: ["settings.py": "import os\nSECRET_KEY = os.environ[\"SECRET_KEY\"]\n"])
        let after = try Sandbox.findings(try repo.shortwall("history", "--format", "json").stdout)
        XCTAssertEqual(after.compactMap { $0["presentInHead"] as? Bool }, [false])
    }
}
