import Foundation
import XCTest

final class BaselineJobTests: XCTestCase {
    /// The baseline hides known findings (even after lines move and files are renamed), not new ones,
    /// and holds hashes only.
    func testBaselineHidesKnownFindingsAndNotNewOnes() throws {
        let repo = try Sandbox()
        _ = try repo.commit("known", files: ["conf.py": "KEY = \"\(Fake.githubToken)\"\n"])
        let write = try repo.shortwall("baseline")
        XCTAssertEqual(write.status, 0, write.stderr)
        let baseline = try String(contentsOf: repo.root.appendingPathComponent(".shortwall-baseline.json"), encoding: .utf8)
        XCTAssertFalse(baseline.contains(Fake.githubToken), "hashes only")
        XCTAssertFalse(baseline.contains("ghp_"), "not even a redacted prefix")

        // Move the known line into another file among new code: staged shows it as added, the baseline hides it.
        try repo.git("rm", "-q", "conf.py")
        let surrounding = (1...12).map { "SETTING_\($0) = \($0)" }.joined(separator: "\n")
        try repo.write("app/settings.py", surrounding + "\nKEY = \"\(Fake.githubToken)\"\n")
        try repo.git("add", "app/settings.py")
        let hidden = try repo.shortwall("staged", "--format", "json")
        XCTAssertEqual(try Sandbox.findings(hidden.stdout).count, 0, hidden.stdout)
        XCTAssertEqual(hidden.status, 0)
        XCTAssertEqual(try repo.shortwall("staged", "--no-baseline").status, 1, "without the baseline it is reported")

        // A new secret is still reported.
        try repo.write("pay.py", "STRIPE = \"\(Fake.stripeKey)\"\n")
        try repo.git("add", "pay.py")
        let fresh = try repo.shortwall("staged", "--format", "json")
        XCTAssertEqual(fresh.status, 1)
        XCTAssertEqual(try Sandbox.findings(fresh.stdout).map { $0["file"] as? String }, ["pay.py"])
    }
}

extension BaselineJobTests {
    /// A baseline named in the config may not exist yet: a warning, not an error; one named with
    /// --baseline must exist.
    func testConfiguredBaselineNotYetWrittenIsAWarning() throws {
        let repo = try Sandbox()
        _ = try repo.commit("config", files: [".shortwall.toml": "baseline = \"known.json\"\n", "a.txt": "a\n"])
        let result = try repo.shortwall("history")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("known.json does not exist yet"), result.stderr)
        XCTAssertEqual(try repo.shortwall("history", "--baseline", "missing.json").status, 2)
        XCTAssertEqual(try repo.shortwall("baseline").status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: repo.root.appendingPathComponent("known.json").path))
        XCTAssertFalse(try repo.shortwall("history").stderr.contains("does not exist"))
    }
}

final class FormatJobTests: XCTestCase {
    func testSarifFromTheCommandLineValidatesAgainstTheSchema() throws {
        let repo = try Sandbox()
        _ = try repo.commit("base", files: ["README.md": "x\n"])
        let seed = try String(contentsOf: sharedFolder.appendingPathComponent("examples/seed_app.py"), encoding: .utf8)
        _ = try repo.commit("app", files: ["app.py": seed, "keys.py": "AWS_ACCESS_KEY_ID = \"\(Fake.awsKeyID)\"\n"])
        let output = repo.root.appendingPathComponent("report.sarif").path
        let result = try repo.shortwall("diff", "HEAD~1...HEAD", "--format", "sarif", "--output", output)
        XCTAssertEqual(result.status, 1, result.stderr)
        let schema = sharedFolder.appendingPathComponent("schemas/sarif-2.1.0.json").path
        let check = try repo.run("/usr/bin/env", ["python3", "-c", """
            import json, sys, jsonschema
            report = json.load(open(sys.argv[1]))
            jsonschema.validate(report, json.load(open(sys.argv[2])))
            results = report["runs"][0]["results"]
            print(len(results), sum(1 for r in results if r.get("codeFlows")))
            """, output, schema])
        XCTAssertEqual(check.status, 0, check.stderr)
        let counts = check.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        XCTAssertGreaterThan(counts.first ?? 0, 5, "the seed app's flaws and the key")
        XCTAssertGreaterThan(counts.last ?? 0, 0, "tainted findings carry code flows")
        XCTAssertFalse(try String(contentsOfFile: output, encoding: .utf8).contains(Fake.awsKeyID))
    }

    func testGithubAnnotations() throws {
        let repo = try Sandbox()
        _ = try repo.commit("key", files: ["keys.py": "AWS_ACCESS_KEY_ID = \"\(Fake.awsKeyID)\"\n"])
        let result = try repo.shortwall("commit", "HEAD", "--format", "github")
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("::error file=keys.py,line=1"), result.stdout)
    }

    /// The seed app added in one commit yields a finding for each of its flaws; its fixed version none.
    func testSeedAppFlawsFromACommitAndNoneFromTheFixedApp() throws {
        let repo = try Sandbox()
        let seed = try String(contentsOf: sharedFolder.appendingPathComponent("examples/seed_app.py"), encoding: .utf8)
        _ = try repo.commit("vulnerable app", files: ["app.py": seed])
        let result = try repo.shortwall("commit", "HEAD", "--format", "json", "--fail-on", "low")
        XCTAssertEqual(result.status, 1)
        let rules = Set(try Sandbox.findings(result.stdout).compactMap { $0["rule"] as? String })
        for expected in ["python.sql-injection", "python.weak-password-hash", "python.pickled-client-state", "python.timing-unsafe-comparison", "python.upload-size-limit",
                         "python.command-injection", "python.path-traversal", "python.missing-authentication"] {
            XCTAssertTrue(rules.contains(expected), "\(expected) missing from \(rules.sorted())")
        }
        XCTAssertTrue(rules.contains { $0.contains("secret") || $0.contains("flask") }, "the hard-coded secret key: \(rules.sorted())")

        let fixed = try String(contentsOf: sharedFolder.appendingPathComponent("examples/seed_app_fixed.py"), encoding: .utf8)
        _ = try repo.commit("fixed app", files: ["app.py": fixed])
        let after = try repo.shortwall("scan", repo.root.appendingPathComponent("app.py").path, "--format", "json", "--fail-on", "low")
        XCTAssertEqual(try Sandbox.findings(after.stdout).count, 0, after.stdout)
        XCTAssertEqual(after.status, 0)
    }

    private var sharedFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared")
    }
}
