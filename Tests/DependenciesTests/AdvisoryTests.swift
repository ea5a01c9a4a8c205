@testable import Dependencies
import Findings
import Foundation
import XCTest
import ZIPFoundation

final class AdvisoryTests: XCTestCase {
    /// An OSV record in YAML, as the PyPA database writes them.
    static func yamlRecord(id: String, package: String = "django", events: [(String, String)], versions: [String] = [],
                           extra: String = "") -> String {
        var text = "id: \(id)\nsummary: Something bad in \(package)\naliases:\n- CVE-2099-\(id.count)\naffected:\n- package:\n    name: \(package)\n    ecosystem: PyPI\n  ranges:\n  - type: ECOSYSTEM\n    events:\n"
        for (kind, version) in events { text += "    - \(kind): \"\(version)\"\n" }
        if !versions.isEmpty { text += "  versions:\n" + versions.map { "  - \($0)\n" }.joined() }
        return text + extra
    }

    func affected(_ yaml: String) throws -> Advisory.Affected {
        try XCTUnwrap(try YAMLDecoderShim.decode(yaml).affected?.first)
    }

    func testRangesWithIntroducedFixedAndLastAffected() throws {
        let a = try affected(Self.yamlRecord(id: "T-1", events: [("introduced", "0"), ("fixed", "2.2.24"), ("introduced", "3.0"), ("fixed", "3.1.12"),
                                                                   ("introduced", "3.2a1"), ("fixed", "3.2.4")]))
        let cases: [(String, Bool, String?)] = [
            ("1.0", true, "2.2.24"), ("2.2.24", false, nil), ("2.2.99", false, nil), ("3.0", true, "3.1.12"), ("3.1.12", false, nil),
            ("3.2.0", true, "3.2.4"), ("3.2", true, "3.2.4"), ("3.2rc1", true, "3.2.4"), ("3.2.4", false, nil), ("3.2.4.post1", false, nil),
            ("3.2.4.dev1", true, "3.2.4"), ("4.0", false, nil),
        ]
        for (version, isAffected, fix) in cases {
            XCTAssertEqual(a.verdict(version: version, arbitraryEquality: false), .init(affected: isAffected, fixedIn: fix), version)
        }
        let last = try affected(Self.yamlRecord(id: "T-2", events: [("introduced", "1.0"), ("last_affected", "1.4")]))
        XCTAssertEqual(last.verdict(version: "1.4.0", arbitraryEquality: false), .init(affected: true, fixedIn: nil))
        XCTAssertFalse(last.verdict(version: "1.4.1", arbitraryEquality: false).affected)
        XCTAssertFalse(last.verdict(version: "0.9", arbitraryEquality: false).affected)
    }

    func testExplicitVersionListsCompareAsVersionsOrAsTextForArbitraryEquality() throws {
        let a = try affected(Self.yamlRecord(id: "T-3", events: [("introduced", "5.0"), ("fixed", "5.1")], versions: ["1.0", "2.0-custom"]))
        XCTAssertTrue(a.verdict(version: "1.0.0", arbitraryEquality: false).affected)
        XCTAssertFalse(a.verdict(version: "1.0.0", arbitraryEquality: true).affected)
        XCTAssertTrue(a.verdict(version: "2.0-custom", arbitraryEquality: true).affected)
        // Listed only, with no range above it: no fix is known.
        XCTAssertEqual(a.verdict(version: "1.0", arbitraryEquality: false), .init(affected: true, fixedIn: "5.1"))
    }

    func testARangeWithAnUnreadableEventIsSkippedNotWidened() throws {
        let a = try affected(Self.yamlRecord(id: "T-4", events: [("introduced", "0"), ("fixed", "not a version")]))
        XCTAssertFalse(a.verdict(version: "1.0", arbitraryEquality: false).affected)
    }

