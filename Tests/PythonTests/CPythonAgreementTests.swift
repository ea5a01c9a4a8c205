import Foundation
import XCTest
@testable import Python

/// Parses every .py file of the machine's CPython standard library with Shortwall and with CPython's
/// `ast.parse` (Tests/Helpers/cpython_parse.py, one run, JSON lines) and requires agreement on every file:
/// both accept with the same statements (count, and start and end line of each in walk order), or both
/// reject. The grammar version follows the python3 being compared against. Known, deliberate gap: none;
/// site-packages (third-party code) is left out unless SHORTWALL_PARSE_SITE_PACKAGES=1.
final class CPythonAgreementTests: XCTestCase {
    func testEveryStdlibFileAgreesWithCPython() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Helpers/cpython_parse.py").path
        // SHORTWALL_PYTHON picks another interpreter (e.g. a python3.12) to compare against.
        var arguments = [ProcessInfo.processInfo.environment["SHORTWALL_PYTHON"] ?? "python3", script]
        if ProcessInfo.processInfo.environment["SHORTWALL_PARSE_SITE_PACKAGES"] == "1" { arguments.append("--site-packages") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { throw XCTSkip("python3 not available: \(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "reference script failed")

        var lines = data.split(separator: UInt8(ascii: "\n"))
        guard !lines.isEmpty,
              let header = try JSONSerialization.jsonObject(with: Data(lines.removeFirst())) as? [String: Any],
              let v = header["version"] as? [Int], v.count == 2 else {
            return XCTFail("no header from reference script")
        }
        guard v[0] == 3, let version = PythonVersion(rawValue: min(max(v[1], 11), 12)) else {
            throw XCTSkip("python3 \(v) is not 3.11 or later")
        }
        struct Reference { var path: String; var ok: Bool; var lines: [[Int]]; var error: String }
        var refs: [Reference] = []
        for line in lines {
            guard let obj = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let path = obj["path"] as? String, let ok = obj["ok"] as? Bool else {
                XCTFail("bad reference line")
                continue
            }
            refs.append(Reference(path: path, ok: ok, lines: obj["lines"] as? [[Int]] ?? [],
                                  error: obj["error"] as? String ?? ""))
        }
        XCTAssertGreaterThan(refs.count, 100, "too few stdlib files found")

        // Parse in parallel; each slot is written by one iteration only.
        var outcomes = [String?](repeating: nil, count: refs.count)
        var accepted = [Bool](repeating: false, count: refs.count)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: refs.count) { i in
            let ref = refs[i]
            guard let bytes = FileManager.default.contents(atPath: ref.path) else {
                lock.lock(); outcomes[i] = "cannot read"; lock.unlock()
                return
            }
            let result = parseModule([UInt8](bytes), version: version)
            var problem: String? = nil
            if let d = result.diagnostics.first {
                if ref.ok { problem = "Shortwall rejects \(d.position.line):\(d.position.column): \(d.message)" }
            } else if !ref.ok {
                problem = "Shortwall accepts; CPython: \(ref.error)"
            } else {
                var spans: [[Int]] = []
                for stmt in result.module.body { stmt.walk { spans.append([$0.span.start.line, $0.span.end.line]) } }
                if spans != ref.lines {
                    let k = (0..<min(spans.count, ref.lines.count)).first { spans[$0] != ref.lines[$0] } ?? min(spans.count, ref.lines.count)
                    let ours = k < spans.count ? "\(spans[k])" : "none"
                    let theirs = k < ref.lines.count ? "\(ref.lines[k])" : "none"
                    problem = "statements differ (N \(spans.count) vs \(ref.lines.count)); statement \(k): ours \(ours), CPython \(theirs)"
                }
            }
            lock.lock()
            outcomes[i] = problem
            accepted[i] = result.diagnostics.isEmpty
            lock.unlock()
        }
        let disagreements = zip(refs, outcomes).compactMap { ref, problem in problem.map { "\(ref.path): \($0)" } }
        let bothAccept = zip(refs, accepted).filter { $0.0.ok && $0.1 }.count
        let bothReject = zip(refs, accepted).filter { !$0.0.ok && !$0.1 }.count
        print("CPython \(v[0]).\(v[1]) agreement: \(refs.count) files, \(bothAccept) both accept, \(bothReject) both reject, \(disagreements.count) disagree")
        for d in disagreements.prefix(50) { print("  " + d) }
        XCTAssertEqual(disagreements.count, 0, disagreements.prefix(20).joined(separator: "\n"))
    }
}
