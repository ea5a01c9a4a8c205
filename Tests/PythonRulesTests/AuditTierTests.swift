import XCTest
import Findings
@testable import PythonRules

/// The audit tier: a dangerous API reached by a value that is neither client data nor a constant is reported
/// at low confidence, the same way for every sink; a constant never is.
final class AuditTierTests: XCTestCase {
    /// Every line ending in `# audit` must be reported at low confidence by `rule`, and nothing else by it.
    static let cases: [(rule: String, source: String)] = [
        ("python.code-injection", """
            def run(job):
                eval(job.expression)  # audit
                exec(load_script())  # audit
                code = compile(job.source, "<job>", "exec")  # audit
                eval("1 + 2")
            """),
        ("python.insecure-deserialization", """
            import pickle, marshal, dill, yaml
            def restore(blob, stream):
                pickle.loads(blob.data)  # audit
                marshal.loads(fetch())  # audit
                dill.loads(blob.payload)  # audit
                yaml.load(stream.read(), Loader=yaml.Loader)  # audit
                yaml.unsafe_load(stream.read())  # audit
                yaml.load(stream.read(), Loader=yaml.SafeLoader)
                pickle.loads(b"\\x80\\x04K\\x01.")
            """),
        ("python.command-injection", """
            import os, subprocess
            def build(task):
                os.system(task.command)  # audit
                subprocess.run(task.command, shell=True)  # audit
                subprocess.run(["make", "all"])
                os.system("make all")
            """),
        ("python.sql-injection", """
            def report(cur, table):
                name = table.name
                cur.execute("SELECT * FROM " + name)  # audit
                cur.execute(f"DELETE FROM t WHERE id = {table.id}")  # audit
                cur.execute("SELECT * FROM t WHERE id = %s", (table.id,))
                cur.execute("SELECT 1")
            """),
        ("python.path-traversal", """
            import os
            from pathlib import Path
            def export(job):
                open(os.path.join(job.folder, job.name), "w")  # audit
                open(job.folder + "/" + job.name)  # audit
                Path(job.folder, job.name).read_text()  # audit
                open("/etc/app.conf")
                open(os.path.join("/srv", "data.txt"))
            """),
        ("python.open-redirect", """
            from flask import redirect
            def back(page):
                return redirect("/" + page.slug)  # audit
            def home():
                return redirect("/index")
            """),
        ("python.template-injection", """
            from jinja2 import Environment
            def render(page):
                return Environment().from_string("<h1>" + page.title + "</h1>").render()  # audit
            def static():
                return Environment().from_string("<h1>Hi</h1>").render()
            """),
    ]

    func testEverySinkReportsAnUnknownOriginAtLowConfidenceAndNeverAConstant() {
        for (rule, source) in Self.cases {
            let expected = source.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .filter { $0.element.hasSuffix("# audit") }.map { $0.offset + 1 }
            let found = review(source).filter { $0.rule == rule }
            XCTAssertEqual(found.map(\.line).sorted(), expected, "\(rule):\n\(source)\n\(found.map { "\($0.line): \($0.message)" })")
            XCTAssertEqual(Set(found.map(\.confidence)), expected.isEmpty ? [] : [.low], rule)
            XCTAssertTrue(found.allSatisfy { $0.source == nil }, "no request source: \(rule)")
        }
    }

    func testTheSameFlowFromTheRequestIsHighConfidence() {
        let src = """
            import os
            from flask import request
            def build():
                os.system(request.args["c"])
            """
        XCTAssertEqual(review(src).filter { $0.rule == "python.command-injection" }.map(\.confidence), [.high])
    }

    func testTestFilesGetNoAuditTier() {
        for path in ["tests/test_jobs.py", "test_jobs.py", "conftest.py"] {
            let found = review(Self.cases[0].source, path: path).filter { $0.rule == "python.code-injection" }
            XCTAssertEqual(found.map(\.line), [], path)
        }
        let tainted = "import os\nfrom flask import request\ndef view():\n    os.system(request.args['c'])\n"
        XCTAssertEqual(review(tainted, path: "tests/test_view.py").filter { $0.rule == "python.command-injection" }.count, 1,
                       "a real flow in a test file is still reported")
    }
}
