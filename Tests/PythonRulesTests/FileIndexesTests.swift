import Foundation
import XCTest
import Python
@testable import PythonRules

/// The indexes `FileContext` builds on first use (FileIndexes.swift) answer what the plain definitions
/// answer, on the rule examples, the seed apps and a sample of the standard library (`DispatchTests.corpus`),
/// also when several threads ask one context at once (an imported module's context is shared).
final class FileIndexesTests: XCTestCase {
    static let corpus: [(path: String, source: [UInt8], file: FileContext)] = DispatchTests.corpus().map { path, source in
        (path, source, FileContext(path: path, bytes: source, module: parseModule(source).module))
    }

    /// Every statement and expression of the file, nested ones included.
    static func nodes(_ module: Module) -> (statements: [Stmt], expressions: [Expr]) {
        var statements: [Stmt] = [], expressions: [Expr] = []
        for stmt in module.body {
            stmt.walk { s in
                statements.append(s)
                for e in s.childExpressions { e.walk { expressions.append($0) } }
            }
        }
        return (statements, expressions)
    }

    /// The byte scan `mayHoldEqualityTest` made before it had an index.
    static func scansEquality(_ bytes: [UInt8], _ a: Int, _ b: Int) -> Bool {
        guard b - a >= 2 else { return false }
        for i in (a + 1)..<b where bytes[i] == 0x3D && (bytes[i - 1] == 0x3D || bytes[i - 1] == 0x21) { return true }
        return false
    }

    func testTheCorpusIsThere() {
        XCTAssertGreaterThan(Self.corpus.count, 100)
        XCTAssertTrue(Self.corpus.contains { $0.path == "subprocess.py" }, "the stdlib sample is part of the corpus")
    }

    func testCalledNamesAreTheCalleesOfEveryCall() {
        var nonEmpty = 0
        for (path, _, file) in Self.corpus {
            var expected = Set<String>()
            for e in Self.nodes(file.module).expressions {
                guard case .call(let f, _, _) = e.kind else { continue }
                if case .name(let n, _) = f.kind { expected.insert(n) }
                if case .attribute(let v, let attr, _) = f.kind, case .name(let n, _) = v.kind, n == "self" || n == "cls" { expected.insert(attr) }
            }
            XCTAssertEqual(file.calledNames, expected, path)
            XCTAssertEqual(file.calledNames, expected, "\(path): asked again")
            if !expected.isEmpty { nonEmpty += 1 }
        }
        XCTAssertGreaterThan(nonEmpty, 100)
    }

    func testEqualityIndexAnswersAsTheByteScanAtEveryNode() {
        var yes = 0, no = 0
        for (path, bytes, file) in Self.corpus {
            let (statements, expressions) = Self.nodes(file.module)
            for span in statements.map(\.span) + expressions.map(\.span) {
                let a = Self.offset(span.start, in: bytes, file), b = Self.offset(span.end, in: bytes, file)
                let expected = Self.scansEquality(bytes, a, b)
                XCTAssertEqual(file.mayHoldEqualityTest(span), expected, "\(path) \(span)")
                if expected { yes += 1 } else { no += 1 }
            }
        }
        XCTAssertGreaterThan(yes, 500)
        XCTAssertGreaterThan(no, 10_000)
    }

    func testEqualityIndexAtTheEdgesOfASpan() {
        let source = Array("x = a == b\ny = a != b\nz = a <= b\nw = (a) ==(b)\n=\n".utf8)
        let file = FileContext(path: "t.py", bytes: source, module: parseModule(source).module)
        XCTAssertEqual(file.equalityOffsets, [7, 18, 42], "the second = of each == and !=")
        func span(_ line: Int, _ from: Int, _ to: Int) -> Span {
            Span(start: Position(line: line, column: from), end: Position(line: line, column: to))
        }
        XCTAssertTrue(file.mayHoldEqualityTest(span(1, 4, 10)), "a == b")
        XCTAssertTrue(file.mayHoldEqualityTest(span(1, 6, 8)), "the two characters of == alone")
        XCTAssertFalse(file.mayHoldEqualityTest(span(1, 7, 10)), "from the second = on")
        XCTAssertFalse(file.mayHoldEqualityTest(span(1, 4, 7)), "up to the first =")
        XCTAssertTrue(file.mayHoldEqualityTest(span(2, 4, 10)), "a != b")
        XCTAssertFalse(file.mayHoldEqualityTest(span(3, 0, 10)), "<= is no equality test")
        XCTAssertFalse(file.mayHoldEqualityTest(span(1, 0, 3)), "an assignment's = is not")
        XCTAssertTrue(file.mayHoldEqualityTest(span(4, 4, 13)))
    }

