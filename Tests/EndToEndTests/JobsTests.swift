import Foundation
import XCTest

final class StagedJobTests: XCTestCase {
    func testSecretInStagedFileIsReportedWithExitCode1AndRedacted() throws {
        let repo = try Sandbox()
        _ = try repo.commit("base", files: ["README.md": "hello\n"])
        try repo.write("settings.py", "import os\nAWS_ACCESS_KEY_ID = \"\(Fake.awsKeyID)\"\n")
        try repo.git("add", "settings.py")
        let result = try repo.shortwall("staged", "--format", "json")
        XCTAssertEqual(result.status, 1, result.stderr)
        let findings = try Sandbox.findings(result.stdout)
        let aws = try XCTUnwrap(findings.first { ($0["rule"] as? String)?.contains("aws") == true }, result.stdout)
        XCTAssertEqual(aws["file"] as? String, "settings.py")
        XCTAssertEqual(aws["line"] as? Int, 2)
        XCTAssertEqual(aws["kind"] as? String, "secret")
        XCTAssertTrue(aws["commit"] is NSNull)
        XCTAssertFalse(result.stdout.contains(Fake.awsKeyID), "the secret must be redacted")
        XCTAssertFalse(try repo.shortwall("staged").stdout.contains(Fake.awsKeyID))
        XCTAssertTrue(try repo.shortwall("staged", "--no-redact").stdout.contains(Fake.awsKeyID))
    }

    func testManyStagedFilesAreReviewedSideBySideInPathOrder() throws {
        // More files than cores: the review runs on several threads and must still report every file,
        // in path order, with the Python rules and the secret patterns both at work.
        let repo = try Sandbox()
        _ = try repo.commit("base", files: ["README.md": "hello\n"])
        var expected: [String] = []
        for i in 0..<12 {
            let name = String(format: "pkg/m%02d.py", i)
            switch i % 3 {
            case 0:
                try repo.write(name, "KEY = \"\(Fake.githubToken)\"\n")
                expected.append(name)
            case 1:
                try repo.write(name, "import os\nfrom flask import request\ndef v():\n    os.system(\"ping \" + request.args[\"h\"])\n")
                expected.append(name)
            default:
                try repo.write(name, "def f(x):\n    return x * 2\n")
            }
        }
        try repo.git("add", "-A")
        let result = try repo.shortwall("staged", "--format", "json")
        XCTAssertEqual(result.status, 1, result.stderr)
        let findings = try Sandbox.findings(result.stdout)
        let files = findings.compactMap { $0["file"] as? String }
        XCTAssertEqual(Array(NSOrderedSet(array: files)) as? [String], expected)
        XCTAssertEqual(findings.filter { ($0["rule"] as? String) == "python.command-injection" }.count, 4)
        XCTAssertEqual(findings.filter { ($0["kind"] as? String) == "secret" }.count, 4)
    }

    func testNotebookCellsAreReviewedAsPythonAtTheirNotebookLines() throws {
        func notebook(_ cells: [[String]]) -> String {
            // Jupyter's own layout: one JSON string per source line.
            let rendered = cells.map { lines in
                let source = lines.enumerated().map { i, l in
                    "    \"" + l.replacingOccurrences(of: "\"", with: "\\\"") + (i == lines.count - 1 ? "" : "\\n") + "\""
                }.joined(separator: ",\n")
                return "  {\n   \"cell_type\": \"code\",\n   \"execution_count\": null,\n   \"metadata\": {},\n   \"outputs\": [],\n   \"source\": [\n\(source)\n   ]\n  }"
            }.joined(separator: ",\n")
            return "{\n \"cells\": [\n\(rendered)\n ],\n \"metadata\": {},\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n"
        }
        let repo = try Sandbox()
        let old = ["import requests", "requests.get(\"https://a.example\", verify=False, timeout=5)"]
        _ = try repo.commit("notebook", files: ["explore.ipynb": notebook([old])])
        let new = ["import pickle", "model = pickle.load(open(\"model.pkl\", \"rb\"))"]
        let text = notebook([old, new])
        try repo.write("explore.ipynb", text)
        try repo.git("add", "explore.ipynb")
        // The pickle file's origin is unknown (the audit tier, low confidence): asked to fail on it, the hook lists it.
        let result = try repo.shortwall("staged", "--format", "json", "--fail-on-confidence", "low")
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        let findings = try Sandbox.findings(result.stdout)
        // Only the new cell's flaw, on the notebook line that holds it.
        XCTAssertEqual(findings.compactMap { $0["rule"] as? String }, ["python.insecure-deserialization"])
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("pickle.load(") }.map { $0 + 1 }
        XCTAssertEqual(findings.first?["line"] as? Int, line)
        XCTAssertEqual(findings.first?["file"] as? String, "explore.ipynb")

