import Foundation
import XCTest
import Findings
import Python
@testable import PythonRules

/// Rules declare the calls they look at (`Rule.calls`, `Rule.imports`) and the engine hands each call only to
/// the rules whose declaration matches. These tests hold both halves to it on every rule example, the seed
/// apps and a sample of the standard library: the hooks are reached for exactly the declared calls, and no
/// hook would have found anything in a call its rule did not declare.
final class DispatchTests: XCTestCase {
    /// What instrumented hooks saw, keyed by file and call span (a call is visited once per analysis round).
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var calls: [String: (call: Call, path: String)] = [:]
        private(set) var reached: [String: Set<String>] = [:]
        private(set) var undeclaredHits: [String] = []
        func saw(_ key: String, _ c: Call, _ path: String) { lock.lock(); calls[key] = (c, path); lock.unlock() }
        func reached(_ key: String, _ rule: String) { lock.lock(); reached[key, default: []].insert(rule); lock.unlock() }
        func undeclared(_ what: String) { lock.lock(); undeclaredHits.append(what); lock.unlock() }
    }

    static func key(_ file: FileContext, _ c: Call) -> String {
        "\(file.path):\(c.span.start.line):\(c.span.start.column)-\(c.span.end.line):\(c.span.end.column)"
    }

    /// The rule examples, the seed apps, and standard-library modules that use the APIs rules look at.
    static func corpus() -> [(path: String, source: [UInt8])] {
        var out: [(String, [UInt8])] = []
        for rule in RuleSet.all {
            for (i, ex) in (rule.triggering + rule.nonTriggering).enumerated() {
                out.append(("\(rule.id)/\(i)/\(parseExample(ex).path)", Array(ex.utf8)))
            }
        }
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for name in ["seed_app.py", "seed_app_fixed.py"] {
            let url = here.appendingPathComponent("../shared/examples/\(name)").standardized
            if let d = try? Data(contentsOf: url) { out.append((name, Array(d))) }
        }
        if let stdlib = stdlibPath() {
            for rel in ["subprocess.py", "ssl.py", "tarfile.py", "shutil.py", "tempfile.py", "random.py", "pickle.py", "shelve.py",
                        "ftplib.py", "telnetlib.py", "smtplib.py", "hmac.py", "secrets.py", "http/server.py", "http/cookies.py",
                        "http/client.py", "urllib/request.py", "logging/config.py", "xml/dom/minidom.py", "xml/etree/ElementTree.py",
                        "xml/sax/expatreader.py", "sqlite3/dump.py", "wsgiref/simple_server.py", "os.py", "zipfile.py",
                        "pydoc.py", "imaplib.py", "asyncio/subprocess.py", "json/__init__.py", "multiprocessing/connection.py"] {
                if let d = FileManager.default.contents(atPath: stdlib + "/" + rel) { out.append((rel, Array(d))) }
            }
        }
        return out
    }

    static func stdlibPath() -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [ProcessInfo.processInfo.environment["SHORTWALL_PYTHON"] ?? "python3", "-c",
                       "import sysconfig; print(sysconfig.get_paths()['stdlib'])"]
        let pipe = Pipe()
        p.standardOutput = pipe
        guard (try? p.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let s = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return s.isEmpty ? nil : s
    }

    static func analyze(_ rules: [Rule]) {
        let index = RuleIndex(rules)
        for (path, source) in corpus() {
            let file = FileContext(path: path, bytes: source, module: parseModule(source).module)
            _ = Engine(file: file, index: index).run(addedLines: nil)
        }
    }

    func testEveryCallHookDeclaresItsCallsAndOnlyCallHooksDo() {
        for rule in RuleSet.all {
            XCTAssertEqual(rule.onCall != nil, !rule.calls.isEmpty, "\(rule.id): a call hook needs a call pattern, and a pattern a hook")
            XCTAssertFalse(rule.calls.everyCall, "\(rule.id) asks for every call; declare what it looks at")
            for p in rule.calls.prefixes { XCTAssertTrue(p.hasSuffix(".") && !p.hasPrefix("."), "\(rule.id): prefix \(p)") }
        }
    }

    /// The hooks are reached for exactly the calls their rule declares: hooks are wrapped to record what reaches
    /// them, an observer declared for every call records every call, and the plain reading of each declaration
    /// (`CallPattern.matches`, `Rule.isRelevant`) says which rules should have been reached.
    func testHooksAreReachedForExactlyTheDeclaredCalls() {
        let rec = Recorder()
        var observer = RuleSet.all[0]
        observer.id = "test.observer"
        observer.calls = CallPattern(everyCall: true)
        observer.imports = []
        observer.onStatement = nil; observer.onReturn = nil; observer.onFunction = nil; observer.onFile = nil
        observer.onCall = { c, flow in rec.saw(DispatchTests.key(flow.file, c), c, flow.file.path); return [] }
        let wrapped = RuleSet.all.map { rule -> Rule in
            var r = rule
            if let hook = rule.onCall {
                let id = rule.id
                r.onCall = { c, flow in rec.reached(DispatchTests.key(flow.file, c), id); return hook(c, flow) }
            }
            return r
        }
        DispatchTests.analyze([observer] + wrapped)

        XCTAssertGreaterThan(rec.calls.count, 5_000, "the corpus should hold many calls")
        var files: [String: FileContext] = [:]
        var mismatches: [String] = []
        var reachedRules = Set<String>()
        var callsWithAHook = 0
        for (key, (c, path)) in rec.calls {
            let file = files[path] ?? DispatchTests.fileContext(path)
            files[path] = file
            let expected = Set(RuleSet.all.filter { $0.onCall != nil && $0.calls.matches(c, in: file) && $0.isRelevant(to: file) }.map(\.id))
            let got = rec.reached[key] ?? []
            if got != expected { mismatches.append("\(key): reached \(got.sorted()), declared \(expected.sorted())") }
            if !got.isEmpty { callsWithAHook += 1 }
            reachedRules.formUnion(got)
        }
        // Hooks reached for a call the observer never saw would be reached outside the dispatch.
        for key in rec.reached.keys where rec.calls[key] == nil { mismatches.append("\(key): reached outside dispatch") }
        XCTAssertEqual(mismatches.count, 0, mismatches.prefix(10).joined(separator: "\n"))
        // Most calls concern no rule; the index must say so rather than reach everything.
        XCTAssertLessThan(callsWithAHook, rec.calls.count / 2)
        XCTAssertGreaterThan(callsWithAHook, 500)
        let callRules = Set(RuleSet.all.filter { $0.onCall != nil }.map(\.id))
        XCTAssertEqual(callRules.subtracting(reachedRules), [], "rules whose hook no call of the corpus reached")
    }

    /// No hook finds anything in a call its rule did not declare: every hook runs on every call (its pattern
    /// widened to all calls), and any hit outside the original declaration is an error. Hits outside the
    /// declaration are dropped, so the analysis itself is the one a review does.
    func testNoHookFindsAnythingOutsideItsDeclaration() {
        let rec = Recorder()
        var ran = 0
        let widened = RuleSet.all.map { rule -> Rule in
            var r = rule
            guard let hook = rule.onCall else { return r }
            let pattern = rule.calls, id = rule.id
            r.calls = CallPattern(everyCall: true)
            r.onCall = { c, flow in
                let hits = hook(c, flow)
                if pattern.matches(c, in: flow.file) { return hits }
                if !hits.isEmpty { rec.undeclared("\(id) at \(DispatchTests.key(flow.file, c)): \(flow.file.brief(c.span))") }
                return []
            }
            ran += 1
            return r
        }
        XCTAssertGreaterThan(ran, 30)
        DispatchTests.analyze(widened)
        XCTAssertEqual(rec.undeclaredHits.count, 0, Set(rec.undeclaredHits).sorted().prefix(10).joined(separator: "\n"))
    }

    /// The same findings whether hooks are dispatched through the index or (widened as above) run on every call.
    func testFindingsDoNotDependOnTheIndex() {
        let widened = RuleSet.all.map { rule -> Rule in
            var r = rule
            guard let hook = rule.onCall else { return r }
            let pattern = rule.calls
            r.calls = CallPattern(everyCall: true)
            r.onCall = { c, flow in pattern.matches(c, in: flow.file) ? hook(c, flow) : [] }
            return r
        }
        let a = RuleIndex(RuleSet.all), b = RuleIndex(widened)
        var compared = 0
        for (path, source) in DispatchTests.corpus() {
            let file = FileContext(path: path, bytes: source, module: parseModule(source).module)
            let x = Engine(file: file, index: a).run(addedLines: nil).map { "\($0.rule.id)@\($0.span.start.line):\($0.span.start.column) \($0.message)" }
            let y = Engine(file: file, index: b).run(addedLines: nil).map { "\($0.rule.id)@\($0.span.start.line):\($0.span.start.column) \($0.message)" }
            XCTAssertEqual(x, y, path)
            compared += x.count
        }
        XCTAssertGreaterThan(compared, 100)
    }

    /// A rule whose modules a file does not import does not run there at all.
    func testImportsGateARule() {
        let tls = RuleSet.weakTLSProtocol
        XCTAssertFalse(tls.imports.isEmpty)
        let with = "import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\n"
        let aliased = "from ssl import SSLContext, PROTOCOL_TLSv1 as V\nctx = SSLContext(V)\n"
        let without = "ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\n"
        XCTAssertEqual(lines(review(with), tls.id), [2])
        XCTAssertEqual(lines(review(aliased), tls.id), [2])
        XCTAssertEqual(lines(review(without), tls.id), [])
        XCTAssertTrue(tls.isRelevant(to: DispatchTests.context("import ssl.x\n")))
        XCTAssertFalse(tls.isRelevant(to: DispatchTests.context("import sslib\n")))
    }

    /// `rules --json` describes each rule's interests from the same declarations.
    func testRuleInfoCarriesTheInterests() throws {
        let infos = Dictionary(uniqueKeysWithValues: PythonReviewer().rules.map { ($0.id, $0) })
        let cmd = try XCTUnwrap(infos["python.command-injection"]?.interests)
        XCTAssertTrue(cmd.calls.contains("subprocess.run"))
        XCTAssertTrue(cmd.methods.contains { $0.name == "exec_command" && $0.receiver == nil })
        let headers = try XCTUnwrap(infos["python.header-injection"]?.interests)
        XCTAssertTrue(headers.methods.contains { $0.name == "add" && $0.receiver == "receiver named headers" })
        XCTAssertEqual(infos["python.timing-unsafe-comparison"]?.interests?.hooks, ["statement"])
        XCTAssertEqual(infos["python.weak-tls-protocol"]?.interests?.imports, ["ssl", "OpenSSL"])
    }

    static func context(_ source: String) -> FileContext {
        let bytes = Array(source.utf8)
        return FileContext(path: "app.py", bytes: bytes, module: parseModule(bytes).module)
    }

    /// Rebuilds the context of a corpus file from its path (the keys carry the path, not the context).
    static func fileContext(_ path: String) -> FileContext {
        let entry = corpusByPath[path]!
        return FileContext(path: path, bytes: entry, module: parseModule(entry).module)
    }

    static let corpusByPath: [String: [UInt8]] = Dictionary(corpus().map { ($0.path, $0.source) }, uniquingKeysWith: { a, _ in a })
}
