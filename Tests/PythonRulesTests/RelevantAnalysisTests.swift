import XCTest
import Findings
import Python
@testable import PythonRules

/// An incremental review skips the attribute-storing methods nothing it reports on can read; what it
/// reports must stay exactly what analyzing every function reports.
final class RelevantAnalysisTests: XCTestCase {
    private func engine(_ source: String, path: String = "app.py") -> Engine {
        let bytes = Array(source.utf8)
        return Engine(file: FileContext(path: path, bytes: bytes, module: parseModule(bytes).module), index: RuleIndex(RuleSet.all))
    }

    private func findings(_ e: Engine, _ added: Set<Int>?) -> [String] {
        e.run(addedLines: added)
            .filter { added == nil || !$0.lines.isDisjoint(with: added ?? []) }
            .map { "\($0.rule.id)@\($0.span.start.line):\($0.span.start.column) \($0.message)" }.sorted()
    }

    /// Every single-line change of `source`: the restricted review equals the whole-file one.
    private func checkEveryLine(_ source: String, file: StaticString = #filePath, line: UInt = #line) {
        let count = source.split(separator: "\n", omittingEmptySubsequences: false).count
        for l in 1...count {
            let restricted = findings(engine(source), [l])
            let whole = engine(source).run(addedLines: nil).filter { $0.lines.contains(l) }
                .map { "\($0.rule.id)@\($0.span.start.line):\($0.span.start.column) \($0.message)" }.sorted()
            XCTAssertEqual(restricted, whole, "line \(l)", file: file, line: line)
        }
    }

    private let classes = """
    import os
    from flask import request

    class Upload:
        def __init__(self):
            self.name = request.args["name"]
        def save(self):
            os.system("cp x " + self.name)

    class Other:
        def __init__(self, value):
            self.value = request.form["v"]
        def show(self):
            return self.value

    def configure():
        return 1
    """

    func testStoringMethodsOfUnrelatedClassesAreSkipped() {
        let e = engine(classes)
        let found = findings(e, [8])
        XCTAssertEqual(found.count, 1, "\(found)")
        XCTAssertTrue(found.first?.hasPrefix("python.command-injection@8") == true, "\(found)")
        XCTAssertEqual(e.skippedStoring, ["Other.__init__"])
        XCTAssertFalse(e.startedOver)
    }

    func testSkippingLosesNothingOnAnyLine() {
        checkEveryLine(classes)
    }

    func testModuleLevelCallKeepsItsStoringMethod() {
        // Module-level code calling a storing method (resolved by its bare name) keeps it analyzed.
        let source = """
        import os
        from flask import request
        class Settings:
            def load(self):
                self.path = request.args["p"]
                return self.path
        class Runner:
            def __init__(self):
                self.cmd = "ls"
            def go(self):
                os.system(self.cmd)
        os.system("cat " + load())
        """
        let e = engine(source)
        let found = findings(e, [5])
        XCTAssertTrue(found.first?.hasPrefix("python.command-injection@12") == true, "\(found)")
        // `load` is kept. (Runner's `__init__` is analyzed too since Engine+Scope: the changed module-level
        // call `os.system(...)` counts as changing `os`, which `Runner.go` reads.)
        XCTAssertFalse(e.skippedStoring.contains("Settings.load"), "\(e.skippedStoring)")
        XCTAssertFalse(e.startedOver)
        checkEveryLine(source)
    }

    func testCallTheCallGraphMissesStartsOver() {
        // Two methods share the key `A.run`; the call graph keeps the first one's calls, so only analysis
        // sees the second one reach `store`, a storing method of another class.
        let source = """
        import os
        from flask import request
        class B:
            def store(self):
                self.v = request.args["v"]
                return self.v
        class A:
            def run(self):
                return 1
            def run(self):
                return os.system(self.store())
        """
        let e = engine(source)
        let restricted = findings(e, [11])
        XCTAssertTrue(e.startedOver)
        XCTAssertFalse(restricted.isEmpty)
        let whole = engine(source).run(addedLines: nil).filter { $0.lines.contains(11) }
            .map { "\($0.rule.id)@\($0.span.start.line):\($0.span.start.column) \($0.message)" }.sorted()
        XCTAssertEqual(restricted, whole)
    }

    /// Every finding with its message and lines, for comparing two ways of running one review.
    private func detailed(_ source: String, path: String, added: Set<Int>?, reuse: Bool) -> (findings: [String], reused: Int) {
        let e = engine(source, path: path)
        e.reuseAnalyses = reuse
        let out = e.run(addedLines: added).map { "\($0.rule.id)@\($0.span.start.line):\($0.span.start.column) \($0.confidence) \($0.message) \($0.lines.sorted())" }
        return (out, e.reused)
    }

    func testReusedAnalysesReportWhatAnalyzingAgainReports() {
        var reused = 0
        // Rule examples are checked whole and at a few changed lines (every line takes too long for CI).
        var sources = RuleSet.all.flatMap { rule in rule.triggering.map { ($0, parseExample($0).path, 3) } }
        sources.append((classes, "app.py", 1))
        sources.append(("""
        import os, subprocess
        from flask import request
        def quote(s):
            return s.strip()
        def build(s):
            return "ls " + quote(s)
        def run(s):
            os.system(build(s))
        def shell(s):
            subprocess.call(s, shell=True)
        def view():
            run(request.args["a"])
            shell(quote(request.args["b"]))
        """, "app.py", 1))
        for (source, path, stride) in sources {
            let count = source.split(separator: "\n", omittingEmptySubsequences: false).count
            for added in [nil] + Swift.stride(from: 1, through: count, by: stride).map({ Set([$0]) }) {
                let again = detailed(source, path: path, added: added, reuse: false)
                let reusing = detailed(source, path: path, added: added, reuse: true)
                XCTAssertEqual(reusing.findings, again.findings, "\(path) lines \(added.map { "\($0)" } ?? "all")")
                XCTAssertEqual(again.reused, 0)
                reused += reusing.reused
            }
        }
        // The helpers of the last source are analyzed in the rounds and not again when reported.
        XCTAssertGreaterThan(reused, 0)
    }

    func testChangedHelperIsAnalyzedAgain() {
        // `view` is first analyzed in the rounds before `run`'s summary is known: that analysis must not be
        // reused (the sink is only found through the summary), the one after it may.
        let source = """
        import os
        from flask import request
        def view():
            run(request.args["a"])
        def run(c):
            os.system(c)
        def main():
            view()
        """
        let reusing = detailed(source, path: "app.py", added: [4], reuse: true)
        XCTAssertEqual(reusing.findings.count, 1, "\(reusing.findings)")
        XCTAssertGreaterThan(reusing.reused, 0)
        XCTAssertEqual(reusing.findings, detailed(source, path: "app.py", added: [4], reuse: false).findings)
    }

    func testMethodIsAnalyzedAgainWhenItsClassGainedFields() {
        // `run` is first analyzed before `load` stores client data in `self.cmd`; reporting on it must see it.
        let source = """
        import os
        from flask import request
        class Job:
            def run(self):
                self.done = True
                os.system(self.cmd)
            def load(self):
                self.cmd = request.args["c"]
        """
        let reusing = detailed(source, path: "app.py", added: [6], reuse: true)
        XCTAssertTrue(reusing.findings.first?.hasPrefix("python.command-injection@6") == true, "\(reusing.findings)")
        XCTAssertEqual(reusing.findings, detailed(source, path: "app.py", added: [6], reuse: false).findings)
    }
}