    func testCVSSBaseScoresAndSeverity() throws {
        let scores: [(String, Double)] = [
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8), ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5), ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", 5.3), ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8),
            ("CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8), ("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", 5.9),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0),
        ]
        for (vector, score) in scores { XCTAssertEqual(try XCTUnwrap(CVSS3.baseScore(vector), vector), score, accuracy: 0.001, vector) }
        for bad in ["CVSS:2.0/AV:N", "CVSS:3.1/AV:N/AC:L", "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "AV:N/AC:L/Au:N/C:P/I:P/A:P"] {
            XCTAssertNil(CVSS3.baseScore(bad), bad)
        }
        let critical = try YAMLDecoderShim.decode(Self.yamlRecord(id: "T-5", events: [("introduced", "0")],
            extra: "severity:\n- type: CVSS_V3\n  score: CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n"))
        XCTAssertEqual(critical.severityLevel(for: critical.affected?.first), .critical)
        let moderate = try YAMLDecoderShim.decode(Self.yamlRecord(id: "T-6", events: [("introduced", "0")], extra: "database_specific:\n  severity: MODERATE\n"))
        XCTAssertEqual(moderate.severityLevel(for: nil), .medium)
        let high = try YAMLDecoderShim.decode(Self.yamlRecord(id: "T-7", events: [("introduced", "0")], extra: "database_specific:\n  severity: HIGH\n"))
        XCTAssertEqual(high.severityLevel(for: nil), .high)
    }

    // MARK: The database on disk

    func testFolderLayoutIsReadLazilyAndMalformedRecordsAreSkippedByName() throws {
        let root = try TemporaryFolder()
        try root.write("vulns/django/PYSEC-1.yaml", Self.yamlRecord(id: "PYSEC-1", events: [("introduced", "0"), ("fixed", "3.2.4")]))
        try root.write("vulns/django/PYSEC-2.yaml", "id: PYSEC-2\naffected: [unclosed\n")
        try root.write("vulns/Jinja2/GHSA-x.json", #"{"id": "GHSA-x", "affected": [{"package": {"name": "Jinja2", "ecosystem": "PyPI"}, "versions": ["2.10"]}]}"#)
        try root.write("vulns/withdrawn/W-1.yaml", Self.yamlRecord(id: "W-1", package: "withdrawn", events: [("introduced", "0")], extra: "withdrawn: \"2021-01-01T00:00:00Z\"\n"))
        let db = try AdvisoryDatabase(path: root.path)
        XCTAssertEqual(db.warnings, [])
        let found = db.advisories(for: ["django", "jinja2", "withdrawn", "flask"])
        XCTAssertEqual(found["django"]?.map(\.id), ["PYSEC-1"])
        XCTAssertEqual(found["jinja2"]?.map(\.id), ["GHSA-x"])
        XCTAssertEqual(found["withdrawn"]?.count, 0)
        XCTAssertEqual(found["flask"]?.count, 0)
        XCTAssertEqual(db.warnings.count, 1)
        XCTAssertTrue(db.warnings[0].hasPrefix("advisory \(root.path)/vulns/django/PYSEC-2.yaml: skipped ("), db.warnings[0])
        XCTAssertThrowsError(try AdvisoryDatabase(path: root.path + "/missing"))
    }

    func testLooseRecordsAndZipExportsAreFilteredByTheNamesTheyHold() throws {
        let root = try TemporaryFolder()
        let django = #"{"id": "GHSA-d", "affected": [{"package": {"name": "Django", "ecosystem": "PyPI"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "4.0"}]}]}]}"#
        let zope = #"{"id": "GHSA-z", "affected": [{"package": {"name": "Zope.Interface", "ecosystem": "PyPI"}, "versions": ["5.0"]}]}"#
        let npm = #"{"id": "GHSA-n", "affected": [{"package": {"name": "django", "ecosystem": "npm"}, "versions": ["1.0"]}]}"#
        try root.write("export/GHSA-d.json", django)
        try root.write("export/GHSA-z.json", zope)
        try root.write("export/GHSA-n.json", npm)
        try root.write("export/broken.json", "{\"id\": ")
        let loose = try AdvisoryDatabase(path: root.path + "/export")
        XCTAssertEqual(loose.advisories(for: ["zope-interface"])["zope-interface"]?.map(\.id), ["GHSA-z"])
        XCTAssertEqual(loose.warnings, [], "a record that names no package asked about is not parsed")

        let zipPath = root.path + "/all.zip"
        let archive = try Archive(url: URL(fileURLWithPath: zipPath), accessMode: .create)
        for (name, text) in [("GHSA-d.json", django), ("GHSA-z.json", zope), ("GHSA-n.json", npm), ("bad-django.json", "[\"django\"")] {
            let data = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let zipped = try AdvisoryDatabase(path: zipPath)
        let found = zipped.advisories(for: ["django"])
        XCTAssertEqual(Set(found["django"]?.map(\.id) ?? []), ["GHSA-d", "GHSA-n"], "the npm record is loaded; the check skips its entry")
        XCTAssertEqual(zipped.warnings.count, 1)
        XCTAssertTrue(zipped.warnings.first?.contains("all.zip!bad-django.json: skipped") == true, zipped.warnings.description)

        try root.write("not-a-zip.zip", "plain text")
        let bad = try AdvisoryDatabase(path: root.path + "/not-a-zip.zip")
        XCTAssertEqual(bad.advisories(for: ["django"])["django"]?.count, 0)
        XCTAssertEqual(bad.warnings.count, 1, bad.warnings.description)
    }

    /// Every record of the shared snapshot of the PyPA database decodes (skipped when the snapshot is absent).
    func testEverySharedSnapshotRecordDecodes() throws {
        guard let snapshot = SharedSnapshot.path else { throw XCTSkip("no shared advisory snapshot beside the package") }
        let db = try AdvisoryDatabase(path: snapshot)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: snapshot + "/vulns").map(PackageName.normalize))
        let found = db.advisories(for: names)
        XCTAssertGreaterThan(found.values.map(\.count).reduce(0, +), 2500)
        XCTAssertEqual(db.warnings, [])
        let django = try XCTUnwrap(found["django"])
        XCTAssertGreaterThan(django.count, 100)
    }
}

/// Decodes one YAML record the way the database does.
enum YAMLDecoderShim {
    static func decode(_ yaml: String) throws -> Advisory {
        let folder = try TemporaryFolder()
        try folder.write("p/r.yaml", yaml)
        guard let advisory = try RecordSource.file(folder.path + "/p/r.yaml").advisory(prefilter: NamePrefilter(["p"])) else {
            throw AdvisoryError("not decoded")
        }
        return advisory
    }
}

/// The PyPA snapshot the project keeps beside its checkouts (../shared/advisories from the package root).
enum SharedSnapshot {
    static var path: String? {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        for candidate in [url.deletingLastPathComponent().appendingPathComponent("shared/advisories")]
        where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("vulns").path) {
            return candidate.path
        }
        return nil
    }
}

final class TemporaryFolder {
    let path: String
    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("shortwall-deps-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
}