        // Committed, the history audit finds both flaws, and both are still in HEAD's notebook.
        try repo.git("commit", "-q", "-m", "model")
        let history = try Sandbox.findings(try repo.shortwall("history", "--format", "json", "--min-confidence", "low").stdout)
        XCTAssertEqual(Set(history.compactMap { $0["rule"] as? String }), ["python.insecure-deserialization", "python.tls-verification-disabled"])
        XCTAssertEqual(history.compactMap { $0["presentInHead"] as? Bool }, [true, true])
    }

    func testCleanStagedChangeExitsZero() throws {
        let repo = try Sandbox()
        _ = try repo.commit("base", files: ["app.py": "print('hi')\n"])
        try repo.write("app.py", "print('hi')\nprint('bye')\n")
        try repo.git("add", "app.py")
        let result = try repo.shortwall("staged")
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
    }

    func testOldFindingUntouchedByTheChangeIsNotReportedAgain() throws {
        let repo = try Sandbox()
        _ = try repo.commit("old secret", files: ["config.py": "KEY = \"\(Fake.githubToken)\"\n"])
        try repo.write("config.py", "KEY = \"\(Fake.githubToken)\"\nDEBUG_LEVEL = 3\n")
        try repo.git("add", "config.py")
        let result = try repo.shortwall("staged", "--format", "json")
        XCTAssertEqual(try Sandbox.findings(result.stdout).count, 0, result.stdout)
        XCTAssertEqual(result.status, 0)
    }

    func testFailOnControlsTheExitCode() throws {
        let repo = try Sandbox()
        try repo.write("settings.py", "AWS_ACCESS_KEY_ID = \"\(Fake.awsKeyID)\"\n")
        try repo.git("add", "settings.py")
        XCTAssertEqual(try repo.shortwall("staged").status, 1)
        // A secret is at most critical, so nothing is at or above an impossible bar... use the real scale:
        let json = try repo.shortwall("staged", "--format", "json").stdout
        let severities = try Sandbox.findings(json).compactMap { $0["severity"] as? String }
        if !severities.contains("critical") {
            XCTAssertEqual(try repo.shortwall("staged", "--fail-on", "critical").status, 0)
        }
    }
}

final class RangeJobTests: XCTestCase {
    /// A pull request (A...B) reports only what the branch adds, even after main moved on with its own secret.
    func testPullRequestRangeReportsOnlyWhatTheBranchAdds() throws {
        let repo = try Sandbox()
        _ = try repo.commit("base", files: ["app.py": "x = 1\n"])
        try repo.git("checkout", "-q", "-b", "feature")
        let featureCommit = try repo.commit("feature adds a token", files: ["feature.py": "TOKEN = \"\(Fake.githubToken)\"\n"])
        try repo.git("checkout", "-q", "main")
        _ = try repo.commit("main adds a key", files: ["main.py": "STRIPE = \"\(Fake.stripeKey)\"\n"])

        let pr = try repo.shortwall("diff", "main...feature", "--format", "json")
        XCTAssertEqual(pr.status, 1, pr.stderr)
        let files = try Sandbox.findings(pr.stdout).map { $0["file"] as? String }
        XCTAssertEqual(files, ["feature.py"])
        XCTAssertEqual(try Sandbox.findings(pr.stdout).first?["commit"] as? String, featureCommit)

        // A..B names each commit of the range; feature..main is main's own commit only.
        let commits = try repo.shortwall("diff", "feature..main", "--format", "json")
        XCTAssertEqual(try Sandbox.findings(commits.stdout).map { $0["file"] as? String }, ["main.py"])
    }

    func testCommitJobAttributesFindingsToTheCommit() throws {
        let repo = try Sandbox()
        let id = try repo.commit("add key", files: ["k.py": "AWS_ACCESS_KEY_ID = \"\(Fake.awsKeyID)\"\n"])
        let result = try repo.shortwall("commit", "HEAD", "--format", "json")
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(try Sandbox.findings(result.stdout).first?["commit"] as? String, id)
    }
}

final class HistoryJobTests: XCTestCase {
    func testEachSecretOnceWithIntroducingCommitAndPresentInHead() throws {
        let repo = try Sandbox()
        _ = try repo.commit("start", files: ["a.txt": "nothing\n"])
        let introducedRemoved = try repo.commit("add token", files: ["old.py": "TOKEN = \"\(Fake.githubToken)\"\n"])
        _ = try repo.commit("edit around it", files: ["old.py": "# header\nTOKEN = \"\(Fake.githubToken)\"\n"])
        try repo.git("rm", "-q", "old.py")
        try repo.git("commit", "-q", "-m", "remove token")
        let introducedKept = try repo.commit("add key", files: ["live.py": "AWS_ACCESS_KEY_ID = \"\(Fake.awsKeyID)\"\n"])

        let result = try repo.shortwall("history", "--format", "json")
        XCTAssertEqual(result.status, 1, result.stderr)
        let findings = try Sandbox.findings(result.stdout)
        let removed = findings.filter { $0["file"] as? String == "old.py" }
        XCTAssertEqual(removed.count, 1, "one finding per secret per file, not one per commit: \(removed)")
        XCTAssertEqual(removed.first?["commit"] as? String, introducedRemoved)
        XCTAssertEqual(removed.first?["presentInHead"] as? Bool, false)
        XCTAssertEqual(removed.first?["author"] as? String, "Ada Author <ada@example.com>")
        XCTAssertNotNil(removed.first?["date"] as? String)
        let kept = try XCTUnwrap(findings.first { $0["file"] as? String == "live.py" })
        XCTAssertEqual(kept["commit"] as? String, introducedKept)
        XCTAssertEqual(kept["presentInHead"] as? Bool, true)
    }

