import Foundation
import XCTest
import Findings
import Python
@testable import PythonRules

/// A change at module level affects only the functions that read what it binds: the restricted review
/// of random edits to real files must report exactly what analyzing every function reports, filtered by
/// the added lines (`restrictAnalysis: false`).
final class ModuleScopeTests: XCTestCase {
    /// Module-level names the edits rebind, and functions reading them through chains of module-level
    /// statements, helpers, fields and a `global` writer. Appended to every file of the corpus.
    static let harness = """

    import os as _hos
    import subprocess as _hsp
    from flask import request as _hreq
    _H_A = "ls"
    _H_B = _H_A + " -l"
    _H_C = "echo"
    _H_LIST = []
    _H_LIST.append(_H_C)
    _H_D = _h_make(_H_A) if False else "x"
    def _h_make(value):
        return value
    _H_E = _h_make("ls")
    def _h_five():
        _hsp.call(_H_E, shell=True)
    def _h_one():
        _hos.system(_H_B)
    def _h_two(arg):
        return eval(_H_C + arg)
    def _h_three():
        return _h_two(_H_LIST[0])
    def _h_four():
        _hsp.call(_H_D, shell=True)
    class _HView:
        _h_attr = _H_A
        def _h_run(self):
            _hsp.call(_h_attr, shell=True)
        def _h_store(self):
            self.cmd = _H_C
        def _h_use(self):
            _hos.system(self.cmd)
    def _h_global_writer():
        global _H_C
        _H_C = _hreq.args["c"]
    """

    static let values = [
        "input()", "_hreq.args[\"x\"]", "\"literal\"", "_H_A", "os.environ[\"X\"]", "NAME + input()", "[input()]",
        "_h_make(_hreq.form[\"v\"])", "_H_B", "len(NAME)", "None",
    ]

    func testRestrictedReviewOfRandomModuleLevelEditsEqualsWholeFileReview() throws {
        var rng = SplitMix(seed: 0x5EED_2026)
        let reviewer = PythonReviewer()
        var corpus: [(path: String, text: String, cases: Int)] = []
        for (i, rule) in RuleSet.all.enumerated() {
            for (j, ex) in (rule.triggering + rule.nonTriggering).enumerated() where (i + j) % 2 == 0 {
                corpus.append((parseExample(ex).path, ex, 2))
            }
        }
        for name in ["seed_app.py", "seed_app_fixed.py"] {
            corpus.append((name, try String(contentsOf: Self.examples.appendingPathComponent(name), encoding: .utf8), 8))
        }
        for (name, text) in Self.stdlibFiles() { corpus.append((name, text, 2)) }
        XCTAssertGreaterThan(corpus.count, 100)

        var checked = 0, partialAfterModuleEdit = 0, reachedUnchangedFunction = 0, moduleEdits = 0
        for entry in corpus {
            for _ in 0..<entry.cases {
                var source = EditedSource(entry.text + Self.harness)
                var touchedModule = false
                for _ in 0..<rng.below(3) + 1 { touchedModule = source.randomEdit(&rng) || touchedModule }
                let text = source.text, added = source.added
                guard !added.isEmpty else { continue }
                let bytes = Array(text.utf8)
                let restricted = reviewer.reviewWithDiagnostics(path: entry.path, source: bytes, addedLines: added, restrictAnalysis: true).findings
                let whole = reviewer.reviewWithDiagnostics(path: entry.path, source: bytes, addedLines: added, restrictAnalysis: false).findings
                checked += 1
                if Set(restricted) != Set(whole) {
                    XCTFail("""
                    \(entry.path), added lines \(added.sorted()):
                    only restricted: \(Set(restricted).subtracting(whole).map { "\($0.rule)@\($0.line) \($0.message)" })
                    only whole: \(Set(whole).subtracting(restricted).map { "\($0.rule)@\($0.line) \($0.message)" })
                    \(text)
                    """)
                    return
                }
                guard touchedModule else { continue }
                moduleEdits += 1
                let file = FileContext(path: entry.path, bytes: bytes, module: parseModule(bytes).module)
                let engine = Engine(file: file, index: RuleIndex(RuleSet.all))
                if engine.affectedFunctions(added).count < file.functions.count { partialAfterModuleEdit += 1 }
                // A finding in a function the edit did not touch: only the closure over names can find it.
                if restricted.contains(where: { f in
                    file.functions.contains { $0.span.start.line <= f.line && f.line <= $0.span.end.line && !$0.span.overlaps(lines: added) }
                }) { reachedUnchangedFunction += 1 }
            }
        }
        print("module scope: \(checked) cases, \(moduleEdits) with a module-level edit, \(partialAfterModuleEdit) of them partial, \(reachedUnchangedFunction) reaching an unchanged function")
        XCTAssertGreaterThan(checked, 200)
        // The test must exercise the new rule: most module-level edits leave functions out, and some reach
        // a sink in a function they did not touch.
        XCTAssertGreaterThan(partialAfterModuleEdit, moduleEdits / 3, "\(partialAfterModuleEdit) of \(moduleEdits)")
        XCTAssertGreaterThan(reachedUnchangedFunction, 20)
    }

