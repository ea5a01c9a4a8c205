import Dispatch
import Findings
import Foundation
@testable import PythonRules
import XCTest

/// Modules held in memory (one tree), counting how often each path is read. A file's version is its
/// path and text, so two trees holding the same text share versions as two commits share blobs.
final class MemoryModules: ModuleSource, @unchecked Sendable {
    let files: [String: String]
    let treeID: String
    private let lock = NSLock()
    private var asked: [String: Int] = [:]

    init(_ files: [String: String], tree: String = "memory") { self.files = files; treeID = tree }

    func file(at path: String) -> ModuleFile? {
        lock.lock(); asked[path, default: 0] += 1; lock.unlock()
        return fileID(at: path).map { ModuleFile(id: $0, bytes: Array(files[path]!.utf8)) }
    }

    func fileID(at path: String) -> String? { files[path].map { path + "\u{0}" + $0 } }

    func relativePath(of reviewedPath: String) -> String? { reviewedPath }

    func reads(_ path: String) -> Int { lock.lock(); defer { lock.unlock() }; return asked[path] ?? 0 }
}

final class ModuleSummaryTests: XCTestCase {
    private func review(_ path: String, in modules: MemoryModules, reviewer: PythonReviewer = PythonReviewer()) -> [Finding] {
        reviewer.reviewWithDiagnostics(path: path, source: Array(modules.files[path]!.utf8), addedLines: nil, modules: modules).findings
    }

    /// Lines of the rule's findings of client data (high confidence), not of values of unknown origin.
    private func tainted(_ findings: [Finding], _ rule: String = "python.command-injection") -> [Int] {
        lines(findings.filter { $0.confidence == .high }, rule)
    }

    func testMutuallyRecursiveHelpersInOneFileTerminateAndReportTheFlow() {
        let app = """
        import os
        from flask import request

        def ping(x, n):
            if n > 0:
                return pong(x, n - 1)
            os.system("echo " + x)

        def pong(x, n):
            return ping(x, n)

        def even(x, n):
            return odd(x, n - 1) if n else x

        def odd(x, n):
            return even(x, n - 1) if n else "fixed"

        def view():
            ping(request.args["q"], 5)
            os.system(even(request.args["q"], 4))
            os.system(odd("constant", 3))
        """
        let modules = MemoryModules(["app.py": app])
        // ping's own sink (line 7) is judged at its callers, which are in the file.
        XCTAssertEqual(tainted(review("app.py", in: modules)), [19, 20])
    }

    func testModulesImportingEachOtherTerminateAndReportTheFlow() {
        // a imports b and b imports a: each summary is built from finitely many engines.
        let a = """
        import os
        from flask import request
        from b import relay, echo

        def run(x, n):
            if n:
                return relay(x, n - 1)
            os.system(x)

        def back(x):
            return echo(x)

        def view():
            run(request.args["q"], 9)
            os.system(back(request.args["q"]))
            os.system(back("fixed"))
        """
        let b = """
        from a import run, back

        def relay(x, n):
            return run(x, n)

        def echo(x):
            return back(x)
        """
        let modules = MemoryModules(["a.py": a, "b.py": b])
        let found = review("a.py", in: modules)
        XCTAssertEqual(tainted(found), [14, 15], "\(found.map(\.message))")
        // The cycle is cut at the depth bound, where a call is taken to return what it is given.
        XCTAssertFalse(found.contains { $0.line == 16 }, "\(found.map(\.message))")
        XCTAssertTrue(found.contains { $0.line == 14 && $0.message.contains("relay() of b.py") }, "\(found.map(\.message))")
    }

    func testAThreeModuleCycleTerminates() {
        let modules = MemoryModules([
            "a.py": "from flask import request\nfrom b import f\n\ndef view():\n    f(request.args['q'])\n",
            "b.py": "from c import g\n\ndef f(x):\n    g(x)\n",
            "c.py": "import os\nfrom a import view\nfrom b import f\n\ndef g(x):\n    f(x)\n    os.system(x)\n",
        ])
        XCTAssertEqual(lines(review("a.py", in: modules), "python.command-injection"), [5])
    }

    func testImportsOfImportedModulesAreFollowedThreeLevelsDeep() {
        // view → m1 → m2 → m3 is followed; the sink one module further is not.
        var files = ["app.py": """
        from flask import request
        from m1 import near, far

        def view():
            near(request.args["q"])
            far(request.args["q"])
        """]
        files["m1.py"] = "from m2 import near, far\n"
        files["m2.py"] = "from m3 import near, far\n"
        files["m3.py"] = "import os\nfrom m4 import far\n\ndef near(x):\n    os.system(x)\n"
        files["m4.py"] = "import os\n\ndef far(x):\n    os.system(x)\n"
        let modules = MemoryModules(files)
        XCTAssertEqual(lines(review("app.py", in: modules), "python.command-injection"), [5])
    }

    func testEachModuleIsReadOnceAndTheCacheIsSafeAcrossThreads() {
        var files = ["helpers/utils.py": "import os\n\ndef run(x):\n    os.system(x)\n\ndef same(x):\n    return x\n"]
        for i in 0..<24 {
            files["views/v\(i).py"] = """
            from flask import request, make_response
            from helpers.utils import run, same

            def view\(i)():
                run(request.args["q"])
                return make_response("<b>" + same(request.args["q"]) + "</b>")
            """
        }
        let modules = MemoryModules(files)
        let reviewer = PythonReviewer()
        let paths = files.keys.filter { $0.hasPrefix("views/") }.sorted()
        var results = [[String]](repeating: [], count: paths.count)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: paths.count) { i in
            let found = review(paths[i], in: modules, reviewer: reviewer).map { "\($0.rule):\($0.line)" }.sorted()
            lock.lock(); results[i] = found; lock.unlock()
        }
        for r in results { XCTAssertEqual(r, ["python.command-injection:5", "python.xss:6"]) }
        // Asked again only when two threads miss the cache at the same moment.
        XCTAssertLessThanOrEqual(modules.reads("helpers/utils.py"), 2)
    }

    func testWithoutModulesAnImportedHelperIsNotFollowed() {
        let modules = MemoryModules([
            "app.py": "from flask import request\nfrom helpers import run\n\ndef view():\n    run(request.args['q'])\n",
            "helpers.py": "import os\n\ndef run(x):\n    os.system(x)\n",
        ])
        XCTAssertEqual(lines(review("app.py", in: modules), "python.command-injection"), [5])
        let alone = PythonReviewer().review(path: "app.py", source: Array(modules.files["app.py"]!.utf8), addedLines: nil)
        XCTAssertEqual(lines(alone, "python.command-injection"), [])
    }
}