    func testHistoryFindsASecretInAnOlderStash() throws {
        let repo = try Sandbox()
        _ = try repo.commit("base", files: ["app.py": "x = 1\n"])
        try repo.write("app.py", "x = 1\nTOKEN = \"\(Fake.githubToken)\"\n")
        try repo.git("stash", "-q")
        try repo.write("app.py", "x = 2\n")
        try repo.git("stash", "-q")
        // The secret is in stash@{1}, which no ref names.
        let result = try repo.shortwall("history", "--format", "json")
        XCTAssertEqual(result.status, 1, result.stderr)
        let findings = try Sandbox.findings(result.stdout)
        XCTAssertEqual(findings.compactMap { $0["rule"] as? String }.filter { $0.contains("github") }.count, 1, result.stdout)
        XCTAssertEqual(findings.first?["commit"] as? String, try repo.git("rev-parse", "stash@{1}"))
        XCTAssertEqual(findings.first?["presentInHead"] as? Bool, false)
    }

    func testHistoryIncludesOtherBranchesAndSince() throws {
        let repo = try Sandbox()
        let base = try repo.commit("start", files: ["a.txt": "nothing\n"])
        try repo.git("checkout", "-q", "-b", "side")
        _ = try repo.commit("side secret", files: ["side.py": "TOKEN = \"\(Fake.githubToken)\"\n"])
        try repo.git("checkout", "-q", "main")
        let all = try Sandbox.findings(try repo.shortwall("history", "--format", "json").stdout)
        XCTAssertEqual(all.map { $0["file"] as? String }, ["side.py"])
        let onlyMain = try Sandbox.findings(try repo.shortwall("history", "--branch", "main", "--format", "json").stdout)
        XCTAssertTrue(onlyMain.isEmpty)
        let sinceSide = try Sandbox.findings(try repo.shortwall("history", "--since", "side", "--format", "json").stdout)
        XCTAssertTrue(sinceSide.isEmpty)
        let sinceBase = try Sandbox.findings(try repo.shortwall("history", "--since", base, "--format", "json").stdout)
        XCTAssertEqual(sinceBase.count, 1)
    }
}

final class ScanJobTests: XCTestCase {
    func testScanFilesWithoutGit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shortwall-scan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "STRIPE = '\(Fake.stripeKey)'\n".write(to: folder.appendingPathComponent("sub/pay.py"), atomically: true, encoding: .utf8)
        try Data([0, 1, 2, 0]).write(to: folder.appendingPathComponent("blob.bin"))
        let sandbox = try Sandbox()
        let result = try sandbox.run(Sandbox.binary.path, ["scan", folder.path, "--format", "json"])
        XCTAssertEqual(result.status, 1, result.stderr)
        let findings = try Sandbox.findings(result.stdout)
        XCTAssertEqual(findings.count, 1)
        XCTAssertTrue((findings.first?["file"] as? String)?.hasSuffix("sub/pay.py") == true)
    }

    func testScanOfManyFilesKeepsFileOrderAndReportsSkippedFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shortwall-scan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Forty files, every fourth with a secret, reviewed on several threads.
        for i in 0..<40 {
            let body = i % 4 == 0 ? "STRIPE = '\(Fake.stripeKey)'\n" : "def f\(i)(x):\n    return x + \(i)\n"
            try body.write(to: folder.appendingPathComponent(String(format: "m%02d.py", i)), atomically: true, encoding: .utf8)
        }
        try String(repeating: "x = 1\n", count: 400).write(to: folder.appendingPathComponent("zz_big.py"), atomically: true, encoding: .utf8)
        let sandbox = try Sandbox()
        let result = try sandbox.run(Sandbox.binary.path, ["scan", folder.path, "--format", "json", "--max-file-size", "1000"])
        XCTAssertEqual(result.status, 1, result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let files = try Sandbox.findings(result.stdout).compactMap { ($0["file"] as? String).map { URL(fileURLWithPath: $0).lastPathComponent } }
        XCTAssertEqual(files, stride(from: 0, to: 40, by: 4).map { String(format: "m%02d.py", $0) })
        let summary = try XCTUnwrap(json["summary"] as? [String: Any])
        XCTAssertEqual(summary["files"] as? Int, 40)
        XCTAssertEqual((summary["skipped"] as? [String])?.count, 1)
        XCTAssertTrue((summary["skipped"] as? [String])?.first?.contains("zz_big.py") == true)
    }
}
