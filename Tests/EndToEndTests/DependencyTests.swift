import Foundation
import XCTest

/// The dependency check from the command line, on real repositories, with OSV records written here.
final class DependencyTests: XCTestCase {
    /// A folder laid out like the PyPA advisory database, outside the repository.
    final class Advisories {
        let path: String
        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("shortwall-osv-\(UUID().uuidString)").path
            try write("vulns/django/PYSEC-2021-98.yaml", """
                id: PYSEC-2021-98
                details: Django before 2.2.24, 3.x before 3.1.12, and 3.2.x before 3.2.4 has a potential directory traversal via django.contrib.admindocs.
                aliases:
                - CVE-2021-33203
                - GHSA-68w8-qjq3-2gfm
                severity:
                - type: CVSS_V3
                  score: CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N
                affected:
                - package:
                    name: django
                    ecosystem: PyPI
                  ranges:
                  - type: ECOSYSTEM
                    events:
                    - introduced: "0"
                    - fixed: 2.2.24
                    - introduced: "3.0"
                    - fixed: 3.1.12
                    - introduced: "3.2"
                    - fixed: 3.2.4

                """)
            try write("vulns/django/GHSA-test-0002.json", """
                {"id": "GHSA-test-0002", "summary": "SQL injection in QuerySet.order_by", "aliases": ["CVE-2021-35042"],
                 "database_specific": {"severity": "CRITICAL"},
                 "affected": [{"package": {"name": "Django", "ecosystem": "PyPI"},
                   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "3.2"}, {"fixed": "3.2.5"}]}]}]}
                """)
            try write("vulns/urllib3/PYSEC-2023-1.yaml", """
                id: PYSEC-2023-1
                summary: Cookie header not stripped on cross-origin redirects
                affected:
                - package:
                    name: urllib3
                    ecosystem: PyPI
                  versions:
                  - 1.26.4
                  - 1.26.5

                """)
            try write("vulns/pyyaml/PYSEC-2020-96.yaml", """
                id: PYSEC-2020-96
                summary: Arbitrary code execution in full_load
                affected:
                - package:
                    name: pyyaml
                    ecosystem: PyPI
                  ranges:
                  - type: ECOSYSTEM
                    events:
                    - introduced: "0"
                    - last_affected: "5.3.1"

                """)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }

