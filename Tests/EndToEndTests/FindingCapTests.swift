import Foundation
import XCTest

/// A file with thousands of findings lists a bounded number of them, per rule and per file, and says
/// how many more there are; the options raise or lift the caps.
final class FindingCapTests: XCTestCase {
    /// Distinct random-looking passwords, one per line, and one token at the end.
    static func bigFile(lines: Int) -> String {
        var text = ""
        for i in 0..<lines { text += "password = 'Qx\(i * 7919 % 104729)vR\(i)mZ'\n" }
        return text + "GITHUB_TOKEN = '\(Fake.githubToken)'\n"
    }

    private func json(_ repo: Sandbox, _ args: String...) throws -> (findings: [[String: Any]], summary: [String: Any], status: Int32) {
        let result = try repo.run(Sandbox.binary.path, ["scan", "big.py", "--format", "json"] + args, environment: ["NO_COLOR": "1"])
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stderr)
        return (try Sandbox.findings(result.stdout), try XCTUnwrap(object["summary"] as? [String: Any]), result.status)
    }

    func testFindingsPerRuleAndPerFileAreCappedWithACount() throws {
        let repo = try Sandbox()
        try repo.write("big.py", Self.bigFile(lines: 1_500))
        let all = try json(repo, "--max-findings-per-file", "0", "--max-findings-per-rule", "0")
        XCTAssertEqual((all.summary["omitted"] as? [Any])?.count, 0)
        let total = all.findings.count
        XCTAssertGreaterThan(total, 1_400)

        // Defaults: 100 per rule; the count of the rest by rule, and the rest of the file still there.
        let capped = try json(repo)
        XCTAssertEqual(capped.status, 1)
        let byRule = Dictionary(grouping: capped.findings) { $0["rule"] as? String ?? "" }
        XCTAssertTrue(byRule.values.allSatisfy { $0.count <= 100 }, "\(byRule.mapValues(\.count))")
        XCTAssertNotNil(byRule["github-personal-access-token"])
        let omitted = try XCTUnwrap(capped.summary["omitted"] as? [[String: Any]])
        XCTAssertEqual(capped.findings.count + omitted.reduce(0) { $0 + ($1["count"] as? Int ?? 0) }, total)
        XCTAssertEqual(capped.summary["total"] as? Int, capped.findings.count)
        // The first ones by position are the ones listed.
        let lines = (byRule["generic-password-assignment"] ?? []).compactMap { $0["line"] as? Int }
        XCTAssertEqual(lines, Array(1...lines.count))

        // A per-file cap keeps the most severe: the token (high) among many medium passwords.
        let tight = try json(repo, "--max-findings-per-file", "5")
        XCTAssertEqual(tight.findings.count, 5)
        XCTAssertTrue(tight.findings.contains { $0["rule"] as? String == "github-personal-access-token" })

        // The text report says it where the file's findings end, and in the summary.
        let text = try repo.shortwall("scan", "big.py")
        XCTAssertTrue(text.stdout.contains("  ... and 1,"), text.stdout.suffix(800).description)
        XCTAssertTrue(text.stdout.contains("more generic-password-assignment findings (the most severe: medium) not listed"), String(text.stdout.suffix(800)))
        XCTAssertTrue(text.stdout.contains("more findings not listed (per-file caps; --max-findings-per-file and --max-findings-per-rule raise them, 0 lists all)."))
        XCTAssertLessThan(text.stdout.utf8.count, 200_000)
        let github = try repo.shortwall("scan", "big.py", "--format", "github")
        XCTAssertTrue(github.stdout.contains("::warning file=big.py,title=generic-password-assignment::1,"), String(github.stdout.suffix(600)))
        let sarif = try repo.shortwall("scan", "big.py", "--format", "sarif")
        XCTAssertTrue(sarif.stdout.contains("big.py: 1,"), String(sarif.stdout.suffix(1500)))

        let bad = try repo.shortwall("scan", "big.py", "--max-findings-per-file", "-1")
        XCTAssertEqual(bad.status, 2)
        XCTAssertEqual(bad.stderr.split(separator: "\n").count, 1, bad.stderr)

        // The same caps from the config; the command line wins over it.
        try repo.write("caps.toml", "max-findings-per-rule = 3\nmax-findings-per-file = 0\n")
        XCTAssertEqual(try json(repo, "--config", "caps.toml").findings.filter { $0["rule"] as? String == "generic-password-assignment" }.count, 3)
        XCTAssertEqual(try json(repo, "--config", "caps.toml", "--max-findings-per-rule", "7").findings
            .filter { $0["rule"] as? String == "generic-password-assignment" }.count, 7)
        try repo.write("bad.toml", "max-findings-per-file = -1\n")
        let badConfig = try repo.shortwall("scan", "big.py", "--config", "bad.toml")
        XCTAssertEqual(badConfig.status, 2)
        XCTAssertTrue(badConfig.stderr.contains("bad.toml:1: max-findings-per-file must be a count"), badConfig.stderr)
    }
}
