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
        XCTAssertEqual(lines(review(src, added: [6]), "python.command-injection"), [])
        XCTAssertEqual(lines(review(src, added: [5]), "python.command-injection"), [5])
    }

    func testMissingAuthenticationReportedForNewWriteInOldRoute() {
        let src = """
        import os
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
