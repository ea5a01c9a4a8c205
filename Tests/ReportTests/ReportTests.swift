import Findings
import Foundation
@testable import Report
import TestFixtures
import XCTest

final class ReportTests: XCTestCase {
    func report(_ format: ReportFormat, _ findings: [Finding] = Fixtures.all, color: Bool = false, suppressed: Int = 0) -> String {
        render(findings: findings, summary: Fixtures.summary, rules: Fixtures.rules, format: format,
               options: ReportOptions(color: color, toolVersion: "1.2.3", suppressed: suppressed))
    }

    func parse(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    // MARK: JSON

    func testJSONFindingsHaveEveryFieldWithTheRightType() throws {
        let root = try parse(report(.json))
        let findings = try XCTUnwrap(root["findings"] as? [[String: Any]])
        XCTAssertEqual(findings.count, 4)
        for f in findings {
            for key in ["rule", "kind", "severity", "confidence", "file", "fingerprint", "contentHash", "message", "fix", "title"] {
                XCTAssertTrue(f[key] is String, "\(key) should be a string in \(f)")
            }
            XCTAssertTrue(f["line"] is Int && f["column"] is Int)
            XCTAssertTrue(f["cwe"] is Int || f["cwe"] is NSNull, "cwe must be present")
            XCTAssertTrue(f["commit"] is String || f["commit"] is NSNull, "commit must be present")
            XCTAssertTrue(["secret", "python"].contains(f["kind"] as! String))
        }
        // Sorted by file, then line: app/views.py:2, app/views.py:40, config/..., deploy/...
        XCTAssertEqual(findings.map { $0["rule"] as! String },
                       ["custom.internal-host", "python.sql-injection", "github-pat", "aws-access-key"])
        let unlisted = findings[0], tainted = findings[1], secret = findings[2], history = findings[3]
        XCTAssertTrue(unlisted["cwe"] is NSNull)
        XCTAssertTrue(unlisted["commit"] is NSNull)
        XCTAssertNil(unlisted["source"]); XCTAssertNil(unlisted["presentInHead"])
        XCTAssertEqual(secret["secret"] as? String, Fixtures.redacted)
        XCTAssertEqual(secret["cwe"] as? Int, 798)
        XCTAssertEqual(secret["severity"] as? String, "critical")
        XCTAssertEqual(secret["kind"] as? String, "secret")
        XCTAssertEqual(secret["endColumn"] as? Int, 49)
        let source = try XCTUnwrap(tainted["source"] as? [String: Any])
        XCTAssertEqual(source["file"] as? String, "app/views.py")
        XCTAssertEqual(source["line"] as? Int, 37)
        XCTAssertEqual(source["column"] as? Int, 12)
        XCTAssertEqual(source["description"] as? String, "request.args[\"name\"]")
        XCTAssertEqual(tainted["kind"] as? String, "python")
        XCTAssertNil(tainted["secret"])
        XCTAssertEqual(history["commit"] as? String, "0123456789abcdef0123456789abcdef01234567")
        XCTAssertEqual(history["author"] as? String, "Dana Developer")
        XCTAssertEqual(history["date"] as? String, "2024-03-05")
        XCTAssertEqual(history["commitCount"] as? Int, 4)
        XCTAssertNotNil(history["presentInHead"])
    }

    func testJSONWritesNullsAndBooleansLiterally() {
        let text = report(.json)
        XCTAssertTrue(text.contains("\"cwe\": null"))
        XCTAssertTrue(text.contains("\"presentInHead\": false"))
        XCTAssertTrue(text.contains("\"message\": \"Line one\\nline two: 50%, done\\r\""))
    }

    func testJSONSummaryCountsEverySeverity() throws {
        let summary = try XCTUnwrap(parse(report(.json, suppressed: 3))["summary"] as? [String: Any])
        XCTAssertEqual(summary["critical"] as? Int, 1)
        XCTAssertEqual(summary["high"] as? Int, 2)
        XCTAssertEqual(summary["medium"] as? Int, 0, "absent severities are written as 0")
        XCTAssertEqual(summary["low"] as? Int, 1)
        XCTAssertEqual(summary["total"] as? Int, 4)
        XCTAssertEqual(summary["commits"] as? Int, 5)
        XCTAssertEqual(summary["files"] as? Int, 12)
        XCTAssertEqual(summary["bytes"] as? Int, 3 * 1024 * 1024 + 200)
        XCTAssertEqual(summary["durationSeconds"] as? Double, 1.235)
        XCTAssertEqual(summary["skipped"] as? [String], Fixtures.summary.skipped)
        XCTAssertEqual(summary["errors"] as? [String], ["broken.py: invalid UTF-8"])
        XCTAssertEqual(summary["suppressed"] as? Int, 3)
    }

    /// A history meets a skipped file in every commit that changes it: the list names each once, the
    /// counts say how often each reason applied.
    func testJSONSkippedNamesEachFileOnceAndCountsByReason() throws {
        var summary = Fixtures.summary
        summary.skipped = ["logo.png: binary", "a: b.png: binary", "logo.png: binary", "big.bin: larger than 10 MiB", "logo.png: binary"]
        let text = render(findings: [], summary: summary, rules: Fixtures.rules, format: .json,
                          options: ReportOptions(color: false, toolVersion: "1.2.3", suppressed: 0))
        let parsed = try XCTUnwrap(try parse(text)["summary"] as? [String: Any])
        XCTAssertEqual(parsed["skipped"] as? [String], ["logo.png: binary", "a: b.png: binary", "big.bin: larger than 10 MiB"])
        XCTAssertEqual(parsed["skippedByReason"] as? [String: Int], ["binary": 4, "larger than 10 MiB": 1])
    }

    func testJSONKeysAreSortedAndOutputIsStable() {
        let text = report(.json)
        XCTAssertEqual(text, report(.json, Fixtures.all.reversed()), "input order must not change the report")
        // The keys of the summary object, in the order written.
        let summaryPart = text.components(separatedBy: "\"summary\": {")[1]
        let keys = summaryPart.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("    \""), let end = line.dropFirst(5).firstIndex(of: "\"") else { return nil }
            return String(line[line.index(line.startIndex, offsetBy: 5)..<end])
        }
        XCTAssertEqual(keys, ["belowMinConfidence", "bytes", "commits", "complete", "configFiles", "critical", "durationSeconds", "errors", "files",
                              "high", "ignored", "low", "medium", "minConfidence", "omitted", "skipped", "skippedByReason", "suppressed", "total"])
        XCTAssertTrue(text.hasPrefix("{\n  \"findings\": [\n"))
    }

