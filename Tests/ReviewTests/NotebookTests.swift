import Findings
import Foundation
import PythonRules
@testable import Review
import Secrets
import XCTest

/// Jupyter notebooks: their code cells reviewed as Python, findings placed on the notebook's own lines.
final class NotebookTests: XCTestCase {
    /// A notebook as Jupyter writes it: one JSON string per source line, one per file line.
    private func notebook(_ cells: [(type: String, lines: [String])]) throws -> [UInt8] {
        let json: [String: Any] = [
            "cells": cells.map { cell -> [String: Any] in
                var c: [String: Any] = ["cell_type": cell.type, "metadata": [String: Any](), "source": cell.lines.enumerated().map { i, l in
                    i == cell.lines.count - 1 ? l : l + "\n"
                }]
                if cell.type == "code" { c["outputs"] = [Any](); c["execution_count"] = NSNull() }
                return c
            },
            "metadata": [String: Any](), "nbformat": 4, "nbformat_minor": 5,
        ]
        let data = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
        return [UInt8](data)
    }

    private func lineNumber(of needle: String, in content: [UInt8]) -> Int? {
        String(decoding: content, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains(needle) }.map { $0 + 1 }
    }

    private let reviewer = Reviewer(secrets: try! SecretScanner.default(), python: PythonReviewer())

    func testCodeCellsAreReviewedAtTheirNotebookLines() throws {
        let content = try notebook([
            ("markdown", ["# Fetch the data", "requests.get(url, verify=False) in prose is not code"]),
            ("code", ["%matplotlib inline", "import requests", "r = requests.get(\"https://api.example.com\", verify=False)"]),
            ("code", ["import yaml", "cfg = yaml.load(open(\"c.yml\"))"]),
        ])
        let findings = reviewer.review(path: "nb/explore.ipynb", content: content, lines: nil)
        let tls = try XCTUnwrap(findings.first { $0.rule == "python.tls-verification-disabled" })
        let tlsLine = try XCTUnwrap(lineNumber(of: "api.example.com", in: content))
        XCTAssertEqual(tls.line, tlsLine)
        // The column is the F of False inside the JSON string, with its two \" escapes counted as written.
        let text = String(decoding: content, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)[tlsLine - 1]
        let falseColumn = text.distance(from: text.startIndex, to: text.range(of: "False")!.lowerBound) + 1
        XCTAssertEqual(tls.column, falseColumn)
        XCTAssertEqual(tls.snippet, "r = requests.get(\"https://api.example.com\", verify=False)")
        XCTAssertEqual(findings.filter { $0.line == lineNumber(of: "prose", in: content) }, [])
        XCTAssertTrue(findings.contains { $0.rule == "python.insecure-deserialization" && $0.line == lineNumber(of: "yaml.load", in: content) })
    }

    func testOnlyFindingsOnAddedNotebookLines() throws {
        let content = try notebook([
            ("code", ["import requests", "requests.get(\"https://a.example\", verify=False, timeout=5)"]),
            ("code", ["requests.post(\"https://b.example\", verify=False, timeout=5)"]),
        ])
        let added = try XCTUnwrap(lineNumber(of: "b.example", in: content))
        let findings = reviewer.review(path: "n.ipynb", content: content, lines: [added])
        XCTAssertEqual(findings.map(\.line), [added])
        XCTAssertEqual(reviewer.review(path: "n.ipynb", content: content, lines: [1]), [])
    }

    func testANotebookNotInJupytersLayoutIsOnlyScannedForSecrets() throws {
        // A cell's source as one string: lines cannot be placed, so no Python review (and no crash).
        let oneString = #"{"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": "import requests\nrequests.get(u, verify=False)\n"}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}"#
        XCTAssertNil(NotebookSource(Array(oneString.utf8)))
        XCTAssertEqual(reviewer.review(path: "x.ipynb", content: Array(oneString.utf8), lines: nil).filter { $0.kind == .python }, [])
        XCTAssertNil(NotebookSource(Array("not json".utf8)))
        XCTAssertNil(NotebookSource(Array("{\"cells\": 3}".utf8)))
    }

    func testEscapesAndNonASCIIBeforeAPosition() throws {
        let content = try notebook([("code", ["x = \"é\\t→\"; eval(input())"])])
        let nb = try XCTUnwrap(NotebookSource(content))
        let line = try XCTUnwrap(lineNumber(of: "eval", in: content))
        let text = String(decoding: content, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)[line - 1]
        let evalColumn = text.distance(from: text.startIndex, to: text.range(of: "eval")!.lowerBound) + 1
        // In the code, eval starts at character 13 (x = "é\t→"; eval...).
        XCTAssertEqual(nb.notebookPosition(line: 1, column: 13).column, evalColumn)
        XCTAssertEqual(nb.notebookPosition(line: 1, column: 13).line, line)
    }

    func testMangledNotebooksNeverCrashAndNeverPointOutsideTheFile() throws {
        let valid = try notebook([
            ("code", ["import requests", "r = requests.get(\"https://x\", verify=False)  # é"]),
            ("markdown", ["text"]),
            ("code", ["%time", "x = \"\\\"\\u00e9\"", "eval(input())"]),
        ])
        var generator = SystemRandomNumberGenerator()
        for round in 0..<300 {
            var bytes = valid
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                guard !bytes.isEmpty else { break }
                let at = Int.random(in: 0..<bytes.count, using: &generator)
                switch round % 4 {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.remove(at: at)
                case 2: bytes.insert([0x0A, 0x22, 0x5C, 0x5B, 0x5D][Int.random(in: 0..<5, using: &generator)], at: at)
                default: bytes = Array(bytes[..<at])
                }
            }
            let lineCount = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).count
            if let nb = NotebookSource(bytes) {
                for origin in nb.origins { XCTAssertLessThanOrEqual(origin.line, lineCount) }
                for line in 1...max(1, nb.origins.count) {
                    XCTAssertLessThanOrEqual(nb.notebookPosition(line: line, column: 200).line, lineCount)
                }
            }
            for f in reviewer.review(path: "m.ipynb", content: bytes, lines: nil) {
                XCTAssertLessThanOrEqual(f.line, lineCount, "round \(round)")
            }
        }
    }
}
