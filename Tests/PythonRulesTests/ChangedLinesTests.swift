import XCTest
import Findings
@testable import PythonRules

/// Only what a change introduced is reported: a flaw whose sink, source or flow lies on an added line.
final class ChangedLinesTests: XCTestCase {
    private let app = """
    import os
    from flask import request

    def old_view():
        os.system("echo " + request.args["a"])

    def view():
        name = request.args["n"]
        label = name.upper()
        os.system("echo " + label)
    """

    func testUntouchedVulnerableLineIsNotReported() {
        // Only the unrelated line 1 changed.
        XCTAssertEqual(review(app, added: [1]).map(\.rule), [])
        XCTAssertEqual(review(app, added: []).map(\.rule), [])
    }

    func testAddedSinkIsReported() {
        XCTAssertEqual(lines(review(app, added: [5]), "python.command-injection"), [5])
    }

    func testAddedSourceMakesAnOldSinkTainted() {
        // The sink on line 10 is old; the new line 8 is where the request data now comes from.
        let f = review(app, added: [8])
        XCTAssertEqual(lines(f, "python.command-injection"), [10])
        XCTAssertEqual(f.first?.source?.line, 8)
    }

    func testAddedIntermediateStepIsReported() {
        XCTAssertEqual(lines(review(app, added: [9]), "python.command-injection"), [10])
    }

    func testNewCallerOfAnOldHelperIsReported() {
        let src = """
        import os
        from flask import request
        def run(c):
            os.system(c)
        def view():
            run(request.args["c"])
        """
        XCTAssertEqual(lines(review(src, added: [6]), "python.command-injection"), [6])
        // The helper's sink changed: the old caller now reaches a new sink.
        XCTAssertEqual(lines(review(src, added: [4]), "python.command-injection"), [6])
        XCTAssertEqual(lines(review(src, added: [1, 2]), "python.command-injection"), [])
    }

    func testMultiLineStatementCountsAnyOfItsLines() {
        let src = """
        import subprocess
        from flask import request
        def view():
            subprocess.run(
                "echo " + request.args["x"],
                shell=True,
            )
        """
        // Adding `shell=True` to an old call with request data in it creates the flaw.
        XCTAssertEqual(lines(review(src, added: [6]), "python.command-injection"), [5])
        XCTAssertEqual(lines(review(src, added: [5]), "python.command-injection"), [5])
        XCTAssertEqual(lines(review(src, added: [1]), "python.command-injection"), [])
    }

    func testChangeInsideAMultiLineSettingCounts() {
        let src = """
        MIDDLEWARE = [
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
        ]
        """
        XCTAssertEqual(lines(review(src, path: "settings.py", added: [3]), "python.csrf-disabled"), [1])
        XCTAssertEqual(lines(review(src, path: "settings.py", added: [6]), "python.csrf-disabled"), [])
    }

    func testMissingAuthenticationReportedForNewWriteInOldRoute() {
        // The app logs users in (Flask-Login), so an unprotected state-changing route is reported.
        let src = """
        import os, flask_login
        from flask import Flask
        app = Flask(__name__)
        @app.route("/x", methods=["POST"])
        def x():
            print("hello")
            os.remove("/tmp/x")
            return "ok"
        """
        XCTAssertEqual(lines(review(src, added: [6]), "python.missing-authentication"), [])
        XCTAssertEqual(lines(review(src, added: [7]), "python.missing-authentication"), [5])
        XCTAssertEqual(lines(review(src, added: [4]), "python.missing-authentication"), [5])
    }
}

/// Analyzing only the functions a change can affect must report exactly what whole-file analysis reports.
final class RestrictedAnalysisTests: XCTestCase {
    private func check(_ source: String, path: String, file: StaticString = #filePath, line: UInt = #line) {
        let bytes = Array(source.utf8)
        let reviewer = PythonReviewer()
        let count = source.split(separator: "\n", omittingEmptySubsequences: false).count
        for l in 1...max(1, count) {
            let restricted = reviewer.reviewWithDiagnostics(path: path, source: bytes, addedLines: [l], restrictAnalysis: true).findings
            let full = reviewer.reviewWithDiagnostics(path: path, source: bytes, addedLines: [l], restrictAnalysis: false).findings
            XCTAssertEqual(restricted.map(\.fingerprint).sorted(), full.map(\.fingerprint).sorted(),
                           "line \(l) of \(path)", file: file, line: line)
        }
    }

    func testRuleExamples() {
        for rule in RuleSet.all {
            for ex in rule.triggering { check(ex, path: parseExample(ex).path) }
        }
    }

    func testFlowsAcrossHelpersAndFields() {
        check("""
        import os
        from flask import request
        def run(c):
            os.system(c)
        def view():
            run(request.args["c"])
        class Convert:
            def convert(self):
                os.system("convert " + self.name)
            def post(self, request):
                self.name = request.POST["name"]
                self.convert()
        """, path: "app.py")
    }

    func testSeedApp() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let url = root.appendingPathComponent("../shared/examples/seed_app.py").standardized
        check(String(decoding: try Data(contentsOf: url), as: UTF8.self), path: "seed_app.py")
    }
}