    func testEqualityIndexAfterAByteOrderMark() {
        let source: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a = b == c\n".utf8)
        let file = FileContext(path: "t.py", bytes: source, module: parseModule(source).module)
        guard case .assign(_, let value) = file.module.body.first?.kind else { return XCTFail("one assignment") }
        XCTAssertTrue(file.mayHoldEqualityTest(value.span))
        XCTAssertFalse(file.mayHoldEqualityTest(Span(start: Position(line: 1, column: 0), end: Position(line: 1, column: 5))))
    }

    /// The byte offset `FileContext` gives a position (CPython's columns on line 1 skip a byte-order mark).
    static func offset(_ p: Position, in bytes: [UInt8], _ file: FileContext) -> Int {
        let starts = file.lineStarts
        guard p.line >= 1, p.line <= starts.count else { return p.line < 1 ? 0 : bytes.count }
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) && p.line == 1 ? 3 : 0
        return min(bytes.count, starts[p.line - 1] + bom + max(0, p.column))
    }

    func testImportStatementsAreEveryImportInWalkOrder() {
        var withNested = 0
        for (path, _, file) in Self.corpus {
            let expected = Self.nodes(file.module).statements.filter {
                switch $0.kind {
                case .import, .importFrom: return true
                default: return false
                }
            }
            XCTAssertEqual(file.importStatements.map(\.span), expected.map(\.span), path)
            if file.importStatements.contains(where: { $0.span.start.column > 0 }) { withNested += 1 }
        }
        XCTAssertGreaterThan(withNested, 5, "imports inside functions are part of the sample")
    }

    func testQualifiedNamesApplyTheImportOfTheFirstSegment() {
        var mapped = 0
        for (path, _, file) in Self.corpus {
            for e in Self.nodes(file.module).expressions {
                let expected = e.dottedName.map { d -> String in
                    let parts = d.split(separator: ".", maxSplits: 1).map(String.init)
                    guard let first = parts.first, let target = file.imports[first] else { return d }
                    return parts.count == 1 ? target : target + "." + parts[1]
                }
                XCTAssertEqual(file.qualified(e), expected, path)
                if let q = file.qualified(e), q != e.dottedName { mapped += 1 }
            }
        }
        XCTAssertGreaterThan(mapped, 1000)
    }

    func testFunctionTablesHoldTheFirstFunctionOfEachKeyAndName() {
        for (path, _, file) in Self.corpus {
            let tables = file.functionTables
            XCTAssertEqual(Set(tables.byKey.keys), Set(file.functions.map(\.key)), path)
            XCTAssertEqual(Set(tables.byName.keys), Set(file.functions.map(\.name)), path)
            for (k, f) in tables.byKey { XCTAssertTrue(file.functions.first { $0.key == k } === f, "\(path) \(k)") }
            for (n, f) in tables.byName { XCTAssertTrue(file.functions.first { $0.name == n } === f, "\(path) \(n)") }
        }
    }

    /// The call graph is kept by the file: a second engine over the same context reads what the first
    /// found, and it is what an engine over a context of its own finds.
    func testCallGraphIsSharedByEnginesOverOneFile() {
        let index = RuleIndex(RuleSet.all)
        var edges = 0
        for (path, source, file) in Self.corpus where file.functions.count > 1 {
            let first = Engine(file: file, index: index)
            let graph = file.functions.map(first.calls(of:))
            let second = Engine(file: file, index: index)
            XCTAssertEqual(file.functions.map(second.calls(of:)), graph, path)
            let fresh = FileContext(path: path, bytes: source, module: parseModule(source).module)
            let alone = Engine(file: fresh, index: index)
            XCTAssertEqual(fresh.functions.map(alone.calls(of:)), graph, path)
            edges += graph.reduce(0) { $0 + $1.count }
        }
        XCTAssertGreaterThan(edges, 100)
    }

    /// The walks `FunctionSyntax` replaced, as they were: its plain definitions.
    static func plainCallees(_ f: FunctionInfo, _ engine: Engine) -> Set<String> {
        var out = Set<String>()
        for s in f.def.body {
            s.walk { st in
                for e in st.childExpressions {
                    e.walk { x in
                        guard case .call(let callee, _, _) = x.kind, let target = engine.target(of: callee, from: f) else { return }
                        out.insert(target.key)
                    }
                }
            }
        }
        return out
    }

    static func plainStoresAttributes(_ f: FunctionInfo) -> Bool {
        var found = false
        for s in f.def.body {
            s.walk { st in
                if case .assign(let targets, _) = st.kind, targets.contains(where: { $0.dottedName?.hasPrefix("self.") == true }) { found = true }
            }
        }
        return found
    }

    /// Every name the definition mentions but its decorators.
    static func plainNames(_ f: FunctionInfo) -> Set<String> {
        var out = Set<String>()
        let own = f.def.args.defaults + f.def.args.kwDefaults.compactMap { $0 } + f.def.args.all.compactMap(\.annotation)
            + (f.def.returns.map { [$0] } ?? [])
        for e in own { e.walk { x in if case .name(let n, _) = x.kind { out.insert(n) } } }
        for s in f.def.body {
            s.walk { st in
                for e in st.childExpressions { e.walk { x in if case .name(let n, _) = x.kind { out.insert(n) } } }
            }
        }
        return out
    }

    func testFunctionSyntaxIsWhatThePlainWalksFind() {
        let index = RuleIndex(RuleSet.all)
        var callees = 0, storing = 0, names = 0, leftOut = 0
        for (path, source, file) in Self.corpus {
            let engine = Engine(file: file, index: index)
            let bound = file.moduleLevelUnits.list.reduce(into: Set<String>()) { $0.formUnion($1.binds) }
            XCTAssertEqual(file.moduleLevelUnits.bound, bound, path)
            for f in file.functions {
                // Asked without names first, as an engine over an imported module does.
                let plain = engine.syntax(of: f)
                XCTAssertNil(plain.moduleNames, "\(path) \(f.key)")
                XCTAssertEqual(plain.callees, Self.plainCallees(f, engine), "\(path) \(f.key)")
                XCTAssertEqual(plain.storesAttributes, Self.plainStoresAttributes(f), "\(path) \(f.key)")
                let all = Self.plainNames(f)
                XCTAssertEqual(engine.moduleNames(readBy: f), all.intersection(bound), "\(path) \(f.key)")
                let withNames = engine.syntax(of: f, withNames: true)
                XCTAssertEqual(withNames.callees, plain.callees, "\(path) \(f.key)")
                XCTAssertNotNil(engine.syntax(of: f).moduleNames, "\(path) \(f.key): kept with its names")
                callees += plain.callees.count
                if plain.storesAttributes { storing += 1 }
                names += withNames.moduleNames?.count ?? 0
                leftOut += all.count - (withNames.moduleNames?.count ?? 0)
            }
            // A fresh context asked for names first finds the same.
            let fresh = FileContext(path: path, bytes: source, module: parseModule(source).module)
            let alone = Engine(file: fresh, index: index)
            XCTAssertEqual(fresh.functions.map { alone.moduleNames(readBy: $0) }, file.functions.map { engine.moduleNames(readBy: $0) }, path)
            XCTAssertEqual(fresh.functions.map { alone.calls(of: $0) }, file.functions.map { engine.calls(of: $0) }, path)
        }
        XCTAssertGreaterThan(callees, 100)
        XCTAssertGreaterThan(storing, 20)
        XCTAssertGreaterThan(names, 100)
        XCTAssertGreaterThan(leftOut, 1000, "most names a function mentions are its own")
    }

    /// The module-level units the context keeps are those made afresh, and only a `with` (of the compound
    /// statements `ModuleLevelUnits` keeps whole) holds functions of the file's list.
    func testModuleLevelUnitsAreMadeOnceAsAFreshOne() {
        var owned = 0, compound = 0
        let compounds = Array("""
        import os
        with open("x") as fh:
            def inside(a):
                return os.system(a)
            class InWith:
                def m(self):
                    return fh
        for i in range(3):
            def in_loop():
                return i
        while False:
            def in_while():
                pass
        match os.name:
            case "nt":
                def in_match():
                    pass
        class K:
            for j in range(2):
                def in_class_loop(self):
                    return j
            with open("y") as g:
                def in_class_with(self):
                    return g
        if True:
            with open("z"):
                def in_if_with():
                    pass

        """.utf8)
        let sample = ("compounds.py", compounds, FileContext(path: "compounds.py", bytes: compounds, module: parseModule(compounds).module))
        for (path, _, file) in Self.corpus + [sample] {
            let kept = file.moduleLevelUnits
            let fresh = ModuleLevelUnits(file.module, functions: file.functions)
            XCTAssertEqual(kept.list.count, fresh.list.count, path)
            for (a, b) in zip(kept.list, fresh.list) {
                XCTAssertEqual(a.regions, b.regions, path)
                XCTAssertEqual(a.owned, b.owned, path)
                XCTAssertEqual(a.reads, b.reads, path)
                XCTAssertEqual(a.binds, b.binds, path)
                XCTAssertEqual(a.calls.map(\.span), b.calls.map(\.span), path)
                XCTAssertEqual(a.classes, b.classes, path)
                XCTAssertEqual(a.unknown, b.unknown, path)
                owned += a.owned.count
            }
            var readers: [String: [Int]] = [:], writers: [String: [Int]] = [:]
            for (u, unit) in kept.list.enumerated() {
                for n in unit.reads { readers[n, default: []].append(u) }
                for n in unit.binds { writers[n, default: []].append(u) }
            }
            XCTAssertEqual(kept.readers, readers, path)
            XCTAssertEqual(kept.writers, writers, path)
            // The statements `ModuleLevelUnits.collect` keeps whole: in the module, class bodies, `if` and `try`.
            func visit(_ body: [Stmt]) {
                for s in body {
                    switch s.kind {
                    case .functionDef: continue
                    case .classDef(let c): visit(c.body)
                    case .if(_, let body, let orelse): visit(body); visit(orelse)
                    case .try(let body, let handlers, let orelse, let finalbody, _): visit(body + handlers.flatMap(\.body) + orelse + finalbody)
                    default:
                        guard !s.isSimple else { continue }
                        compound += 1
                        if case .with = s.kind { continue }
                        XCTAssertFalse(file.functions.contains { s.span.start <= $0.span.start && $0.span.end <= s.span.end }, "\(path) \(s.span)")
                    }
                }
            }
            visit(file.module.body)
        }
        XCTAssertGreaterThan(compound, 10)
        XCTAssertEqual(sample.2.moduleLevelUnits.list.flatMap(\.owned), [3...4, 6...7, 23...24, 27...28], "the defs in a `with`, a method of a class in one too")
        XCTAssertGreaterThan(owned, 3)
    }

    /// Many threads asking one fresh context at once all get the plain answers.
    func testIndexesAreBuiltOnceUnderConcurrentUse() throws {
        let stdlibFile = try XCTUnwrap(Self.corpus.first { $0.path == "subprocess.py" }, "needs the stdlib sample")
        let expectedNames = stdlibFile.file.calledNames
        let expectedOffsets = stdlibFile.file.equalityOffsets
        let index = RuleIndex(RuleSet.all)
        let expectedGraph = stdlibFile.file.functions.map(Engine(file: stdlibFile.file, index: index).calls(of:))
        let bound = ModuleLevelUnits(stdlibFile.file.module, functions: stdlibFile.file.functions).bound
        let expectedNamesRead = stdlibFile.file.functions.map { Self.plainNames($0).intersection(bound) }
        let expectedWriters = ModuleLevelUnits(stdlibFile.file.module, functions: stdlibFile.file.functions).writers
        for _ in 0..<3 {
            let shared = FileContext(path: stdlibFile.path, bytes: stdlibFile.source, module: parseModule(stdlibFile.source).module)
            let lock = NSLock()
            var wrong: [String] = []
            DispatchQueue.concurrentPerform(iterations: 8) { i in
                var problems: [String] = []
                if shared.calledNames != expectedNames { problems.append("calledNames on thread \(i)") }
                if shared.equalityOffsets != expectedOffsets { problems.append("equalityOffsets on thread \(i)") }
                if shared.functionTables.byKey.count != Set(shared.functions.map(\.key)).count { problems.append("functionTables on thread \(i)") }
                let engine = Engine(file: shared, index: index)
                if shared.functions.map(engine.calls(of:)) != expectedGraph { problems.append("call graph on thread \(i)") }
                if shared.functions.map({ engine.moduleNames(readBy: $0) }) != expectedNamesRead { problems.append("names read on thread \(i)") }
                if shared.moduleLevelUnits.writers != expectedWriters { problems.append("module-level units on thread \(i)") }
                lock.lock(); wrong += problems; lock.unlock()
            }
            XCTAssertEqual(wrong, [])
        }
    }
}