    func testDocstringAndUnreadConstantAffectNothing() {
        let source = """
        \"\"\"The module.\"\"\"
        import os
        VERSION = "1.0"
        CMD = "ls"
        def run():
            os.system(CMD)
        def other():
            return 1
        """
        let engine = Self.engine(source)
        XCTAssertEqual(engine.affectedFunctions([1]).map(\.key), [])
        XCTAssertEqual(engine.affectedFunctions([3]).map(\.key), [])
        XCTAssertEqual(engine.affectedFunctions([4]).map(\.key), ["run"])
        XCTAssertEqual(engine.affectedFunctions([2]).map(\.key), ["run"])
    }

    func testClosureOverModuleLevelReadsAndCallers() {
        let source = """
        import os
        A = "ls"
        B = A + " -l"
        def run():
            os.system(B)
        def caller():
            run()
        def unrelated():
            return os.getcwd()
        class View:
            label = "x"
            def get(self):
                return 1
        def setter():
            global A
            A = 2
        """
        let engine = Self.engine(source)
        XCTAssertEqual(engine.affectedFunctions([2]).map(\.key), ["run", "caller", "setter"])
        XCTAssertEqual(engine.affectedFunctions([11]).map(\.key), ["View.get"])
        XCTAssertEqual(engine.affectedFunctions([1]).map(\.key), ["run", "caller", "unrelated"])
    }

    func testModuleLevelValueMadeByAHelperHasItsSummary() {
        let source = """
        import subprocess
        def make(v):
            return v
        CMD = make("ls")
        def run():
            subprocess.call(CMD, shell=True)
        def other():
            return 1
        """
        let bytes = Array(source.utf8)
        let reviewer = PythonReviewer()
        let restricted = reviewer.reviewWithDiagnostics(path: "app.py", source: bytes, addedLines: [6], restrictAnalysis: true).findings
        let whole = reviewer.reviewWithDiagnostics(path: "app.py", source: bytes, addedLines: [6], restrictAnalysis: false).findings
        XCTAssertEqual(Set(restricted), Set(whole))
        XCTAssertEqual(Self.engine(source).moduleLevelSummaryRoots(Self.engine(source).affectedFunctions([6])), ["make"])
    }

    func testStarImportAffectsEverything() {
        let source = """
        from os import *
        def a():
            return 1
        def b():
            return 2
        """
        XCTAssertEqual(Self.engine(source).affectedFunctions([1]).map(\.key), ["a", "b"])
    }

    static func engine(_ source: String) -> Engine {
        let bytes = Array(source.utf8)
        return Engine(file: FileContext(path: "app.py", bytes: bytes, module: parseModule(bytes).module), index: RuleIndex(RuleSet.all))
    }

