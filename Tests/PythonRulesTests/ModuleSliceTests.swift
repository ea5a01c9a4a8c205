import Findings
@testable import PythonRules
import Python
import XCTest

/// Imported helpers are summarized lazily: only the module-level code their names need runs, a summary
/// is reused in another tree while the files it looked up are the same, and the cache stays correct
/// when its budgets evict everything.
final class ModuleSliceTests: XCTestCase {
    private func review(_ path: String, in modules: MemoryModules, reviewer: PythonReviewer) -> [Finding] {
        reviewer.reviewWithDiagnostics(path: path, source: Array(modules.files[path]!.utf8), addedLines: nil, modules: modules).findings
    }

    private func tainted(_ findings: [Finding]) -> [Int] {
        lines(findings.filter { $0.confidence == .high }, "python.command-injection")
    }

    func testTheSliceKeepsTheStatementsThatMayWriteANeededNameAndWhatTheyRead() {
        let source = """
        import os
        A = input()
        B = A
        C = os.getcwd()
        L = []
        L.append(B)
        D = [C]
        def f():
            return B + L[0]
        """
        let context = FileContext(path: "m.py", bytes: Array(source.utf8), module: parseModule(Array(source.utf8)).module)
        let units = ModuleUnits(context.module)
        let f = context.functions.filter { $0.name == "f" }
        // Units: the import, six assignments and calls, then f's (empty) decorator list.
        XCTAssertEqual(units.count, 8)
        let include = units.slice(reading: ModuleUnits.names(readBy: f))
        // B (line 3) reads A (line 2); L is written at line 5 and by its `append` at line 6. The import,
        // C and D are not needed: nothing f reads is written there.
        XCTAssertEqual(include, [false, true, true, false, true, true, false, false])
    }

    func testModuleLevelValuesReachTheSummaryThroughAliasesAndMutations() {
        let helpers = """
        import os
        _ARG = input()
        BASE = _ARG
        PARTS = []
        PARTS.append(input())
        CWD = os.getcwd()

        def base():
            return BASE

        def joined():
            return " ".join(PARTS)

        def fixed():
            return "ls " + CWD.upper()
        """
        let app = """
        import os
        from helpers import base, joined, fixed

        def main():
            os.system(base())
            os.system(joined())
            os.system(fixed())
        """
        let modules = MemoryModules(["app.py": app, "helpers.py": helpers])
        XCTAssertEqual(tainted(review("app.py", in: modules, reviewer: PythonReviewer())), [5, 6])
    }

    func testASummaryIsReusedInAnotherTreeOnlyWhileTheFilesItLookedUpAreTheSame() {
        let app = """
        from flask import request
        from helpers import run

        def view():
            run(request.args["q"])
        """
        let helpers = "from util import execute\n\ndef run(x):\n    execute(x)\n"
        let unsafe = "import os\n\ndef execute(cmd):\n    os.system(cmd)\n"
        let safe = "import shlex\n\ndef execute(cmd):\n    return shlex.quote(cmd)\n"
        let reviewer = PythonReviewer()
        let first = MemoryModules(["app.py": app, "helpers.py": helpers, "util.py": unsafe], tree: "one")
        XCTAssertEqual(tainted(review("app.py", in: first, reviewer: reviewer)), [5])
        // helpers.py is the same version, but the module it imports changed: the summary is made again.
        let second = MemoryModules(["app.py": app, "helpers.py": helpers, "util.py": safe], tree: "two")
        XCTAssertEqual(tainted(review("app.py", in: second, reviewer: reviewer)), [])
        XCTAssertEqual(second.reads("helpers.py"), 0, "a version already parsed is not read again")
        XCTAssertEqual(second.reads("util.py"), 1)
        // A third tree with the first one's files: the first summary holds, and nothing is read.
        let third = MemoryModules(["app.py": app, "helpers.py": helpers, "util.py": unsafe], tree: "three")
        XCTAssertEqual(tainted(review("app.py", in: third, reviewer: reviewer)), [5])
        XCTAssertEqual(third.reads("helpers.py") + third.reads("util.py"), 0)
    }

    func testFindingsAreTheSameWhenTheBudgetsEvictEverything() {
        let modules = MemoryModules([
            "a.py": "from flask import request\nfrom b import f\n\ndef view():\n    f(request.args['q'])\n    f(request.args['r'])\n",
            "b.py": "from c import g\n\ndef f(x):\n    g(x)\n",
            "c.py": "import os\nfrom b import f\n\ndef g(x):\n    os.system(x)\n    f(x)\n",
        ])
        let index = RuleIndex(RuleSet.all)
        func lines(_ cache: ModuleCache) -> [Int] {
            let bytes = Array(modules.files["a.py"]!.utf8)
            let engine = Engine(file: FileContext(path: "a.py", bytes: bytes, module: parseModule(bytes).module), index: index)
            engine.modules = ModuleScope(source: modules, cache: cache, index: index, path: "a.py")
            return engine.run().filter { $0.rule.id == "python.command-injection" }.map(\.span.start.line).sorted()
        }
        let roomy = lines(ModuleCache())
        XCTAssertEqual(roomy, [5, 6])
        XCTAssertEqual(lines(ModuleCache(maxParsedBytes: 1, maxSummaryBytes: 1)), roomy)
    }
}
