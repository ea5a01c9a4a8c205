import XCTest
import Findings
@testable import PythonRules
import Python

/// Reviews every .py file under $SHORTWALL_RULES_CORPUS and prints findings per rule and the time taken:
/// a measurement aid for false positives and speed, skipped when the variable is unset.
final class CorpusTests: XCTestCase {
    /// Prints every finding for $SHORTWALL_RULES_FILE (all fields a report would show).
    func testShowFile() throws {
        guard let path = ProcessInfo.processInfo.environment["SHORTWALL_RULES_FILE"] else {
            throw XCTSkip("set SHORTWALL_RULES_FILE to a Python file")
        }
        let data = try XCTUnwrap(FileManager.default.contents(atPath: path))
        let r = PythonReviewer().reviewWithDiagnostics(path: path, source: Array(data), addedLines: nil)
        for d in r.diagnostics { print("syntax error at \(d.position.line):\(d.position.column + 1): \(d.message)") }
        for f in r.findings {
            print("\(f.line):\(f.column)-\(f.endLine ?? 0):\(f.endColumn ?? 0) \(f.rule) [\(f.severity)/\(f.confidence)] CWE-\(f.cwe ?? 0)")
            print("    \(f.message)")
            print("    | \(f.snippet ?? "")")
            if let s = f.source { print("    source: \(s.description)") }
        }
    }

    func testCorpus() throws {
        guard let root = ProcessInfo.processInfo.environment["SHORTWALL_RULES_CORPUS"] else {
            throw XCTSkip("set SHORTWALL_RULES_CORPUS to a directory of Python files")
        }
        let fm = FileManager.default
        var files: [String] = []
        if root.hasSuffix(".py") { files = [root] }
        let walker = fm.enumerator(atPath: root)
        while let rel = walker?.nextObject() as? String { if rel.hasSuffix(".py") { files.append(root + "/" + rel) } }
        let reviewer = PythonReviewer()
        var byRule: [String: Int] = [:]
        var bytes = 0
        var errors = 0
        var shown: [String] = []
        var all: [Finding] = []
        let verbose = ProcessInfo.processInfo.environment["SHORTWALL_RULES_SHOW"]
        let start = Date()
        var slowest: [(Double, String)] = []
        for path in files {
            guard let data = fm.contents(atPath: path) else { continue }
            bytes += data.count
            let t0 = Date()
            let r = reviewer.reviewWithDiagnostics(path: path, source: Array(data), addedLines: nil)
            slowest.append((Date().timeIntervalSince(t0), "\(path) (\(data.count / 1024) KiB)"))
            if !r.diagnostics.isEmpty { errors += 1 }
            all.append(contentsOf: r.findings)
            for f in r.findings where f.confidence >= .medium {
                byRule[f.rule, default: 0] += 1
                if let v = verbose, f.rule.contains(v) { shown.append("\(f.file):\(f.line) [\(f.confidence)] \(f.message)\n    \(f.snippet ?? "")") }
            }
        }
        let seconds = Date().timeIntervalSince(start)
        if let out = ProcessInfo.processInfo.environment["SHORTWALL_RULES_JSON"] {
            try JSONEncoder().encode(all).write(to: URL(fileURLWithPath: out))
        }
        let parseStart = Date()
        for path in files { if let data = fm.contents(atPath: path) { _ = parseModule(Array(data)) } }
        print("parsing alone: \(String(format: "%.2f", Date().timeIntervalSince(parseStart))) s")
        print("corpus: \(files.count) files, \(bytes / 1024) KiB, \(errors) with syntax errors, \(String(format: "%.2f", seconds)) s")
        for (rule, n) in byRule.sorted(by: { $0.value > $1.value }) { print("  \(rule): \(n)") }
        for s in shown.prefix(80) { print(s) }
        for (t, p) in slowest.sorted(by: { $0.0 > $1.0 }).prefix(8) { print(String(format: "  %.2f s  ", t) + p) }
    }
}
