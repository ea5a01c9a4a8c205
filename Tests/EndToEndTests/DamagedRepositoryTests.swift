import Foundation
import XCTest

/// Damaged and partial repositories: every job ends at once with the damaged object named, never
/// hangs or crashes; the history audit reports each unreadable object once and audits the rest.
final class DamagedRepositoryTests: XCTestCase {
    /// Far above any of these runs (tens of milliseconds); only a hang reaches it.
    private let timeout: TimeInterval = 30

    private func objectFile(_ sandbox: Sandbox, _ id: String) -> String {
        sandbox.path + "/.git/objects/" + id.prefix(2) + "/" + id.dropFirst(2)
    }

    private func run(_ sandbox: Sandbox, _ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> Sandbox.Result {
        let result = try sandbox.shortwall(arguments, timeout: timeout)
        XCTAssertFalse(result.timedOut, "\(arguments) hung", file: file, line: line)
        XCTAssertFalse(result.crashed, "\(arguments) crashed: \(result.stderr)", file: file, line: line)
        XCTAssertTrue((0...2).contains(result.status), "\(arguments): \(result.status) \(result.stderr)", file: file, line: line)
        return result
    }

    /// `truncate -s N .git/objects/xx/…` of a commit, a tree, a subtree, a blob and a staged blob,
    /// then every job, as issue 10 found it: libgit2 1.5 spun in zlib on each of these.
    func testTruncatedLooseObjectsFailAtOnceInEveryJob() throws {
        let repo = try Sandbox()
        _ = try repo.commit("one", files: ["app/settings.py": "DEBUG = False\nNAME = 'app'\n", "README": "readme\n"])
        _ = try repo.commit("two", files: ["app/settings.py": "DEBUG = False\nNAME = 'app'\nPORT = 8000\n"])
        try repo.write("app/settings.py", "DEBUG = False\nNAME = 'app'\nPORT = 8000\nHOST = 'localhost'\n")
        try repo.git("add", "app/settings.py")
        let baselineOutput = repo.path + "/../baseline-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: baselineOutput) }

        let everyJob: Set<String> = ["commit", "history", "baseline", "staged", "diff"]
        let objects: [(name: String, id: String, readBy: Set<String>)] = [
            ("HEAD commit", try repo.git("rev-parse", "HEAD"), everyJob),
            ("root tree", try repo.git("rev-parse", "HEAD^{tree}"), everyJob),
            ("subtree", try repo.git("rev-parse", "HEAD:app"), everyJob),
            ("blob", try repo.git("rev-parse", "HEAD:app/settings.py"), everyJob),
            ("staged blob", try repo.git("rev-parse", ":app/settings.py"), ["staged"]),
        ]
        let jobs: [(name: String, arguments: [String])] = [
            ("commit", ["commit", "HEAD"]), ("history", ["history"]), ("baseline", ["baseline", "--output", baselineOutput]),
            ("staged", ["staged"]), ("diff", ["diff", "HEAD~1...HEAD"]),
        ]
        for object in objects {
            let path = objectFile(repo, object.id)
            let original = try Data(contentsOf: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
            for length in Set([10, original.count / 2]) where length < original.count {
                try original.prefix(length).write(to: URL(fileURLWithPath: path))
                let named = "objects/" + object.id.prefix(2) + "/" + object.id.dropFirst(2)
                for job in jobs {
                    let context = "\(object.name) cut to \(length) bytes, \(job.arguments.joined(separator: " "))"
                    let result = try run(repo, job.arguments)
                    let output = result.stdout + result.stderr
                    guard object.readBy.contains(job.name) else {
                        XCTAssertNotEqual(result.status, 2, "\(context): \(result.stderr)")
                        continue
                    }
                    // Said once, whichever commits or files reach the object.
                    XCTAssertEqual(output.components(separatedBy: named).count - 1, 1, "\(context): \(output)")
                    if ["commit", "staged", "diff"].contains(job.name) {
                        XCTAssertEqual(result.status, 2, context)
                        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, "\(context): one line: \(result.stderr)")
                    }
                }
            }
            try original.write(to: URL(fileURLWithPath: path))
        }
        XCTAssertEqual(try run(repo, ["commit", "HEAD"]).status, 0, "restored")
    }

    /// Packed objects read through libgit2's pack reader, which ends on damage by itself: bytes
    /// overwritten across the pack, and a truncated pack, never hang or crash any job.
    func testCorruptPackFailsAtOnce() throws {
        let repo = try Sandbox()
        for i in 1...4 {
            _ = try repo.commit("c\(i)", files: ["data/f\(i).txt": (1...(200 * i)).map(String.init).joined(separator: "\n"), "log.txt": String(repeating: "line \(i)\n", count: i * 40)])
        }
        try repo.git("gc", "-q", "--prune=now")
        let packs = try FileManager.default.contentsOfDirectory(atPath: repo.path + "/.git/objects/pack").filter { $0.hasSuffix(".pack") }
        let pack = repo.path + "/.git/objects/pack/" + (try XCTUnwrap(packs.first))
        let original = try Data(contentsOf: URL(fileURLWithPath: pack))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: pack)
        var damagedRuns = 0
        for offset in stride(from: 12, to: original.count - 20, by: max(1, original.count / 12)) {
            var damaged = original
            damaged.replaceSubrange(offset..<offset + 4, with: [0xFF, 0x00, 0x78, 0x9C])
            try damaged.write(to: URL(fileURLWithPath: pack))
            for arguments in [["history"], ["commit", "HEAD"]] where try run(repo, arguments).status == 2 { damagedRuns += 1 }
        }
        try original.prefix(original.count - 30).write(to: URL(fileURLWithPath: pack))
        XCTAssertEqual(try run(repo, ["history"]).status, 2, "a truncated pack")
        XCTAssertGreaterThan(damagedRuns, 0, "some damage must have been noticed")
    }

    /// A partial clone (`--filter=blob:limit=…`) lacks the large blobs: history reports each
    /// missing blob once, still finds the secret in a small file, and never stops.
    func testPartialCloneHistoryReportsEachMissingBlobOnce() throws {
        let source = try Sandbox()
        for i in 1...3 {
            _ = try source.commit("big \(i)", files: ["big.txt": String(repeating: "row \(i) of a large file\n", count: 100)])
        }
        _ = try source.commit("key", files: ["keys.py": "AWS_ACCESS_KEY_ID = \"\(Fake.awsKeyID)\"\n"])
        try source.git("config", "uploadpack.allowFilter", "true")
        let missing = try (0...2).map { try source.git("rev-parse", "HEAD~\($0 + 1):big.txt") }
        let clone = source.path + "-partial.git"
        defer { try? FileManager.default.removeItem(atPath: clone) }
        try source.git("clone", "-q", "--bare", "--filter=blob:limit=1000", "file://" + source.path, clone)

        let result = try run(source, ["history", "--repo", clone, "--format", "json"])
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stderr)
        let findings = try Sandbox.findings(result.stdout)
        XCTAssertEqual(findings.map { $0["file"] as? String }, ["keys.py"], "the readable files are audited")
        let errors = try XCTUnwrap((report["summary"] as? [String: Any])?["errors"] as? [String])
        XCTAssertEqual(errors.count, missing.count, "\(errors)")
        for id in missing {
            XCTAssertEqual(errors.filter { $0.contains(id) }.count, 1, "\(id) once in \(errors)")
        }
    }
}
