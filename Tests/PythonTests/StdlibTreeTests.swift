import Foundation
import XCTest
@testable import Python

/// Whole trees, not just statement lines: every node's type, fields and start/end positions must match
/// CPython's `ast` on a deterministic sample of the stdlib (every 8th file; SHORTWALL_FULL_DUMP=1 for all).
/// Known, documented differences are normalized by the helper: number values (we keep spelling) and lone
/// surrogates in strings (Swift strings cannot hold them; we store U+FFFD).
final class StdlibTreeTests: XCTestCase {
    func testTreesMatchCPythonNodeForNode() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Helpers/cpython_dump.py").path
        let env = ProcessInfo.processInfo.environment
        let every = env["SHORTWALL_FULL_DUMP"] == "1" ? 1 : 8
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [env["SHORTWALL_PYTHON"] ?? "python3", script, "--every=\(every)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { throw XCTSkip("python3 not available") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = data.split(separator: UInt8(ascii: "\n"))
        guard let header = lines.first.map({ String(decoding: $0, as: UTF8.self) }), header.hasPrefix("#VERSION\t") else {
            return XCTFail("no header from cpython_dump.py")
        }
        let version: PythonVersion = header.hasSuffix("3.11") ? .v3_11 : .v3_12
        let entries = lines.dropFirst().map { line -> (String, Substring) in
            let s = String(decoding: line, as: UTF8.self)
            let tab = s.firstIndex(of: "\t")!
            return (String(s[..<tab]), s[s.index(after: tab)...])
        }
        XCTAssertGreaterThan(entries.count, 100)
        var problems = [String?](repeating: nil, count: entries.count)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: entries.count) { i in
            let (path, expected) = entries[i]
            guard let bytes = FileManager.default.contents(atPath: path) else { return }
            let result = parseModule([UInt8](bytes), version: version)
            var problem: String? = nil
            if let d = result.diagnostics.first {
                problem = "rejected: \(d.position.line):\(d.position.column) \(d.message)"
            } else {
                let ours = dumpAST(result.module, version: version).split(separator: " ")
                let theirs = expected.split(separator: " ")
                if ours != theirs {
                    let k = (0..<min(ours.count, theirs.count)).first { ours[$0] != theirs[$0] } ?? min(ours.count, theirs.count)
                    let lo = max(0, k - 8)
                    problem = "differs at token \(k):\n    ours: \(ours[lo..<min(ours.count, k + 4)].joined(separator: " ").prefix(300))\n    cpy:  \(theirs[lo..<min(theirs.count, k + 4)].joined(separator: " ").prefix(300))"
                }
            }
            lock.lock(); problems[i] = problem; lock.unlock()
        }
        let bad = zip(entries, problems).compactMap { e, p in p.map { "\(e.0): \($0)" } }
        print("CPython tree comparison: \(entries.count) files, \(entries.count - bad.count) identical, \(bad.count) differ")
        for b in bad.prefix(20) { print("  " + b) }
        XCTAssertEqual(bad.count, 0, bad.prefix(5).joined(separator: "\n"))
    }
}
