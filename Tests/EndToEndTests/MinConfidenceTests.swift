import Foundation
import XCTest

/// `--min-confidence` and the `min-confidence` key, through every job: what is reported, what is counted as
/// left out, and what can fail the run.
final class MinConfidenceTests: XCTestCase {
    /// A flow of client data (high), one of unknown origin (the audit tier, low), and a weak password in a
    /// test fixture (low).
    static let app = """
        import os
        from flask import request

        def ping():
            os.system("ping " + request.args["host"])

        def run(job):
            eval(job.expression)
        """
    static let fixture = "alice:\n  password: test\n"

    /// One repository for every case: the base commit is clean, the second adds the three findings.
    static let repo: Result<(Sandbox, base: String, head: String), Error> = Result {
        let repo = try Sandbox()
        let base = try repo.commit("base", files: ["README.md": "demo\n"])
        let head = try repo.commit("findings", files: ["app.py": app, "tests/fixtures/users.yml": fixture])
        return (repo, base, head)
    }

    private func confidences(_ result: Sandbox.Result) throws -> [String] {
        try Sandbox.findings(result.stdout).compactMap { $0["confidence"] as? String }.sorted()
    }

    func testEveryJobReportsAtMediumByDefaultAndCountsWhatItLeavesOut() throws {
        let (repo, base, head) = try Self.repo.get()
        let jobs: [[String]] = [["commit", head], ["diff", "\(base)...\(head)"], ["diff", "\(base)..\(head)"], ["history"], ["scan", "."]]
        for job in jobs {
            let shown = try repo.shortwall(job + ["--format", "json", "--no-baseline"], timeout: 120)
            XCTAssertEqual(shown.status, 1, "\(job): the client-data flow fails the run: \(shown.stderr)")
            XCTAssertEqual(try confidences(shown), ["high"], "\(job)")
            let summary = try Sandbox.summary(shown.stdout)
            XCTAssertEqual(summary["belowMinConfidence"] as? Int, 2, "\(job)")
            XCTAssertEqual(summary["minConfidence"] as? String, "medium", "\(job)")

            let audit = try repo.shortwall(job + ["--format", "json", "--no-baseline", "--min-confidence", "low"], timeout: 120)
            XCTAssertEqual(audit.status, 1, "\(job)")
            XCTAssertEqual(try confidences(audit), ["high", "low", "low"], "\(job)")
            XCTAssertEqual(try Sandbox.summary(audit.stdout)["belowMinConfidence"] as? Int, 0, "\(job)")
            let rules = Set(try Sandbox.findings(audit.stdout).compactMap { $0["rule"] as? String })
            XCTAssertEqual(rules, ["python.command-injection", "python.code-injection", "generic-password-config"], "\(job)")

            let strict = try repo.shortwall(job + ["--format", "json", "--no-baseline", "--min-confidence", "high"], timeout: 120)
            XCTAssertEqual(try confidences(strict), ["high"], "\(job)")
        }
    }

