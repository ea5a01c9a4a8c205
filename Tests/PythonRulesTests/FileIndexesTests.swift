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

    /// Many threads asking one fresh context at once all get the plain answers.
    func testIndexesAreBuiltOnceUnderConcurrentUse() throws {
        let stdlibFile = try XCTUnwrap(Self.corpus.first { $0.path == "subprocess.py" }, "needs the stdlib sample")
        let expectedNames = stdlibFile.file.calledNames
        let expectedOffsets = stdlibFile.file.equalityOffsets
        let index = RuleIndex(RuleSet.all)
        let expectedGraph = stdlibFile.file.functions.map(Engine(file: stdlibFile.file, index: index).calls(of:))
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
                lock.lock(); wrong += problems; lock.unlock()
            }
            XCTAssertEqual(wrong, [])
        }
    }
}