    func testJSONWriterEscapesControlCharacters() {
        let text = JSONValue.object(["a\"b": .string("tab\there \u{1B}[31m \u{7F} é \\")]).rendered()
        XCTAssertEqual(text, "{\n  \"a\\\"b\": \"tab\\there \\u001b[31m \\u007f é \\\\\"\n}\n")
        XCTAssertEqual(JSONValue.format(0.1 + 0.2), "0.3")
        XCTAssertEqual(JSONValue.format(2), "2.0")
        XCTAssertEqual(JSONValue.format(.nan), "null")
        XCTAssertEqual(JSONValue.format(-0.0005), "-0.001")
    }

    // MARK: Redaction

    func testNoFormatContainsTheUnredactedSecret() {
        for format in ReportFormat.allCases {
            let text = report(format)
            XCTAssertFalse(text.contains(Fixtures.rawSecret), "\(format) leaks the secret")
            XCTAssertFalse(text.contains("AKIAEXAMPLEKEYWXYZ"), "\(format) leaks the secret")
            if format != .github {
                XCTAssertTrue(text.contains(Fixtures.redacted), "\(format) should show the redacted form")
            }
        }
    }

    // MARK: Text

    func testTextShowsEachFindingWithLocationWhyAndFix() {
        let text = report(.text)
        XCTAssertFalse(text.contains("\u{1B}"), "no ANSI codes unless color is on")
        XCTAssertTrue(text.contains("  config/settings.py:12:9  CRITICAL  github-pat  GitHub personal access token (confidence high, CWE-798)\n"))
        XCTAssertTrue(text.contains("    | TOKEN = \"\(Fixtures.redacted)\"\n"))
        XCTAssertTrue(text.contains("    Secret: \(Fixtures.redacted) (redacted)\n"))
        XCTAssertTrue(text.contains("    Why: A GitHub token grants access to repositories as its owner.\n"))
        XCTAssertTrue(text.contains("    Fix: Revoke the token at github.com/settings/tokens and load it from the environment.\n"))
        XCTAssertTrue(text.contains("    Data from: request.args[\"name\"] at app/views.py:37\n"))
        XCTAssertTrue(text.contains("    | cursor.execute("), "leading indentation of the snippet is trimmed")
        XCTAssertTrue(text.contains("    History: Introduced in commit 0123456 by Dana Developer on 2024-03-05, present in 4 commits; "
                                    + "removed from HEAD but still in history: rotate it\n"))
        XCTAssertTrue(text.contains("  app/views.py:2:1  LOW       custom.internal-host"))
        // Control characters in a message are shown, not executed.
        XCTAssertTrue(text.contains("Why: Line one\n      line two: 50%, done\\u{d}\n"))
    }

