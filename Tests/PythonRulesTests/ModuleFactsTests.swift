import Findings
@testable import PythonRules
import Python
import XCTest

/// The summaries of one module version share what follows from its syntax (`ModuleFacts`), and an
/// imported call a rule already knows is never summarized.
final class ModuleFactsTests: XCTestCase {
    private static let helpers = """
    import os
    import subprocess as sp
    from shlex import quote
    PREFIX = "ls "

    def run(x):
        os.system(PREFIX + x)

    def relay(x):
        run(x)

    def spawn(x):
        sp.call(x, shell=True)

    def quoted(x):
        run(quote(x))

    def gen(x):
        yield x
    """

    private func context(_ path: String, _ text: String) -> FileContext {
        FileContext(path: path, bytes: Array(text.utf8), module: parseModule(Array(text.utf8)).module)
    }

    func testASecondEngineGetsWhatAFreshEngineWouldBuild() {
        let file = context("helpers.py", Self.helpers)
        let index = RuleIndex(RuleSet.all)
        let facts = ModuleFacts()
        let modules = MemoryModules(["helpers.py": Self.helpers])
        let cache = ModuleCache()
        func scope() -> ModuleScope { ModuleScope(source: modules, cache: cache, index: index, path: "helpers.py") }
        let first = facts.engine(for: file, index: index, scope: scope())
        for f in file.functions { _ = first.calls(of: f) }
        let firstScope = scope()
        _ = firstScope.function(called: "os.system", in: file)
        facts.keep(first, scope: firstScope)

        let secondScope = scope()
        let second = facts.engine(for: file, index: index, scope: secondScope)
        XCTAssertEqual(facts.tablesShared, 1)
        XCTAssertNotNil(secondScope.bindingTable, "the bindings the first scope built are handed on")
        let fresh = Engine(file: file, index: index)
        for f in file.functions { XCTAssertEqual(second.calls(of: f), fresh.calls(of: f), f.key) }
        XCTAssertEqual(Set(second.functionsByKey.keys), Set(fresh.functionsByKey.keys))
        XCTAssertEqual(Set(second.rulesByID.keys), Set(fresh.rulesByID.keys))
        XCTAssertEqual(second.active, fresh.active)
        XCTAssertEqual(second.statementHooks.map(\.rule), fresh.statementHooks.map(\.rule))
        // Asked twice (the second time from the per-function table), names and yields are unchanged.
        for _ in 0..<2 {
            XCTAssertEqual(facts.names(readBy: file.functions), ModuleUnits.names(readBy: file.functions))
            XCTAssertEqual(file.functions.map(facts.yields), file.functions.map(ImportedFunction.yields))
        }
    }

    func testSharedFactsGiveTheSummariesOfEnginesThatShareNothing() {
        let app = """
        from flask import request
        from helpers import run, relay, spawn, quoted, gen

        def a():
            relay(request.args["a"])

        def b():
            spawn(request.args["b"])

        def c():
            quoted(request.args["c"])

        def d():
            run(request.args["d"])
            gen(request.args["d"])
        """
        let modules = MemoryModules(["app.py": app, "helpers.py": Self.helpers])
        let index = RuleIndex(RuleSet.all)
        func findings(_ cache: ModuleCache) -> [String] {
            let engine = Engine(file: context("app.py", app), index: index)
            engine.modules = ModuleScope(source: modules, cache: cache, index: index, path: "app.py")
            return engine.run().map { "\($0.rule.id)|\($0.span.start.line)|\($0.message)" }.sorted()
        }
        // One cache: every summary of helpers.py after the first shares its facts.
        let together = findings(ModuleCache())
        XCTAssertEqual(together.filter { $0.hasPrefix("python.command-injection|") }.count, 3)
        // Budgets of one byte evict every parsed module, so each summary parses and builds its own.
        XCTAssertEqual(findings(ModuleCache(maxParsedBytes: 1, maxSummaryBytes: 1)), together)
    }

    func testAnImportedCallARuleKnowsIsNotSummarized() {
        // A repository module named like a library: the rule judges `yaml.load` as the library, so the
        // module is never looked up, let alone parsed and summarized.
        let app = """
        from flask import request
        from yaml import load

        def view():
            return load(request.data)
        """
        let modules = MemoryModules(["app.py": app, "yaml.py": "import os\n\ndef load(x):\n    os.system(x)\n"])
        let findings = PythonReviewer().reviewWithDiagnostics(path: "app.py", source: Array(app.utf8), addedLines: nil, modules: modules).findings
        XCTAssertEqual(lines(findings.filter { $0.confidence == .high }, "python.command-injection"), [])
        XCTAssertFalse(findings.filter { $0.rule.hasPrefix("python.") }.isEmpty, "the rule still reports the call")
        XCTAssertEqual(modules.reads("yaml.py"), 0)
    }
}
