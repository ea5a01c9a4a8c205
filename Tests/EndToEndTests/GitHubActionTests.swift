import Foundation
import XCTest

/// Runs the GitHub Action's review step (`action/run.sh`, which `action.yml` calls) with the environment the
/// Actions runner sets, on a real repository with a base and a head commit, and checks what the step leaves.
final class GitHubActionTests: XCTestCase {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("action/run.sh").path

    struct Step {
        var result: Sandbox.Result
        var outputs: [String: String]
        var summary: String
        var sarif: [String: Any]?
    }

    func runStep(_ repo: Sandbox, event: String, payload: [String: Any], inputs: [String: String] = [:]) throws -> Step {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("shortwall-action-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let eventFile = work.appendingPathComponent("event.json")
        try JSONSerialization.data(withJSONObject: payload).write(to: eventFile)
        let output = work.appendingPathComponent("output.txt"), summary = work.appendingPathComponent("summary.md")
        try Data().write(to: output)
        try "# Earlier step\n".write(to: summary, atomically: true, encoding: .utf8)
        let sarifPath = work.appendingPathComponent("shortwall.sarif").path
        var environment = Sandbox.gitEnvironment.merging([
            "SHORTWALL": Sandbox.binary.path, "GITHUB_EVENT_NAME": event, "GITHUB_EVENT_PATH": eventFile.path,
            "GITHUB_WORKSPACE": repo.path, "GITHUB_OUTPUT": output.path, "GITHUB_STEP_SUMMARY": summary.path,
            "INPUT_SARIF_FILE": sarifPath, "NO_COLOR": "1",
        ]) { $1 }
        for (key, value) in inputs { environment["INPUT_" + key] = value }
        let result = try repo.run("/bin/bash", [Self.script], environment: environment)
        var outputs: [String: String] = [:]
        for line in try String(contentsOf: output, encoding: .utf8).split(separator: "\n") {
            if let eq = line.firstIndex(of: "=") { outputs[String(line[..<eq])] = String(line[line.index(after: eq)...]) }
        }
        let sarif = (try? Data(contentsOf: URL(fileURLWithPath: sarifPath)))
            .flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        return Step(result: result, outputs: outputs, summary: try String(contentsOf: summary, encoding: .utf8), sarif: sarif)
    }

    func sarifResults(_ step: Step) -> [[String: Any]] {
        ((step.sarif?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
    }

    func testPullRequestReviewsOnlyWhatTheBranchAddsAndLeavesSARIFAnnotationsAndSummary() throws {
        let repo = try Sandbox()
        let base = try repo.commit("base", files: [
            "old.py": "TOKEN = \"\(Fake.stripeKey)\"\n",   // already on main: not the PR's doing
            "app.py": "def f():\n    return 1\n",
        ])
        try repo.git("checkout", "-q", "-b", "feature")
        let head = try repo.commit("feature", files: [
            "app.py": "import os\nfrom flask import request\ndef f():\n    os.system(\"ping \" + request.args[\"h\"])\n",
            "deploy.env": "GITHUB_TOKEN=\(Fake.githubToken)\n",
        ])
        let payload: [String: Any] = ["pull_request": ["base": ["sha": base], "head": ["sha": head]]]
        let step = try runStep(repo, event: "pull_request", payload: payload)

        XCTAssertEqual(step.result.status, 1, step.result.stderr)
        XCTAssertTrue(step.result.stdout.contains("shortwall diff \(base)...\(head)"), step.result.stdout)
        XCTAssertEqual(step.outputs["exit-code"], "1")
        XCTAssertNotNil(step.outputs["sarif-file"])
        let results = sarifResults(step)
        XCTAssertEqual(step.outputs["findings"], String(results.count))
        let rules = Set(results.compactMap { $0["ruleId"] as? String })
        XCTAssertTrue(rules.contains("python.command-injection"), "\(rules)")
        XCTAssertTrue(rules.contains { $0.contains("github") }, "\(rules)")
        XCTAssertFalse(results.contains { "\($0)".contains("old.py") }, "a secret the PR did not add is not the PR's finding")

        let annotations = step.result.stdout.split(separator: "\n").filter { $0.hasPrefix("::error ") || $0.hasPrefix("::warning ") }
        XCTAssertTrue(annotations.contains { $0.contains("file=app.py") && $0.contains("line=4") }, step.result.stdout)
        XCTAssertTrue(annotations.contains { $0.contains("file=deploy.env") }, step.result.stdout)

        XCTAssertTrue(step.summary.hasPrefix("# Earlier step\n"), "the summary is appended to, not replaced")
        XCTAssertTrue(step.summary.contains("## Shortwall"), step.summary)
        XCTAssertTrue(step.summary.contains("| high |") || step.summary.contains("| critical |"), step.summary)
        XCTAssertTrue(step.summary.contains("`app.py:4 (\(head.prefix(7)))`"), step.summary)
        for text in [step.result.stdout, step.summary, "\(step.sarif ?? [:])"] {
            XCTAssertFalse(text.contains(Fake.githubToken), "the token must stay redacted")
        }
    }

    func testACleanPullRequestPassesAndAFailOnInputIsHonoured() throws {
        let repo = try Sandbox()
        let base = try repo.commit("base", files: ["app.py": "def f():\n    return 1\n"])
        let head = try repo.commit("debug", files: ["app.py": "def f():\n    return 2\n"])
        let payload: [String: Any] = ["pull_request": ["base": ["sha": base], "head": ["sha": head]]]
        let clean = try runStep(repo, event: "pull_request", payload: payload)
        XCTAssertEqual(clean.result.status, 0, clean.result.stderr)
        XCTAssertEqual(clean.outputs["findings"], "0")
        XCTAssertTrue(clean.summary.contains("No findings."), clean.summary)

        let next = try repo.commit("token", files: ["ci.env": "GITHUB_TOKEN=\(Fake.githubToken)\n"])
        let strict = try runStep(repo, event: "pull_request",
                                 payload: ["pull_request": ["base": ["sha": head], "head": ["sha": next]]],
                                 inputs: ["FAIL_ON": "critical", "FORMAT": "text"])
        XCTAssertEqual(sarifResults(strict).isEmpty, false)
        let severities = Set(sarifResults(strict).compactMap { $0["level"] as? String })
        XCTAssertFalse(severities.isEmpty)
        XCTAssertEqual(strict.result.status, 0, "a high finding does not fail a step that fails only on critical: \(strict.result.stdout)")
        XCTAssertTrue(strict.result.stdout.contains("ci.env"), "the text format goes to the log")
    }

    func testTheMinConfidenceInputListsLowConfidenceFindings() throws {
        let repo = try Sandbox()
        let base = try repo.commit("base", files: ["README.md": "demo\n"])
        let head = try repo.commit("fixture", files: ["tests/fixtures/users.yml": "alice:\n  password: test\n"])
        let payload: [String: Any] = ["pull_request": ["base": ["sha": base], "head": ["sha": head]]]
        let quiet = try runStep(repo, event: "pull_request", payload: payload)
        XCTAssertEqual(quiet.outputs["findings"], "0")
        XCTAssertTrue(quiet.summary.contains("1 low-confidence finding not shown; --min-confidence low lists it"), quiet.summary)
        let audit = try runStep(repo, event: "pull_request", payload: payload, inputs: ["MIN_CONFIDENCE": "low"])
        XCTAssertEqual(audit.result.status, 0, "listed, it does not fail the step: \(audit.result.stdout)")
        XCTAssertEqual(audit.outputs["findings"], "1")
        XCTAssertEqual(sarifResults(audit).compactMap { ($0["properties"] as? [String: Any])?["confidence"] as? String }, ["low"])
    }

    func testPushAuditsTheHistoryWhenAskedAndAMissingBaseIsAnError() throws {
        let repo = try Sandbox()
        let first = try repo.commit("leak", files: ["a.env": "GITHUB_TOKEN=\(Fake.githubToken)\n"])
        let second = try repo.commit("remove", files: ["a.env": "GITHUB_TOKEN=\n"])
        let pushed = try runStep(repo, event: "push", payload: ["before": first, "after": second])
        XCTAssertEqual(pushed.result.status, 0, "the pushed commit only removes the token: \(pushed.result.stdout)")

        let audit = try runStep(repo, event: "push", payload: ["before": first, "after": second],
                                inputs: ["HISTORY_ON_PUSH": "true"])
        XCTAssertEqual(audit.result.status, 1, audit.result.stderr)
        XCTAssertTrue(audit.result.stdout.contains("shortwall history"), audit.result.stdout)
        XCTAssertTrue(sarifResults(audit).contains { "\($0)".contains("a.env") })

        let missing = try runStep(repo, event: "pull_request",
                                  payload: ["pull_request": ["base": ["sha": String(repeating: "ab", count: 20)], "head": ["sha": second]]])
        XCTAssertEqual(missing.result.status, 2)
        XCTAssertTrue(missing.result.stdout.contains("fetch-depth: 0"), missing.result.stdout)
    }
}

/// actionlint does not install offline, so the action's metadata gets the checks that matter most: it is
/// YAML of the composite shape, and every `inputs.X` and `steps.X.outputs` it refers to exists.
final class GitHubActionMetadataTests: XCTestCase {
    func testActionYAMLRefersOnlyToDeclaredInputsAndSteps() throws {
        let root = URL(fileURLWithPath: GitHubActionTests.script).deletingLastPathComponent().deletingLastPathComponent()
        let check = """
        import re, sys, yaml
        action = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
        assert action["runs"]["using"] == "composite", "not a composite action"
        inputs = set(action.get("inputs", {}))
        steps = action["runs"]["steps"]
        ids = [s["id"] for s in steps if "id" in s]
        text = open(sys.argv[1], encoding="utf-8").read()
        problems = [f"undeclared input {m}" for m in set(re.findall(r"inputs\\.([A-Za-z0-9_-]+)", text)) - inputs]
        problems += [f"unknown step {m}" for m in set(re.findall(r"steps\\.([A-Za-z0-9_-]+)\\.outputs", text)) - set(ids)]
        problems += [f"step without shell: {s.get('name')}" for s in steps if "run" in s and "shell" not in s]
        problems += [f"output without value: {k}" for k, v in action.get("outputs", {}).items() if "value" not in v]
        print("\\n".join(problems)); sys.exit(1 if problems else 0)
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", check, root.appendingPathComponent("action.yml").path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if text.contains("No module named 'yaml'") { throw XCTSkip("python3 has no PyYAML") }
        XCTAssertEqual(process.terminationStatus, 0, text)
    }
}