    func testTextGroupsByFileAndEndsWithSummary() {
        let text = report(.text, suppressed: 2)
        XCTAssertEqual(text.components(separatedBy: "\napp/views.py\n").count + (text.hasPrefix("app/views.py\n") ? 1 : 0), 2,
                       "one heading per file")
        XCTAssertTrue(text.hasPrefix("app/views.py\n  app/views.py:2:1"))
        let first = text.range(of: "app/views.py:2:1")!, second = text.range(of: "app/views.py:40:5")!,
            other = text.range(of: "config/settings.py:12:9")!
        XCTAssertTrue(first.lowerBound < second.lowerBound && second.lowerBound < other.lowerBound)
        XCTAssertTrue(text.contains("\n\n4 findings: 1 critical, 2 high, 0 medium, 1 low\n"
                                    + "Scanned 5 commits, 12 files (3.0 MiB) in 1.23 s.\n"
                                    + "2 known findings hidden by the baseline.\n"
                                    + "2 files skipped:\n  big.bin: larger than 10 MiB\n  logo.png: binary\n"
                                    + "1 error, so the scan is incomplete:\n  broken.py: invalid UTF-8\n"))
        XCTAssertTrue(text.hasSuffix("broken.py: invalid UTF-8\n"))
    }

    func testTextStillInHeadAndNoFindings() {
        var f = Fixtures.history
        f.presentInHead = true
        f.commitCount = 1
        XCTAssertTrue(report(.text, [f]).contains("present in 1 commit; still in HEAD: rotate it\n"))
        let empty = render(findings: [], summary: ScanSummary(files: 1, bytes: 10, durationSeconds: 0.01),
                           rules: [], format: .text)
        XCTAssertEqual(empty, "No findings.\nScanned 1 file (10 B) in 0.01 s.\n")
    }

    func testTextColorsSeverityOnlyWhenAsked() {
        let text = report(.text, color: true)
        XCTAssertTrue(text.contains("\u{1B}[1;31mCRITICAL\u{1B}[0m"))
        XCTAssertTrue(text.contains("\u{1B}[33m") == false, "no medium finding, no yellow")
        XCTAssertTrue(text.contains("\u{1B}[36mLOW     \u{1B}[0m"))
        XCTAssertTrue(text.contains("\u{1B}[1mconfig/settings.py\u{1B}[0m\n"))
    }

    func testTextNeutralizesTerminalEscapesFromScannedFiles() {
        var f = Fixtures.unlisted
        f.file = "evil\u{1B}]0;pwned\u{07}.py"
        f.snippet = "x = 1 \u{1B}[2J\u{1B}[H # clears the screen \u{202E}"
        let text = report(.text, [f], color: false)
        XCTAssertFalse(text.contains("\u{1B}"))
        XCTAssertFalse(text.contains("\u{202E}"))
        XCTAssertTrue(text.contains("evil\\u{1b}]0;pwned\\u{7}.py:2:1"))
    }

