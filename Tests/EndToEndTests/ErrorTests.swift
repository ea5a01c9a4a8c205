import Foundation
import XCTest

/// Every bad input gives exit code 2 and one line on stderr.
final class ErrorTests: XCTestCase {
    func testNotARepository() throws {
        let sandbox = try Sandbox()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-repo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        assertOneLineError(try sandbox.run(Sandbox.binary.path, ["staged", "--repo", folder.path]), contains: "not a git repository")
        assertOneLineError(try sandbox.run(Sandbox.binary.path, ["history", "--repo", "/definitely/missing"]), contains: "not a git repository")
    }

    func testUnknownRevision() throws {
        let repo = try Sandbox()
        _ = try repo.commit("one", files: ["a": "a\n"])
        assertOneLineError(try repo.shortwall("commit", "nope"), contains: "unknown revision: nope")
        assertOneLineError(try repo.shortwall("diff", "main...nope"), contains: "unknown revision: nope")
    }

    func testMalformedConfig() throws {
        let repo = try Sandbox()
        _ = try repo.commit("one", files: ["a": "a\n"])
        try repo.write(".shortwall.toml", "fail-on = \"hihg\"\n")
        assertOneLineError(try repo.shortwall("staged"), contains: ".shortwall.toml")
        try repo.write("broken.toml", "[rules\ndisable = 3\n")
        assertOneLineError(try repo.shortwall("staged", "--config", "broken.toml"), contains: "broken.toml")
    }

    func testUnreadableFileAndUsageErrors() throws {
        let repo = try Sandbox()
        assertOneLineError(try repo.shortwall("scan", "/no/such/file.py"), contains: "/no/such/file.py")
        assertOneLineError(try repo.shortwall("staged", "--format", "xml"), contains: "xml")
        assertOneLineError(try repo.shortwall("frobnicate"), contains: "frobnicate")
    }

    func testEmptyRepositoryIsNotAnError() throws {
        let repo = try Sandbox()
        XCTAssertEqual(try repo.shortwall("history").status, 0)
        XCTAssertEqual(try repo.shortwall("staged").status, 0)
    }
}

extension XCTestCase {
    /// Exit code 2 and exactly one line on stderr, containing `text`.
    func assertOneLineError(_ result: Sandbox.Result, contains text: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.status, 2, "stdout: \(result.stdout) stderr: \(result.stderr)", file: file, line: line)
        let lines = result.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "expected one line: \(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.contains(text), "\(result.stderr) should contain \(text)", file: file, line: line)
    }
}
