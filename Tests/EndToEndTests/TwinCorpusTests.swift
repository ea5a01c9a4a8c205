import Foundation
import XCTest

/// Issue 15's measuring stick, run from the command line a user would type: the twin corpus that
/// bench/twins/make_twins.py writes (a real flaw and a safe twin calling the same sink, per pair) is scanned
/// by the built CLI, and every category's true- and false-positive rates are computed the way
/// bench/twins/score.py does, with its CWE table.
final class TwinCorpusTests: XCTestCase {
    /// Today's mean Youden index (TPR - FPR over the 16 categories) minus 0.02. The lead raises it as the
    /// taint engine learns to tell twins apart; a change that lowers the mean below it fails here.
    static let minimumMeanYouden = 0.91

    static let benchFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("bench/twins")

    struct Row {
        var pairs = 0, realFlagged = 0, safeFlagged = 0
        var tpr: Double { pairs == 0 ? 0 : Double(realFlagged) / Double(pairs) }
        var fpr: Double { pairs == 0 ? 0 : Double(safeFlagged) / Double(pairs) }
        var youden: Double { tpr - fpr }
    }

    func testTwinCorpusScore() throws {
        let sandbox = try Sandbox()
        let corpus = sandbox.root.appendingPathComponent("twins")
        let generated = try sandbox.run("/usr/bin/env", ["python3", Self.benchFolder.appendingPathComponent("make_twins.py").path, corpus.path])
        XCTAssertEqual(generated.status, 0, generated.stderr)
        let table = try sandbox.run("/usr/bin/env", ["python3", Self.benchFolder.appendingPathComponent("score.py").path, "--cwes"])
        XCTAssertEqual(table.status, 0, table.stderr)
        let cwes = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(table.stdout.utf8)) as? [String: [Int]])

        let scan = try sandbox.shortwall(["scan", corpus.path, "--only", "python", "--format", "json", "--no-baseline",
                                          "--max-findings-per-file", "0", "--max-findings-per-rule", "0"], timeout: 120)
        XCTAssertFalse(scan.timedOut || scan.crashed, scan.stderr)
        XCTAssertNotEqual(scan.status, 2, scan.stderr)
        let findings = try Sandbox.findings(scan.stdout)

        // A case folder is flagged when one of its files has a finding with a CWE of its category.
        var flagged = Set<String>()
        let root = corpus.resolvingSymlinksInPath().path
        for finding in findings {
            guard let file = finding["file"] as? String, let cwe = finding["cwe"] as? Int else { continue }
            let path = URL(fileURLWithPath: file).resolvingSymlinksInPath().path
            guard path.hasPrefix(root + "/") else { continue }
            let parts = path.dropFirst(root.count + 1).split(separator: "/")
            guard parts.count >= 3, let set = cwes[String(parts[0])], set.contains(cwe) else { continue }
            flagged.insert("\(parts[0])/\(parts[1])")
        }

        var rows: [(String, Row)] = []
        var falseAlarms: [String] = [], misses: [String] = []
        for category in cwes.keys.sorted() {
            let folders = try FileManager.default.contentsOfDirectory(atPath: corpus.appendingPathComponent(category).path).sorted()
            var row = Row()
            for folder in folders {
                let name = "\(category)/\(folder)"
                if folder.hasSuffix("-real") {
                    row.pairs += 1
                    if flagged.contains(name) { row.realFlagged += 1 } else { misses.append(name) }
                } else if folder.hasSuffix("-safe"), flagged.contains(name) {
                    row.safeFlagged += 1
                    falseAlarms.append(name)
                }
            }
            XCTAssertEqual(folders.count, 2 * row.pairs, "\(category): every real flaw has its safe twin")
            rows.append((category, row))
        }

        let mean = rows.map { $0.1.youden }.reduce(0, +) / Double(max(rows.count, 1))
        var report = "twin corpus: category, pairs, real flagged, safe flagged, TPR, FPR, Youden\n"
        for (category, row) in rows {
            report += "  \(category.padding(toLength: 16, withPad: " ", startingAt: 0)) \(row.pairs) \(row.realFlagged) \(row.safeFlagged) "
            report += String(format: "%.2f %.2f %+.2f\n", row.tpr, row.fpr, row.youden)
        }
        report += String(format: "  mean Youden %+.3f over %d pairs (floor %+.2f)\n", mean, rows.map { $0.1.pairs }.reduce(0, +), Self.minimumMeanYouden)
        report += "safe twins flagged (\(falseAlarms.count)):\n" + falseAlarms.map { "  \($0): \(shape(corpus, $0))\n" }.joined()
        report += "real flaws missed (\(misses.count)):\n" + misses.map { "  \($0): \(shape(corpus, $0))\n" }.joined()
        print(report)

        XCTAssertGreaterThanOrEqual(rows.count, 16)
        XCTAssertGreaterThanOrEqual(rows.map { $0.1.pairs }.reduce(0, +), 300)
        for (category, row) in rows { XCTAssertGreaterThanOrEqual(row.pairs, 18, category) }
        XCTAssertGreaterThanOrEqual(mean, Self.minimumMeanYouden, "mean Youden index fell below the floor")
    }

    /// The shape a case's first line names (`# twin: sql real — dict read back by constant key`).
    private func shape(_ corpus: URL, _ name: String) -> String {
        let text = (try? String(contentsOf: corpus.appendingPathComponent(name).appendingPathComponent("app.py"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n", maxSplits: 1).first.map { $0.components(separatedBy: "— ").last ?? "" } ?? ""
    }
}
