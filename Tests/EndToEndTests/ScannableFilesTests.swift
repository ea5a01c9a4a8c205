import Foundation
import XCTest

/// Every job reads the same files and skips the others for the same reason, in the same words.
final class ScannableFilesTests: XCTestCase {
    private func json(_ result: Sandbox.Result) throws -> (findings: [[String: Any]], skipped: [String]) {
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stderr)
        let summary = try XCTUnwrap(object["summary"] as? [String: Any])
        let skipped = try XCTUnwrap(summary["skipped"] as? [String])
        return (try Sandbox.findings(result.stdout), skipped)
    }

    /// Issue 10: one BEL or NUL in a small `.env` made it "binary", and its token was never reported.
    func testAStrayControlByteNoLongerHidesASecretInAnyJob() throws {
        let repo = try Sandbox()
        _ = try repo.commit("base", files: ["README.md": "readme\n"])
        let token = Fake.githubToken
        try repo.write("bell.env", "DEBUG=0\nGITHUB_TOKEN=\(token)\n\u{07}\n")
        try repo.write("nul.env", "DEBUG=0\u{0}\nAWS_ACCESS_KEY_ID=\(Fake.awsKeyID)\n")
        try repo.git("add", "-A")

        let jobs: [[String]] = [["staged"], ["commit", "HEAD"], ["history"], ["scan", "bell.env", "nul.env"]]
        for job in jobs {
            if job == ["commit", "HEAD"] { try repo.git("commit", "-q", "-m", "env files") }
            let result = try repo.run(Sandbox.binary.path, job + ["--format", "json"])
            XCTAssertEqual(result.status, 1, "\(job): \(result.stderr)")
            let report = try json(result)
            XCTAssertEqual(Set(report.findings.compactMap { $0["file"] as? String }), ["bell.env", "nul.env"], "\(job)")
            XCTAssertEqual(report.skipped, [], "\(job)")
            XCTAssertFalse(result.stdout.contains(token), "still redacted")
        }
    }

    /// A picture that happens to hold a token-shaped string is skipped as binary by every job, and a
    /// file over the size limit with the same words everywhere.
    func testBinaryAndOversizedFilesAreSkippedAlikeByEveryJob() throws {
        let repo = try Sandbox()
        _ = try repo.commit("base", files: ["README.md": "readme\n"])
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += Array("tEXtComment\u{0}GITHUB_TOKEN=\(Fake.githubToken)\n".utf8)
        try Data(png).write(to: repo.root.appendingPathComponent("logo.png"))
        try repo.write("big.txt", String(repeating: "filler line\n", count: 200))
        try repo.git("add", "-A")

        for job in [["staged"], ["commit", "HEAD"], ["history"], ["scan", "logo.png", "big.txt"]] {
            if job == ["commit", "HEAD"] { try repo.git("commit", "-q", "-m", "files") }
            let result = try repo.run(Sandbox.binary.path, job + ["--format", "json", "--max-file-size", "1KiB"])
            XCTAssertEqual(result.status, 0, "\(job): \(result.stderr)")
            let report = try json(result)
            XCTAssertEqual(report.findings.count, 0, "\(job)")
            XCTAssertEqual(report.skipped.sorted(), ["big.txt: larger than 1 KiB", "logo.png: binary"], "\(job)")
        }
    }

    /// On a real history: a picture changed in three commits is one entry, counted three times.
    func testHistoryJSONNamesASkippedFileOnceWithHowOftenItWasSkipped() throws {
        let repo = try Sandbox()
        for i in 1...3 {
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, UInt8(i), 0, 0, 0]
            try Data(png).write(to: repo.root.appendingPathComponent("logo.png"))
            _ = try repo.commit("logo \(i)", files: ["notes.txt": "version \(i)\n"])
        }
        let result = try repo.run(Sandbox.binary.path, ["history", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let summary = try Sandbox.summary(result.stdout)
        XCTAssertEqual(summary["skipped"] as? [String], ["logo.png: binary"])
        XCTAssertEqual(summary["skippedByReason"] as? [String: Int], ["binary": 3])
    }

    /// A FIFO (or socket, or device) is never opened by `scan`, named or met in a folder: reading a FIFO
    /// waits for a writer forever. It is skipped with a note and the rest is scanned.
    func testScanSkipsAFIFOInsteadOfWaitingForever() throws {
        let repo = try Sandbox()
        try repo.write("app/.env", "GITHUB_TOKEN=\(Fake.githubToken)\n")
        XCTAssertEqual(mkfifo(repo.path + "/app/pipe.py", 0o600), 0)
        for arguments in [["scan", "app"], ["scan", "app/pipe.py", "app/.env"]] {
            let result = try repo.shortwall(arguments + ["--format", "json"], timeout: 60)
            XCTAssertEqual(result.status, 1, "\(arguments): \(result.stderr)")
            let report = try json(result)
            XCTAssertEqual(report.findings.compactMap { $0["file"] as? String }, ["app/.env"], "\(arguments)")
            XCTAssertEqual(report.skipped, ["app/pipe.py: not a regular file"], "\(arguments)")
        }
        let alone = try repo.shortwall(["scan", "app/pipe.py"], timeout: 60)
        XCTAssertEqual(alone.status, 0, alone.stderr)
    }
}
