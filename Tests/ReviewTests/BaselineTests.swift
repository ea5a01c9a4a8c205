import Findings
import Foundation
import Review
import TestFixtures
import XCTest

final class BaselineTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("shortwall-baseline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func testWrittenFileHoldsHashesAndNoSecretText() throws {
        let path = directory.appendingPathComponent(".shortwall-baseline.json").path
        try Baseline(findings: Fixtures.all).write(to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertFalse(text.contains(Fixtures.rawSecret))
        XCTAssertFalse(text.contains(Fixtures.redacted), "not even the redacted secret")
        XCTAssertFalse(text.contains("AKIA"))
        XCTAssertFalse(text.contains("TOKEN"), "no snippet")
        XCTAssertFalse(text.contains("cursor.execute"), "no snippet")
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        XCTAssertEqual(root["version"] as? Int, 1)
        let entries = try XCTUnwrap(root["findings"] as? [[String: Any]])
        XCTAssertEqual(entries.count, 4)
        for entry in entries {
            XCTAssertEqual(Set(entry.keys), ["rule", "file", "fingerprint", "contentHash"])
        }
        XCTAssertEqual(entries.map { $0["file"] as? String },
                       ["app/views.py", "app/views.py", "config/settings.py", "deploy/old env,v1.sh"])
        XCTAssertEqual(try Baseline.load(path: path), Baseline(findings: Fixtures.all), "round trip")
        // Writing the same findings in another order gives the same bytes.
        try Baseline(findings: Fixtures.all.reversed() + Fixtures.all).write(to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), text)
    }

    func testHidesByFingerprintWhenTheLineMoves() {
        let baseline = Baseline(findings: [Fixtures.secret])
        var moved = Fixtures.secret
        moved.line = 99
        moved.contentHash = SHA256.hex("github-pat", "some other content")
        let (kept, suppressed) = baseline.filter([moved, Fixtures.tainted])
        XCTAssertEqual(suppressed, 1)
        XCTAssertEqual(kept, [Fixtures.tainted])
    }

    func testHidesByContentHashWhenTheFileIsRenamed() {
        let baseline = Baseline(findings: [Fixtures.secret])
        var renamed = Fixtures.secret
        renamed.file = "config/production.py"
        renamed.fingerprint = SHA256.hex("github-pat", "config/production.py", Fixtures.rawSecret)
        let (kept, suppressed) = baseline.filter([renamed])
        XCTAssertEqual(suppressed, 1)
        XCTAssertTrue(kept.isEmpty)
    }

    func testKeepsNewFindings() {
        let baseline = Baseline(findings: [Fixtures.secret])
        var other = Fixtures.secret
        other.fingerprint = SHA256.hex("new")
        other.contentHash = SHA256.hex("new content")
        let (kept, suppressed) = baseline.filter([other, Fixtures.history])
        XCTAssertEqual(suppressed, 0)
        XCTAssertEqual(kept.count, 2)
    }

    func testMalformedFilesAreErrorsNamingTheFile() throws {
        let path = directory.appendingPathComponent("bad.json").path
        let hash = String(repeating: "a", count: 64)
        let cases: [(String, String)] = [
            ("{\"version\": 1, \"findings\": [", "not valid JSON"),
            ("[1, 2]", "expected a JSON object"),
            ("{\"findings\": []}", "missing \"version\""),
            ("{\"version\": 7, \"findings\": []}", "unsupported version 7"),
            ("{\"version\": 1}", "missing \"findings\" array"),
            ("{\"version\": 1, \"findings\": [\"x\"]}", "findings[0]: expected an object"),
            ("{\"version\": 1, \"findings\": [{\"rule\": \"r\", \"fingerprint\": \"abc\", \"contentHash\": \"\(hash)\"}]}",
             "findings[0]: \"fingerprint\" must be a 64-character SHA-256 hex string"),
            ("{\"version\": 1, \"findings\": [{\"fingerprint\": \"\(hash)\", \"contentHash\": \"\(hash)\"}]}",
             "findings[0]: missing \"rule\""),
            ("\u{FF}\u{FE}garbage", "not valid JSON"),
        ]
        for (text, expected) in cases {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            XCTAssertThrowsError(try Baseline.load(path: path)) { error in
                let message = "\(error)"
                XCTAssertTrue(message.hasPrefix(path + ": "), message)
                XCTAssertTrue(message.contains(expected), "\(message) should contain \(expected)")
            }
        }
        XCTAssertThrowsError(try Baseline.load(path: directory.appendingPathComponent("missing.json").path)) { error in
            XCTAssertTrue("\(error)".contains("missing.json: cannot read"), "\(error)")
        }
    }

    func testAcceptsAMinimalHandWrittenFile() throws {
        let hash = SHA256.hex("x")
        let data = Data("{\"version\": 1, \"findings\": [{\"rule\": \"r\", \"fingerprint\": \"\(hash)\", \"contentHash\": \"\(hash)\"}]}".utf8)
        let baseline = try Baseline.parse(data, path: "b.json")
        XCTAssertEqual(baseline.entries, [.init(rule: "r", file: nil, fingerprint: hash, contentHash: hash)])
    }
}
