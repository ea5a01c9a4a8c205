import XCTest
import Findings
@testable import PythonRules

/// Every rule carries examples that must and must not trigger it; they are its specification.
final class RuleExamplesTests: XCTestCase {
    func testEveryRuleHasBothKindsOfExamples() {
        for rule in RuleSet.all {
            XCTAssertFalse(rule.triggering.isEmpty, "\(rule.id) has no triggering example")
            XCTAssertFalse(rule.nonTriggering.isEmpty, "\(rule.id) has no non-triggering example")
            for ex in rule.triggering {
                XCTAssertFalse(parseExample(ex).expected.isEmpty, "\(rule.id): a triggering example marks no line with # expect:\n\(ex)")
            }
        }
    }

    func testRuleIdsAreUniqueAndWellFormed() {
        let ids = RuleSet.all.map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count)
        for r in RuleSet.all {
            XCTAssertTrue(r.id.hasPrefix("python."), r.id)
            XCTAssertTrue(r.owasp.hasPrefix("A"), r.id)
            XCTAssertFalse(r.fix.isEmpty, r.id)
            XCTAssertFalse(r.explanation.isEmpty, r.id)
        }
        XCTAssertEqual(PythonReviewer().rules.count, RuleSet.all.count)
        XCTAssertEqual(PythonReviewer(disabled: ["python.sql-injection"]).rules.count, RuleSet.all.count - 1)
    }

    func testSettingsNameRulesWithOrWithoutThePrefix() {
        let settings = PythonRuleSettings(disabled: ["sql-injection", "python.debug-enabled", "github-personal-access-token"],
                                          severity: ["insecure-randomness": .critical, "jwt": .low])
        XCTAssertEqual(settings.disabled, ["python.sql-injection", "python.debug-enabled"], "ids of other detectors are left out")
        XCTAssertEqual(settings.severity, ["python.insecure-randomness": .critical])
        let rules = PythonReviewer(settings: settings).rules
        XCTAssertEqual(rules.count, RuleSet.all.count - 2)
        XCTAssertEqual(rules.first { $0.id == "python.insecure-randomness" }?.severity, .critical)
        let findings = review("import random\ntoken = random.random()\n")
        XCTAssertFalse(findings.isEmpty)
        let raised = PythonReviewer(settings: settings).review(path: "app.py", source: Array("import random\ntoken = random.random()\n".utf8), addedLines: nil)
        XCTAssertEqual(raised.map(\.severity), findings.map { _ in .critical }, "findings carry the configured severity")
    }

    func testTriggeringExamplesFlagExactlyTheMarkedLines() {
        for rule in RuleSet.all {
            for ex in rule.triggering {
                let (path, expected) = parseExample(ex)
                let found = review(ex, path: path)
                let got = Set(lines(found, rule.id))
                XCTAssertEqual(got, expected, "\(rule.id) on:\n\(ex)\nfound: \(found.filter { $0.rule == rule.id }.map { "\($0.line): \($0.message)" })")
            }
        }
    }

    func testNonTriggeringExamplesAreClean() {
        for rule in RuleSet.all {
            for ex in rule.nonTriggering {
                let found = review(ex, path: parseExample(ex).path).filter { $0.rule == rule.id }
                XCTAssertTrue(found.isEmpty, "\(rule.id) fired on:\n\(ex)\n\(found.map { "\($0.line): \($0.message)" })")
            }
        }
    }

    func testExamplesParseWithoutSyntaxErrors() {
        for rule in RuleSet.all {
            for ex in rule.triggering + rule.nonTriggering {
                let r = PythonReviewer().reviewWithDiagnostics(path: "app.py", source: Array(ex.utf8), addedLines: nil)
                XCTAssertTrue(r.diagnostics.isEmpty, "\(rule.id): example does not parse: \(r.diagnostics)\n\(ex)")
            }
        }
    }
}