    static var examples: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("../shared/examples").standardized
    }

    /// A few of this machine's standard library modules that call the kind of functions the rules watch.
    static func stdlibFiles() -> [(String, String)] {
        let roots = ["/root/.pyenv/versions/3.11.7/lib/python3.11", "/usr/lib/python3.11", "/usr/lib/python3.12", "/usr/lib/python3"]
        guard let root = roots.first(where: { FileManager.default.fileExists(atPath: $0 + "/shlex.py") }) else { return [] }
        return ["shlex.py", "glob.py", "netrc.py", "pty.py"].compactMap { name in
            (try? String(contentsOfFile: root + "/" + name, encoding: .utf8)).map { (name, $0) }
        }
    }
}

extension SplitMix {
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// A file's lines, each marked when an edit added or changed it.
struct EditedSource {
    var lines: [(text: String, added: Bool)]

    init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { (String($0), false) }
    }

    var text: String { lines.map(\.text).joined(separator: "\n") }
    var added: Set<Int> { Set(lines.indices.filter { lines[$0].added }.map { $0 + 1 }) }

    private var module: Module { parseModule(Array(text.utf8)).module }

    /// Names bound at the top level (and the harness's), for edits to rebind.
    private func names(_ module: Module) -> [String] {
        var out = ["_H_A", "_H_B", "_H_C", "_H_D", "_H_LIST", "_hos", "_hsp", "_hreq", "_h_make", "_h_two"]
        for s in module.body {
            switch s.kind {
            case .assign(let targets, _): out += targets.compactMap { if case .name(let n, _) = $0.kind { return n } else { return nil } }
            case .import(let names), .importFrom(_, let names, _): out += names.filter { $0.name != "*" }.map { $0.asname ?? $0.name.split(separator: ".").first.map(String.init) ?? $0.name }
            case .functionDef(let f): out.append(f.name)
            default: break
            }
        }
        return out
    }

    /// Mostly the harness's names, whose readers are known to reach sinks.
    private func name(_ rng: inout SplitMix, _ names: [String]) -> String {
        rng.below(10) < 7 ? rng.pick(Array(names.prefix(10))) : rng.pick(names)
    }

    private func value(_ rng: inout SplitMix, _ names: [String]) -> String {
        rng.pick(ModuleScopeTests.values).replacingOccurrences(of: "NAME", with: name(&rng, names))
    }

    /// A module-level statement (one or more lines, unindented).
    private func statement(_ rng: inout SplitMix, _ names: [String], singleLine: Bool) -> [String] {
        let n = name(&rng, names), v = value(&rng, names), m = name(&rng, names)
        let single = [
            "\(n) = \(v)", "\(n) = \(v)", "\(n) = _hreq.args[\"a\"]", "import pickle as \(n)", "import \(n)", "from os import system as \(n)", "from os import path", "\(n) = \(v)",
            "\(n) += \(v)", "\(n): str = \(v)", "del \(n)", "\(n).append(\(v))", "\"\"\"A docstring.\"\"\"", "_hos.system(\(n))",
            "\(m) = \(n)", "from _hmod import *", "\(n), \(m) = \(v), \(v)", "\(n) = \(m) = \(v)",
        ]
        if singleLine || rng.below(3) > 0 { return [rng.pick(single)] }
        return rng.pick([
            ["for \(n) in [\(v)]:", "    pass"],
            ["with open(\(v)) as \(n):", "    pass"],
            ["if \(v):", "    import pickle as \(n)", "else:", "    \(n) = \(v)"],
            ["try:", "    import \(n)", "except ImportError:", "    \(n) = \(v)"],
            ["def _h_new_writer():", "    global \(n)", "    \(n) = \(v)"],
            ["if \(m):", "    \(n) = \(v)"],
        ])
    }

    private mutating func insert(_ new: [String], at index: Int, indent: String) {
        lines.insert(contentsOf: new.map { (indent + $0, true) }, at: index)
    }