    func testStagedTextReportSaysWhatItLeftOutAndTheAuditTierNeverFailsByDefault() throws {
        let repo = try Sandbox()
        _ = try repo.commit("base", files: ["README.md": "demo\n"])
        try repo.write("app.py", "def run(job):\n    eval(job.expression)\n")
        try repo.write("tests/fixtures/users.yml", Self.fixture)
        try repo.git("add", "-A")

        let hook = try repo.shortwall("staged")
        XCTAssertEqual(hook.status, 0, hook.stdout)
        XCTAssertTrue(hook.stdout.hasPrefix("No findings.\n2 low-confidence findings not shown; --min-confidence low lists them.\n"), hook.stdout)

        let audit = try repo.shortwall("staged", "--min-confidence", "low")
        XCTAssertEqual(audit.status, 0, "listed, low-confidence findings still do not fail the run: \(audit.stdout)")
        XCTAssertTrue(audit.stdout.contains("python.code-injection"), audit.stdout)
        XCTAssertTrue(audit.stdout.contains("(confidence low, CWE-95)"), audit.stdout)
        XCTAssertTrue(audit.stdout.contains("Parameter 'job' of run() reaches eval(), which runs it as Python; its callers are not in this file."), audit.stdout)
        XCTAssertFalse(audit.stdout.contains("not shown"), audit.stdout)
        XCTAssertEqual(try repo.shortwall("staged", "--min-confidence", "low", "--fail-on-confidence", "low").status, 1)

        let markdown = try repo.shortwall("staged", "--format", "markdown")
        XCTAssertTrue(markdown.stdout.contains("2 low-confidence findings not shown; --min-confidence low lists them"), markdown.stdout)

        let bad = try repo.shortwall("staged", "--min-confidence", "some")
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("min-confidence"), bad.stderr)
    }

    func testTheConfigKeyInShortwallTomlAndPyproject() throws {
        let repo = try Sandbox()
        _ = try repo.commit("base", files: ["README.md": "demo\n"])
        try repo.write("tests/fixtures/users.yml", Self.fixture)
        try repo.git("add", "tests")

        try repo.write("pyproject.toml", "[project]\nname = \"demo\"\n\n[tool.shortwall]\nmin-confidence = \"low\"\n")
        let fromPyproject = try repo.shortwall("staged", "--format", "json")
        XCTAssertEqual(try confidences(fromPyproject), ["low"], fromPyproject.stdout)
        XCTAssertEqual(fromPyproject.status, 0)
        XCTAssertEqual(try Sandbox.summary(fromPyproject.stdout)["minConfidence"] as? String, "low")

        try repo.write(".shortwall.toml", "min-confidence = \"medium\"\nfail-on-confidence = \"low\"\n")
        let fromToml = try repo.shortwall("staged", "--format", "json")
        XCTAssertEqual(try confidences(fromToml), [], "the key wins over fail-on-confidence's pull: \(fromToml.stdout)")
        XCTAssertEqual(fromToml.status, 0)
        XCTAssertEqual(try repo.shortwall("staged", "--min-confidence", "low").status, 1, "the command line wins over the file")

        try repo.write(".shortwall.toml", "min-confidence = 3\n")
        let bad = try repo.shortwall("staged")
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("min-confidence must be low, medium or high"), bad.stderr)
    }

    func testSARIFCarriesConfidenceRankAndALowerLevelForTheAuditTier() throws {
        let (repo, _, _) = try Self.repo.get()
        let sarif = try repo.shortwall("scan", "app.py", "--format", "sarif", "--min-confidence", "low")
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        let run = try XCTUnwrap((root["runs"] as? [[String: Any]])?.first)
        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        let byRule = Dictionary(uniqueKeysWithValues: results.map { ($0["ruleId"] as? String ?? "", $0) })
        let tainted = try XCTUnwrap(byRule["python.command-injection"]), unknown = try XCTUnwrap(byRule["python.code-injection"])
        XCTAssertEqual((tainted["properties"] as? [String: Any])?["confidence"] as? String, "high")
        XCTAssertEqual((unknown["properties"] as? [String: Any])?["confidence"] as? String, "low")
        XCTAssertEqual(tainted["level"] as? String, "error")
        XCTAssertEqual(unknown["level"] as? String, "warning", "a low-confidence critical finding is a warning")
        let rank = { (r: [String: Any]) in r["rank"] as? Double ?? -1 }
        XCTAssertGreaterThan(rank(tainted), rank(unknown))
        XCTAssertTrue((0...100).contains(rank(unknown)))
        XCTAssertEqual((run["properties"] as? [String: Any])?["minConfidence"] as? String, "low")
    }

    func testBaselineRecordsWhatTheJobsReport() throws {
        let repo = try Sandbox()
        _ = try repo.commit("findings", files: ["app.py": Self.app, "tests/fixtures/users.yml": Self.fixture])
        let recorded = try repo.shortwall("baseline")
        XCTAssertTrue(recorded.stdout.hasPrefix("Recorded 1 finding "), recorded.stdout)
        let audit = try repo.shortwall("history", "--format", "json", "--min-confidence", "low")
        XCTAssertEqual(try confidences(audit), ["low", "low"], "the baseline hides the high finding only")

        let deep = try repo.shortwall("baseline", "--min-confidence", "low")
        XCTAssertTrue(deep.stdout.hasPrefix("Recorded 3 findings "), deep.stdout)
        let after = try repo.shortwall("history", "--format", "json", "--min-confidence", "low")
        XCTAssertEqual(try confidences(after), [])
        XCTAssertEqual(try Sandbox.summary(after.stdout)["suppressed"] as? Int, 3)
        XCTAssertEqual(after.status, 0)
    }
}