    func testTextCutsHugeLinesAroundTheMatch() {
        var f = Fixtures.secret
        f.snippet = String(repeating: "a", count: 50_000) + "TOKEN=" + Fixtures.redacted + String(repeating: "b", count: 50_000)
        f.column = 50_001
        let text = report(.text, [f])
        let line = try! XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("    | ") })
        XCTAssertLessThanOrEqual(line.count, 6 + 3 + TextReport.snippetWidth + 3)
        XCTAssertTrue(line.contains("TOKEN=" + Fixtures.redacted))
        XCTAssertTrue(line.hasPrefix("    | ...a") && line.hasSuffix("b..."))
    }

    // MARK: GitHub

    func testGitHubAnnotationsAreEscapedOneLinePerFinding() {
        let lines = report(.github, suppressed: 1).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        XCTAssertEqual(lines.count, 5)
        XCTAssertEqual(lines[0], "::notice file=app/views.py,line=2,col=1,title=custom.internal-host%3A Internal host name::"
                       // A carriage return is a control character: shown, not sent to the log.
                       + "[low] Line one%0Aline two: 50%25, done\\u{d}%0AFix: Move it to configuration.")
        XCTAssertTrue(lines[1].hasPrefix("::error file=app/views.py,line=40,col=5,endLine=40,endColumn=61,"
                                         + "title=python.sql-injection%3A SQL built from request data::[high] "))
        XCTAssertTrue(lines[1].contains("%0AData from: request.args[\"name\"] at app/views.py:37%0A"))
        XCTAssertTrue(lines[2].hasPrefix("::error file=config/settings.py,line=12,col=9,endLine=12,endColumn=49,"))
        XCTAssertTrue(lines[3].hasPrefix("::error file=deploy/old env%2Cv1.sh,line=3,col=19,title=aws-access-key%3A AWS access key ID::"))
        XCTAssertTrue(lines[3].contains("100%25 of its permissions"))
        XCTAssertTrue(lines[3].contains("removed from HEAD but still in history: rotate it"))
        XCTAssertEqual(lines[4], "Shortwall: 4 findings (1 critical, 2 high, 0 medium, 1 low); scanned 5 commits, 12 files "
                       + "(3.0 MiB) in 1.23 s; 2 skipped; 1 error, so the scan is incomplete; 1 hidden by the baseline")
        for line in lines { XCTAssertFalse(line.contains("\r")) }
    }

    func testGitHubCommandFollowsSeverity() {
        var f = Fixtures.tainted
        f.severity = .medium
        XCTAssertTrue(report(.github, [f]).hasPrefix("::warning "))
        XCTAssertEqual(GitHubReport.escapeProperty("a:b,c%d\ne"), "a%3Ab%2Cc%25d%0Ae")
    }

    // MARK: SARIF

    func testSARIFValidatesAgainstTheSchema() throws {
        try validateSARIF(report(.sarif))
        try validateSARIF(render(findings: [], summary: ScanSummary(), rules: [], format: .sarif))
    }

    func testSARIFDescribesRulesAndResultsForCodeScanning() throws {
        let root = try parse(report(.sarif))
        XCTAssertEqual(root["version"] as? String, "2.1.0")
        let run = try XCTUnwrap((root["runs"] as? [[String: Any]])?.first)
        let driver = try XCTUnwrap((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        XCTAssertEqual(driver["name"] as? String, "Shortwall")
        XCTAssertEqual(driver["version"] as? String, "1.2.3")
        XCTAssertNotNil(driver["informationUri"] as? String)
        XCTAssertEqual(run["columnKind"] as? String, "unicodeCodePoints")
        let rules = try XCTUnwrap(driver["rules"] as? [[String: Any]])
        XCTAssertEqual(rules.map { $0["id"] as! String },
                       ["github-pat", "aws-access-key", "python.sql-injection", "custom.internal-host"])
        let sql = rules[2]
        let props = try XCTUnwrap(sql["properties"] as? [String: Any])
        XCTAssertEqual(props["security-severity"] as? String, "8.0")
        XCTAssertEqual(props["precision"] as? String, "medium", "the SQL finding has medium confidence")
        let tags = try XCTUnwrap(props["tags"] as? [String])
        XCTAssertTrue(tags.contains("security") && tags.contains("external/cwe/cwe-89"))
        XCTAssertEqual((sql["help"] as? [String: Any])?["text"] as? String, "Use query parameters.")
        XCTAssertEqual((sql["defaultConfiguration"] as? [String: Any])?["level"] as? String, "error")
        XCTAssertEqual((rules[0]["properties"] as? [String: Any])?["security-severity"] as? String, "9.5")
        XCTAssertEqual((rules[3]["properties"] as? [String: Any])?["security-severity"] as? String, "3.0")
        XCTAssertEqual((rules[3]["shortDescription"] as? [String: Any])?["text"] as? String, "Internal host name")

        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        XCTAssertEqual(results.count, 4)
        for r in results {
            let index = try XCTUnwrap(r["ruleIndex"] as? Int)
            XCTAssertEqual(rules[index]["id"] as? String, r["ruleId"] as? String)
            let fp = (r["partialFingerprints"] as? [String: String])?["shortwall/v1"]
            XCTAssertEqual(fp?.count, 64)
        }
        XCTAssertEqual(results.map { $0["level"] as! String }, ["note", "error", "error", "error"])

        let tainted = results[1]
        let flows = try XCTUnwrap(tainted["codeFlows"] as? [[String: Any]])
        let steps = try XCTUnwrap(((flows.first?["threadFlows"] as? [[String: Any]])?.first)?["locations"] as? [[String: Any]])
        XCTAssertEqual(steps.count, 2)
        XCTAssertEqual(try startLine(steps[0]["location"]), 37, "source first")
        XCTAssertEqual(try startLine(steps[1]["location"]), 40, "then sink")
        XCTAssertNil(results[0]["codeFlows"])

        let history = results[3]
        XCTAssertEqual((history["properties"] as? [String: Any])?["commit"] as? String, "0123456789abcdef0123456789abcdef01234567")
        let location = try XCTUnwrap((history["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        let artifact = try XCTUnwrap(location["artifactLocation"] as? [String: Any])
        XCTAssertEqual(artifact["uri"] as? String, "deploy/old%20env%2Cv1.sh")
        XCTAssertEqual(artifact["uriBaseId"] as? String, "%SRCROOT%")
        let region = try XCTUnwrap(location["region"] as? [String: Any])
        XCTAssertEqual(region["startLine"] as? Int, 3)
        XCTAssertEqual(region["startColumn"] as? Int, 19)
        let secretRegion = try XCTUnwrap(((results[2]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])
        XCTAssertEqual(secretRegion["endLine"] as? Int, 12)
        XCTAssertEqual(secretRegion["endColumn"] as? Int, 49)
    }

    func testSARIFRuleSeenOnlyInFindingsTakesTheWorstSeverity() throws {
        var worse = Fixtures.unlisted
        worse.severity = .high
        worse.line = 7
        let root = try parse(render(findings: [Fixtures.unlisted, worse], summary: ScanSummary(), rules: [], format: .sarif))
        let run = try XCTUnwrap((root["runs"] as? [[String: Any]])?.first)
        let rules = try XCTUnwrap(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        XCTAssertEqual(rules.count, 1)
        XCTAssertEqual((rules[0]["defaultConfiguration"] as? [String: Any])?["level"] as? String, "error")
        XCTAssertEqual((rules[0]["properties"] as? [String: Any])?["security-severity"] as? String, "8.0")
        // Both are low-confidence, which lowers a result's level one step: the rule keeps the worst severity's.
        XCTAssertEqual(((run["results"] as? [[String: Any]])?.map { $0["level"] as! String }), ["note", "warning"])
    }

    /// A dependency finding points at its advisory's own rule, whose helpUri is the advisory's page.
    func testSARIFAndJSONCarryTheAdvisory() throws {
        var f = Finding(rule: "dependency.known-vulnerability", kind: .dependency, severity: .high, confidence: .high, cwe: 1395,
                        title: "django 3.2.0 has a known vulnerability (PYSEC-2021-98)", file: "requirements.txt", line: 2, column: 9,
                        snippet: "django==3.2.0", message: "Directory traversal.", fix: "Upgrade django to 3.2.4 or later.",
                        fingerprint: SHA256.hex("a"), contentHash: SHA256.hex("b"))
        f.dependency = .init(package: "django", version: "3.2.0", advisory: "PYSEC-2021-98", aliases: ["CVE-2021-33203"],
                             url: "https://osv.dev/vulnerability/PYSEC-2021-98", fixedIn: "3.2.4")
        let rule = RuleInfo(id: "dependency.known-vulnerability", kind: .dependency, title: "Known vulnerability", severity: .high,
                            cwe: 1395, description: "A pin in an advisory's range.", fix: "Upgrade.")
        let sarif = render(findings: [f], summary: ScanSummary(), rules: [rule], format: .sarif)
        try validateSARIF(sarif)
        let run = try XCTUnwrap((try parse(sarif)["runs"] as? [[String: Any]])?.first)
        let rules = try XCTUnwrap(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        XCTAssertEqual(rules.map { $0["id"] as? String }, ["dependency.known-vulnerability", "dependency.known-vulnerability/PYSEC-2021-98"])
        XCTAssertEqual(rules[1]["helpUri"] as? String, "https://osv.dev/vulnerability/PYSEC-2021-98")
        XCTAssertNil(rules[0]["helpUri"])
        XCTAssertTrue(((rules[1]["properties"] as? [String: Any])?["tags"] as? [String])?.contains("dependency") == true)
        let result = try XCTUnwrap((run["results"] as? [[String: Any]])?.first)
        XCTAssertEqual(result["ruleId"] as? String, "dependency.known-vulnerability/PYSEC-2021-98")
        XCTAssertEqual(result["ruleIndex"] as? Int, 1)
        XCTAssertEqual((result["properties"] as? [String: Any])?["aliases"] as? [String], ["CVE-2021-33203"])

        let json = try XCTUnwrap((try parse(render(findings: [f], summary: ScanSummary(), rules: [], format: .json))["findings"] as? [[String: Any]])?.first)
        let dependency = try XCTUnwrap(json["dependency"] as? [String: Any])
        XCTAssertEqual(dependency["fixedIn"] as? String, "3.2.4")
        XCTAssertEqual(dependency["version"] as? String, "3.2.0")
        XCTAssertNil(try parse(report(.json))["findings"].flatMap { ($0 as? [[String: Any]])?.first?["dependency"] })
    }

    /// A large report renders whole in every format (speed is the benchmark's business, not a test's).
    func testLargeReportsRenderEveryFinding() throws {
        let many = (0..<5_000).map { i -> Finding in
            var f = i % 2 == 0 ? Fixtures.secret : Fixtures.tainted
            f.file = "src/module\(i % 500).py"
            f.line = i
            f.rule += String(i % 50)
            return f
        }
        // Markdown is a pull-request comment and is cut to fit one.
        for format in ReportFormat.allCases where format != .markdown {
            let text = render(findings: many, summary: Fixtures.summary, rules: Fixtures.rules, format: format)
            XCTAssertTrue(text.contains("src/module499.py"), "\(format) names the last file")
        }
        let json = try parse(render(findings: many, summary: Fixtures.summary, rules: Fixtures.rules, format: .json))
        XCTAssertEqual((json["findings"] as? [[String: Any]])?.count, many.count)
    }

    func startLine(_ location: Any?) throws -> Int? {
        let loc = try XCTUnwrap(location as? [String: Any])
        return ((loc["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])?["startLine"] as? Int
    }

    /// Runs the output through the official SARIF 2.1.0 JSON schema with Python's jsonschema.
    func validateSARIF(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let schema = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/schemas/sarif-2.1.0.json")
        guard FileManager.default.fileExists(atPath: schema.path) else { throw XCTSkip("no SARIF schema at \(schema.path)") }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("shortwall-\(UUID().uuidString).sarif")
        try Data(text.utf8).write(to: output)
        defer { try? FileManager.default.removeItem(at: output) }
        let script = """
        import json, sys
        try:
            import jsonschema
        except ImportError:
            sys.exit(77)
        schema = json.load(open(sys.argv[1]))
        doc = json.load(open(sys.argv[2]))
        cls = jsonschema.validators.validator_for(schema)
        errors = list(cls(schema, format_checker=cls.FORMAT_CHECKER).iter_errors(doc))
        for e in errors[:20]:
            print("/".join(str(p) for p in e.absolute_path), e.message)
        sys.exit(1 if errors else 0)
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, schema.path, output.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let messages = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 77 { throw XCTSkip("python3 jsonschema is not installed") }
        XCTAssertEqual(process.terminationStatus, 0, "SARIF does not validate:\n\(messages)", file: file, line: line)
    }
}