        func write(_ relative: String, _ text: String) throws {
            let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    func vulnerable(_ findings: [[String: Any]]) -> [String] {
        findings.filter { ($0["rule"] as? String) == "dependency.known-vulnerability" }.map { f in
            let d = f["dependency"] as? [String: Any] ?? [:]
            return "\(f["file"] ?? ""):\(f["line"] ?? "") \(d["package"] ?? "") \(d["version"] ?? "") \(d["advisory"] ?? "")"
        }.sorted()
    }

    /// A repository whose main has `base` as requirements.txt, and a branch `feature` that changes it to `head`.
    func pullRequest(base: String, head: String) throws -> Sandbox {
        let repo = try Sandbox()
        _ = try repo.commit("base", files: ["requirements.txt": base])
        try repo.git("checkout", "-q", "-b", "feature")
        _ = try repo.commit("change requirements", files: ["requirements.txt": head])
        return repo
    }

    /// A repository with `committed` in its first commit and `files` written and staged on top.
    func staging(_ files: [String: String], committed: [String: String] = ["README.md": "app\n"]) throws -> Sandbox {
        let repo = try Sandbox()
        _ = try repo.commit("base", files: committed)
        for (path, text) in files { try repo.write(path, text) }
        try repo.git("add", "-A")
        return repo
    }

    func testPullRequestPinningAVulnerableVersionIsReportedAndABumpToTheFixIsNot() throws {
        let osv = try Advisories()
        let repo = try pullRequest(base: "requests==2.31.0\n", head: "requests==2.31.0\nDjango==3.2.0\n")

        let result = try repo.shortwall("diff", "main...feature", "--advisories", osv.path, "--format", "json")
        XCTAssertEqual(result.status, 1, result.stderr)
        let findings = try Sandbox.findings(result.stdout)
        XCTAssertEqual(vulnerable(findings), ["requirements.txt:2 Django 3.2.0 GHSA-test-0002", "requirements.txt:2 Django 3.2.0 PYSEC-2021-98"])
        let pysec = try XCTUnwrap(findings.first { ($0["dependency"] as? [String: Any])?["advisory"] as? String == "PYSEC-2021-98" })
        XCTAssertEqual(pysec["kind"] as? String, "dependency")
        XCTAssertEqual(pysec["severity"] as? String, "medium", "CVSS 6.5 from the vector")
        XCTAssertEqual(pysec["column"] as? Int, 9)
        XCTAssertEqual((pysec["dependency"] as? [String: Any])?["aliases"] as? [String], ["CVE-2021-33203", "GHSA-68w8-qjq3-2gfm"])
        XCTAssertEqual((pysec["dependency"] as? [String: Any])?["fixedIn"] as? String, "3.2.4")
        XCTAssertTrue((pysec["fix"] as? String)?.hasPrefix("Upgrade Django to 3.2.4 or later. 3.2.5 fixes all 2 advisories") == true, "\(pysec["fix"] ?? "")")
        XCTAssertTrue((pysec["message"] as? String)?.contains("directory traversal") == true)
        let ghsa = try XCTUnwrap(findings.first { ($0["dependency"] as? [String: Any])?["advisory"] as? String == "GHSA-test-0002" })
        XCTAssertEqual(ghsa["severity"] as? String, "critical", "database_specific.severity")

        // SARIF: the advisory's page as the rule's helpUri; --fail-on applies to the advisory's severity.
        let sarif = try repo.shortwall("diff", "main...feature", "--advisories", osv.path, "--format", "sarif")
        let run = try XCTUnwrap(((try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])?["runs"] as? [[String: Any]])?.first)
        let rules = try XCTUnwrap(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        let rule = try XCTUnwrap(rules.first { $0["id"] as? String == "dependency.known-vulnerability/PYSEC-2021-98" })
        XCTAssertEqual(rule["helpUri"] as? String, "https://osv.dev/vulnerability/PYSEC-2021-98")
        let ruleIDs = (run["results"] as? [[String: Any]] ?? []).compactMap { $0["ruleId"] as? String }
        XCTAssertTrue(ruleIDs.contains("dependency.known-vulnerability/GHSA-test-0002"), ruleIDs.description)
        XCTAssertEqual(try repo.shortwall("diff", "main...feature", "--advisories", osv.path, "--fail-on", "critical").status, 1)

        // The same branch bumping Django to a release with both fixes: nothing to report.
        _ = try repo.commit("bump django", files: ["requirements.txt": "requests==2.31.0\nDjango==3.2.5\n"])
        let bumped = try repo.shortwall("diff", "main...feature", "--advisories", osv.path, "--format", "json")
        XCTAssertEqual(bumped.status, 0, bumped.stdout + bumped.stderr)
        XCTAssertEqual(vulnerable(try Sandbox.findings(bumped.stdout)), [])
    }

    func testAnUntouchedVulnerablePinIsNotReportedByDiffButIsByScanAndAnUpgradeToAnotherVulnerableVersionIs() throws {
        let osv = try Advisories()
        let repo = try pullRequest(base: "Django==3.2.0\nurllib3==1.26.4\n", head: "Django==3.2.0\nurllib3==1.26.4\nsix==1.16.0\n")
        let diff = try repo.shortwall("diff", "main...feature", "--advisories", osv.path, "--format", "json")
        XCTAssertEqual(diff.status, 0, diff.stdout)
        XCTAssertEqual(vulnerable(try Sandbox.findings(diff.stdout)), [])

        let scan = try repo.shortwall("scan", ".", "--advisories", osv.path, "--format", "json")
        XCTAssertEqual(scan.status, 1)
        XCTAssertEqual(vulnerable(try Sandbox.findings(scan.stdout)), [
            "requirements.txt:1 Django 3.2.0 GHSA-test-0002", "requirements.txt:1 Django 3.2.0 PYSEC-2021-98", "requirements.txt:2 urllib3 1.26.4 PYSEC-2023-1",
        ])

        // 1.26.4 -> 1.26.5: still listed as affected, and the changed line is reported.
        _ = try repo.commit("bump urllib3", files: ["requirements.txt": "Django==3.2.0\nurllib3==1.26.5\nsix==1.16.0\n"])
        let upgrade = try repo.shortwall("commit", "HEAD", "--advisories", osv.path, "--format", "json")
        XCTAssertEqual(vulnerable(try Sandbox.findings(upgrade.stdout)), ["requirements.txt:2 urllib3 1.26.5 PYSEC-2023-1"])
        let note = try XCTUnwrap(try Sandbox.findings(upgrade.stdout).first)
        XCTAssertEqual(note["fix"] as? String, "No fixed version of urllib3 is known for PYSEC-2023-1: replace the package, or accept the risk in the baseline.")
    }

    func testPoetryLockAndUvLockEntriesAreFound() throws {
        let osv = try Advisories()
        let repo = try Sandbox()
        _ = try repo.commit("base", files: ["README.md": "app\n"])
        try repo.write("poetry.lock", """
            [[package]]
            name = "django"
            version = "3.1.0"
            description = "A high-level Python web framework"
            files = [
                {file = "Django-3.1-py3-none-any.whl", hash = "sha256:00"},
            ]

            [metadata]
            lock-version = "2.0"
            """)
        try repo.write("tools/uv.lock", """
            version = 1

            [[package]]
            name = "pyyaml"
            version = "5.3.1"
            source = { registry = "https://index.example/simple" }
            sdist = { url = "https://files.example/PyYAML-5.3.1.tar.gz", hash = "sha256:00", upload-time = "2020-03-18T21:26:21Z" }
            """)
        try repo.git("add", "-A")
        let result = try repo.shortwall("staged", "--advisories", osv.path, "--format", "json")
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(vulnerable(try Sandbox.findings(result.stdout)), ["poetry.lock:3 django 3.1.0 PYSEC-2021-98", "tools/uv.lock:5 pyyaml 5.3.1 PYSEC-2020-96"])
    }

    func testRequirementsWithMarkersExtrasHashesAndContinuationsParse() throws {
        let osv = try Advisories()
        let repo = try Sandbox()
        _ = try repo.commit("base", files: ["README.md": "app\n"])
        try repo.write("requirements/base.txt", """
            # pinned by pip-compile
            django[argon2] == 3.2.0 ; python_version >= "3.8" \\
                --hash=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef \\
                --hash=sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210
            urllib3 \\
                ==1.26.4  # via requests
            PyYAML>=5.1
            """)
        try repo.write("requirements-dev.txt", "-r requirements/base.txt\n-c deploy/pins.cfg\nsix==1.16.0\n")
        // Named by neither convention; a requirements file includes it.
        try repo.write("deploy/pins.cfg", "pyyaml==5.3.1\n")
        try repo.git("add", "-A")
        // --min-confidence low: the unpinned requirement below is a low-confidence note.
        let result = try repo.shortwall("staged", "--advisories", osv.path, "--format", "json", "--min-confidence", "low")
        let findings = try Sandbox.findings(result.stdout)
        XCTAssertEqual(vulnerable(findings), [
            "deploy/pins.cfg:1 pyyaml 5.3.1 PYSEC-2020-96",
            "requirements/base.txt:2 django 3.2.0 GHSA-test-0002", "requirements/base.txt:2 django 3.2.0 PYSEC-2021-98",
            "requirements/base.txt:6 urllib3 1.26.4 PYSEC-2023-1",
        ])
        // Snippets leave comments out (a comment is where a token pasted on a requirement line would sit).
        let urllib3 = try XCTUnwrap(findings.first { ($0["dependency"] as? [String: Any])?["package"] as? String == "urllib3" })
        XCTAssertEqual(urllib3["snippet"] as? String, "    ==1.26.4")
        // The unpinned requirement is a low, low-confidence note: listed only with --min-confidence low, never failing by default.
        let note = try XCTUnwrap(findings.first { $0["rule"] as? String == "dependency.unpinned" })
        XCTAssertEqual(note["line"] as? Int, 7)
        XCTAssertEqual(note["severity"] as? String, "low")
        XCTAssertEqual(note["confidence"] as? String, "low")
        XCTAssertTrue((note["message"] as? String)?.contains("PyYAML allows >=5.1") == true, "\(note["message"] ?? "")")
        let byDefault = try repo.shortwall("staged", "--advisories", osv.path, "--format", "json")
        XCTAssertFalse(try Sandbox.findings(byDefault.stdout).contains { $0["rule"] as? String == "dependency.unpinned" })
        XCTAssertEqual(try Sandbox.summary(byDefault.stdout)["belowMinConfidence"] as? Int, 1, "left out by default, and counted")
    }

    func testMalformedAdvisoryIsSkippedWithAWarningNamingIt() throws {
        let osv = try Advisories()
        try osv.write("vulns/django/PYSEC-broken.yaml", "id: PYSEC-broken\naffected: [ {package: \n")
        let repo = try staging(["requirements.txt": "django==3.2.0\n"])
        let result = try repo.shortwall("staged", "--advisories", osv.path, "--format", "json")
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(vulnerable(try Sandbox.findings(result.stdout)).count, 2, "the other records still count")
        let warnings = result.stderr.split(separator: "\n")
        XCTAssertEqual(warnings.count, 1, result.stderr)
        XCTAssertTrue(warnings[0].hasPrefix("shortwall: warning: advisory \(osv.path)/vulns/django/PYSEC-broken.yaml: skipped ("), result.stderr)
    }

    func testAChangeThatTouchesNoManifestReadsNoAdvisory() throws {
        let osv = try Advisories()
        try osv.write("vulns/django/PYSEC-broken.yaml", "not: [valid\n")
        let repo = try staging(["app.py": "print('hello')\n"], committed: ["requirements.txt": "django==3.2.0\n"])
        let result = try repo.shortwall("staged", "--advisories", osv.path)
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertEqual(result.stderr, "", "no record was parsed, so none was found malformed")
    }

    func testMissingAdvisoriesPathExits2WithOneLine() throws {
        let repo = try Sandbox()
        _ = try repo.commit("base", files: ["README.md": "app\n"])
        for job in [["staged"], ["commit", "HEAD"], ["diff", "HEAD"], ["history"], ["scan", "."], ["rules"], ["baseline"]] {
            let result = try repo.run(Sandbox.binary.path, job + ["--advisories", "/no/such/osv"])
            XCTAssertEqual(result.status, 2, "\(job): \(result.stdout)")
            XCTAssertEqual(result.stderr, "shortwall: --advisories: advisories: no such file or folder: /no/such/osv\n", "\(job)")
        }
        try repo.write(".shortwall.toml", "advisories = \"osv-data\"\n")
        let configured = try repo.shortwall("staged")
        XCTAssertEqual(configured.status, 2)
        XCTAssertEqual(configured.stderr, "shortwall: \(repo.root.resolvingSymlinksInPath().path)/.shortwall.toml: advisories: no such file or folder: \(repo.root.resolvingSymlinksInPath().path)/osv-data\n")
    }

    func testConfigKeyBaselineAndRulesListing() throws {
        let osv = try Advisories()
        let repo = try Sandbox()
        _ = try repo.commit("base", files: ["README.md": "app\n"])
        let off = try repo.shortwall("rules")
        XCTAssertTrue(off.stdout.contains("dependency.known-vulnerability"), off.stdout)
        XCTAssertTrue(off.stdout.contains("Dependency check: off (no advisory data"), off.stdout)
        XCTAssertTrue(try repo.shortwall("rules", "--advisories", osv.path).stdout.contains("Dependency check: on, advisories from \(osv.path)"))

        // `advisories` in the config, relative to the repository root.
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/osv", withDestinationPath: osv.path)
        _ = try repo.commit("config", files: [".shortwall.toml": "advisories = \"osv\"\nexclude = [\"osv/**\"]\n", "requirements.txt": "django==3.2.0\n"])
        let commit = try repo.shortwall("commit", "HEAD", "--format", "json")
        XCTAssertEqual(commit.status, 1, commit.stderr)
        XCTAssertEqual(vulnerable(try Sandbox.findings(commit.stdout)).count, 2)

        // A baseline accepts today's pins: a later run hides them.
        let baseline = try repo.shortwall("baseline")
        XCTAssertEqual(baseline.status, 0, baseline.stderr)
        XCTAssertTrue(baseline.stdout.contains("Recorded 2 findings"), baseline.stdout)
        let hidden = try repo.shortwall("commit", "HEAD")
        XCTAssertEqual(hidden.status, 0, hidden.stdout)
        XCTAssertTrue(hidden.stdout.contains("2 known findings hidden by the baseline"), hidden.stdout)

        // A disabled rule is off, and says nothing about a missing pin either.
        try repo.write(".shortwall.toml", "advisories = \"osv\"\n[rules]\ndisable = [\"dependency.known-vulnerability\"]\n")
        XCTAssertEqual(try repo.shortwall("commit", "HEAD", "--no-baseline").status, 0)
    }

    func testHistoryReportsEachPinOnceAtTheCommitThatIntroducedIt() throws {
        let osv = try Advisories()
        let repo = try Sandbox()
        let first = try repo.commit("pin", files: ["requirements.txt": "django==3.2.0\n"])
        _ = try repo.commit("add six", files: ["requirements.txt": "six==1.16.0\ndjango==3.2.0\n"])
        _ = try repo.commit("urllib3", files: ["requirements.txt": "six==1.16.0\ndjango==3.2.0\nurllib3==1.26.4\n"])
        _ = try repo.commit("drop urllib3", files: ["requirements.txt": "six==1.16.0\ndjango==3.2.0\n"])
        let result = try repo.shortwall("history", "--advisories", osv.path, "--format", "json")
        let findings = try Sandbox.findings(result.stdout).filter { $0["rule"] as? String == "dependency.known-vulnerability" }
        XCTAssertEqual(findings.count, 3, result.stdout)
        let django = findings.filter { ($0["dependency"] as? [String: Any])?["package"] as? String == "django" }
        XCTAssertEqual(django.compactMap { $0["commit"] as? String }, [first, first])
        XCTAssertEqual(django.compactMap { $0["presentInHead"] as? Bool }, [true, true])
        let urllib3 = try XCTUnwrap(findings.first { ($0["dependency"] as? [String: Any])?["package"] as? String == "urllib3" })
        XCTAssertEqual(urllib3["presentInHead"] as? Bool, false)
    }

    /// The issue's own case on the PyPA snapshot the project keeps beside the repository (skipped without it).
    func testDjango320OnTheSharedSnapshot() throws {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { root.deleteLastPathComponent() }
        let snapshot = root.appendingPathComponent("shared/advisories").path
        guard FileManager.default.fileExists(atPath: snapshot + "/vulns/django") else { throw XCTSkip("no shared advisory snapshot at \(snapshot)") }
        let repo = try pullRequest(base: "requests==2.32.3\n", head: "requests==2.32.3\ndjango==3.2.0\n")
        let result = try repo.shortwall("diff", "main...feature", "--advisories", snapshot, "--format", "json")
        XCTAssertEqual(result.status, 1, result.stderr)
        let findings = try Sandbox.findings(result.stdout)
        XCTAssertGreaterThan(findings.count, 10)
        XCTAssertTrue(findings.contains { ($0["dependency"] as? [String: Any])?["advisory"] as? String == "PYSEC-2021-98" })
        XCTAssertTrue(findings.allSatisfy { ($0["fix"] as? String)?.contains("3.2.25 fixes all") == true }, "\(findings.first?["fix"] ?? "")")
        _ = try repo.commit("bump", files: ["requirements.txt": "requests==2.32.3\ndjango==3.2.25\n"])
        XCTAssertEqual(try repo.shortwall("diff", "main...feature", "--advisories", snapshot).status, 0)
    }
}
