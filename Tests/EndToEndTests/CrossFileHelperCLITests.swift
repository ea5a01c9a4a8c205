import Foundation
import XCTest

/// Helpers in other modules of the repository, judged by what they do, as `staged`, `commit`, `diff`
/// and `scan` meet them. One repository serves every case: the helpers are committed first, the views
/// that call them (and one more helper module) are staged, and then the helpers are edited in the
/// working folder only, so each job shows which version of a helper it read.
final class CrossFileHelperCLITests: XCTestCase {
    static let helpers = """
    import html
    import os
    import shlex


    def run_report(name):
        os.system("report " + name)


    def run_quoted(name):
        os.system("report " + shlex.quote(name))


    def passthrough(value):
        return value.strip()


    def label(value):
        return "label"


    def escape_for_html(value):
        return html.escape(value)

    """

    static let tools = """
    import os
    import shlex


    def shout(x):
        os.system("echo " + x)


    def shout_quoted(x):
        os.system("echo " + shlex.quote(x))

    """

    /// Every line ending in `# real` must be reported in its file, no line ending in `# safe` may be.
    static let views: [String: String] = [
        "app.py": """
        import os
        from flask import Flask, request, make_response
        from helpers.utils import run_report, run_quoted, passthrough, label, escape_for_html
        from helpers.utils import run_report as rr, escape_for_html as esc
        import helpers.utils
        import helpers.utils as hu
        from fresh.tools import fresh_sink, fresh_safe

        app = Flask(__name__)


        @app.route("/sink")
        def sink():
            run_report(request.args["n"])  # real
            run_quoted(request.args["n"])  # safe
            return "ok"


        @app.route("/pass")
        def passing():
            make_response("<p>" + passthrough(request.args["n"]) + "</p>")  # real
            return make_response("<p>" + label(request.args["n"]) + "</p>")  # safe


        @app.route("/escape")
        def escaping():
            os.system("echo " + escape_for_html(request.args["n"]))  # real
            return make_response("<p>" + escape_for_html(request.args["n"]) + "</p>")  # safe


        @app.route("/dotted")
        def dotted():
            helpers.utils.run_report(request.args["n"])  # real
            helpers.utils.run_quoted(request.args["n"])  # safe
            return "ok"


        @app.route("/alias")
        def alias():
            rr(request.args["n"])  # real
            hu.run_quoted(request.args["n"])  # safe
            make_response("<p>" + hu.passthrough(request.args["n"]) + "</p>")  # real
            return make_response("<p>" + esc(request.args["n"]) + "</p>")  # safe


        @app.route("/fresh")
        def fresh():
            fresh_sink(request.args["n"])  # real
            fresh_safe(request.args["n"])  # safe
            return "ok"

        """,
        "pkg/views.py": """
        from flask import request
        from .tools import shout, shout_quoted
        from . import tools


        def view():
            shout(request.args["q"])  # real
            shout_quoted(request.args["q"])  # safe
            tools.shout(request.args["q"])  # real
            tools.shout_quoted(request.args["q"])  # safe

        """,
        // a imports b and b imports a: the review terminates and still sees the flow back into a.
        "ping.py": """
        import os
        from flask import request
        from pong import bounce_b


        def bounce_a(x, n):
            if n > 0:
                return bounce_b(x, n - 1)
            os.system("echo " + x)


        def view():
            bounce_a(request.args["q"], 3)  # real
            bounce_a("fixed", 3)  # safe

        """,
        "pong.py": """
        from ping import bounce_a


        def bounce_b(x, n):
            return bounce_a(x, n)

        """,
    ]

    static let freshTools = """
    import subprocess


    def fresh_sink(x):
        subprocess.run("convert " + x, shell=True)


    def fresh_safe(x):
        subprocess.run(["convert", x])

    """

    struct Runs {
        var staged, stagedAudit, commit, diff, scan: Sandbox.Result
    }