    private func indentation(ofLine line: Int) -> String {
        guard line - 1 < lines.count else { return "" }
        return String(lines[line - 1].text.prefix { $0 == " " || $0 == "\t" })
    }

    private static func firstLine(_ s: Stmt) -> Int {
        var line = s.span.start.line
        if case .functionDef(let f) = s.kind { line = min(line, f.decorators.map(\.span.start.line).min() ?? line) }
        if case .classDef(let c) = s.kind { line = min(line, c.decorators.map(\.span.start.line).min() ?? line) }
        return line
    }

    /// One random edit; whether it was at module level (outside every function body).
    mutating func randomEdit(_ rng: inout SplitMix) -> Bool {
        let module = self.module
        let names = self.names(module)
        let top = module.body
        var functions: [FunctionDef] = []
        var classes: [ClassDef] = []
        for s in top {
            s.walk { st in
                if case .functionDef(let f) = st.kind, !f.body.isEmpty { functions.append(f) }
            }
            if case .classDef(let c) = s.kind, !c.body.isEmpty { classes.append(c) }
        }
        let singleLine = top.filter { $0.span.start.line == $0.span.end.line && $0.isSimple }
        switch rng.below(10) {
        case 0, 1, 2:
            // A new module-level statement before a top-level one, or at the end.
            let at = top.isEmpty || rng.below(4) == 0 ? lines.count : Self.firstLine(rng.pick(top)) - 1
            insert(statement(&rng, names, singleLine: false), at: at, indent: "")
            return true
        case 3:
            // A changed statement: an import with another alias, a constant with another value.
            guard let s = singleLine.isEmpty ? nil : rng.pick(singleLine), s.span.start.line - 1 < lines.count else { return false }
            lines[s.span.start.line - 1] = (statement(&rng, names, singleLine: true)[0], true)
            return true
        case 4:
            // A removed statement (no added line) and, often, something else.
            guard let s = singleLine.isEmpty ? nil : rng.pick(singleLine), s.span.start.line - 1 < lines.count else { return false }
            lines.remove(at: s.span.start.line - 1)
            return true
        case 5:
            // The module docstring.
            if let first = top.first, case .expr(let e) = first.kind, e.stringLiteral != nil {
                if first.span.end.line > first.span.start.line {
                    insert(["More words in the docstring."], at: first.span.start.line, indent: "")
                } else {
                    lines[first.span.start.line - 1] = ("\"\"\"A changed docstring.\"\"\"", true)
                }
            } else {
                insert(["\"\"\"A new docstring.\"\"\""], at: 0, indent: "")
            }
            return true
        case 6:
            // A class attribute or access declaration.
            guard let c = classes.isEmpty ? nil : rng.pick(classes) else { return false }
            let s = rng.pick(c.body)
            let n = name(&rng, names)
            let new = rng.pick([
                "\(n) = \(value(&rng, names))", "decorators = [login_required]", "method_decorators = [\(n)]",
                "permission_classes = []", "_h_attr = \(value(&rng, names))", "cmd = _hreq.args[\"c\"]",
            ])
            insert([new], at: Self.firstLine(s) - 1, indent: indentation(ofLine: Self.firstLine(s)))
            return true
        default:
            // A line in a function body.
            guard let f = functions.isEmpty ? nil : rng.pick(functions) else { return false }
            let s = rng.pick(f.body)
            let n = name(&rng, names), v = value(&rng, names)
            let new = rng.pick([
                "x = \(v)", "_hos.system(\(n))", "\(n) = \(v)", "global \(n)", "return \(n)", "self.cmd = \(v)",
                "_h_two(\(n))", "eval(\(n))", "_hsp.call(\(v), shell=True)",
            ])
            insert([new], at: Self.firstLine(s) - 1, indent: indentation(ofLine: Self.firstLine(s)))
            return false
        }
    }
}