    /// The four jobs on the one repository, run once for every test.
    static let runs: Result<Runs, Error> = Result {
        let repo = try Sandbox()
        _ = try repo.commit("helpers", files: ["helpers/__init__.py": "", "helpers/utils.py": helpers, "pkg/__init__.py": "", "pkg/tools.py": tools])
        for (path, text) in views { try repo.write(path, text) }
        try repo.write("fresh/tools.py", freshTools)
        try repo.git("add", "-A")
        // Only in the working folder: run_quoted stops quoting. The index and the commit keep the safe one.
        try repo.write("helpers/utils.py", helpers.replacingOccurrences(of: "shlex.quote(name)", with: "name"))
        let staged = try repo.shortwall(["staged", "--format", "json"], timeout: 120)
        // fresh_sink's callers are not in view: the audit tier, listed at --min-confidence low.
        let stagedAudit = try repo.shortwall(["staged", "--format", "json", "--min-confidence", "low"], timeout: 120)
        try repo.git("commit", "-q", "-m", "views")
        let commit = try repo.shortwall(["commit", "HEAD", "--format", "json"], timeout: 120)
        let diff = try repo.shortwall(["diff", "HEAD~1...HEAD", "--format", "json"], timeout: 120)
        let scan = try repo.shortwall(["scan", ".", "--format", "json", "--only", "python"], timeout: 120)
        return Runs(staged: staged, stagedAudit: stagedAudit, commit: commit, diff: diff, scan: scan)
    }

    /// "file:line" of every line marked `mark` in the views.
    static func marked(_ mark: String) -> Set<String> {
        var out = Set<String>()
        for (path, text) in views {
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.hasSuffix("# " + mark) {
                out.insert("\(path):\(i + 1)")
            }
        }
        return out
    }

    /// Findings in the view files, as "file:line", and the raw findings.
    private func viewFindings(_ result: Sandbox.Result, file: StaticString = #filePath, line: UInt = #line) throws -> (Set<String>, [[String: Any]]) {
        XCTAssertFalse(result.timedOut, "the review did not finish", file: file, line: line)
        XCTAssertEqual(result.status, 1, result.stderr, file: file, line: line)
        let findings = try Sandbox.findings(result.stdout).filter { Self.views[$0["file"] as? String ?? ""] != nil }
        return (Set(findings.map { "\($0["file"] as? String ?? ""):\($0["line"] as? Int ?? 0)" }), findings)
    }

    func testStagedReportsEveryRealCrossFileFlowAndNoSafeTwin() throws {
        let (found, findings) = try viewFindings(try Self.runs.get().staged)
        XCTAssertEqual(found, Self.marked("real"), "\(findings.map { $0["message"] ?? "" })")
        XCTAssertTrue(found.isDisjoint(with: Self.marked("safe")))
        let sink = try XCTUnwrap(findings.first { $0["file"] as? String == "app.py" && $0["line"] as? Int == 14 })
        XCTAssertEqual(sink["rule"] as? String, "python.command-injection")
        XCTAssertTrue((sink["message"] as? String ?? "").contains("run_report() of helpers/utils.py"), "\(sink)")
        let passed = try XCTUnwrap(findings.first { $0["file"] as? String == "app.py" && $0["line"] as? Int == 21 })
        XCTAssertEqual(passed["rule"] as? String, "python.xss")
    }

    func testStagedReadsHelpersFromTheIndexAndReportsOnlyWhatChanged() throws {
        let staged = try Self.runs.get().stagedAudit
        let all = try Sandbox.findings(staged.stdout)
        // The committed helper modules did not change: their own findings are not this change's.
        XCTAssertFalse(all.contains { ($0["file"] as? String ?? "").hasPrefix("helpers/") || $0["file"] as? String == "pkg/tools.py" })
        // The staged helper module is part of the change and is reviewed on its own too.
        XCTAssertTrue(all.contains { $0["file"] as? String == "fresh/tools.py" })
    }

    func testCommitAndDiffReadHelpersFromTheCommitsTree() throws {
        let runs = try Self.runs.get()
        for result in [runs.commit, runs.diff] {
            let (found, findings) = try viewFindings(result)
            XCTAssertEqual(found, Self.marked("real"), "\(findings.map { $0["message"] ?? "" })")
        }
    }

    func testScanReadsHelpersFromTheWorkingFolder() throws {
        let (found, findings) = try viewFindings(try Self.runs.get().scan)
        // There run_quoted no longer quotes: its three callers are flaws as well.
        let quotedCalls: Set<String> = ["app.py:15", "app.py:34", "app.py:41"]
        XCTAssertEqual(found, Self.marked("real").union(quotedCalls), "\(findings.map { $0["message"] ?? "" })")
    }
}
