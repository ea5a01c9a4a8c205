import Foundation
import XCTest

/// `shortwall baseline` writes one file: never one of git's, and outside the repository only where
/// the command line (not a committed config) says.
final class BaselineDestinationTests: XCTestCase {
    /// Every file under `folder` with its bytes, to show that nothing was written.
    private func snapshot(_ folder: String) -> [String: Data] {
        var files: [String: Data] = [:]
        let walker = FileManager.default.enumerator(atPath: folder)
        while let relative = walker?.nextObject() as? String {
            files[relative] = FileManager.default.contents(atPath: folder + "/" + relative) ?? Data()
        }
        return files
    }

    private func assertRefused(_ repo: Sandbox, _ arguments: [String] = [], config: String?, says text: String,
                               file: StaticString = #filePath, line: UInt = #line) throws {
        if let config { try repo.write(".shortwall.toml", "baseline = \"\(config)\"\n") }
        let git = snapshot(repo.path + "/.git")
        let result = try repo.run(Sandbox.binary.path, ["baseline"] + arguments, environment: ["NO_COLOR": "1"])
        XCTAssertEqual(result.status, 2, "\(config ?? "") \(arguments): \(result.stdout)", file: file, line: line)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr, file: file, line: line)
        XCTAssertTrue(result.stderr.contains(text), "\(result.stderr) should say \(text)", file: file, line: line)
        XCTAssertEqual(snapshot(repo.path + "/.git"), git, "git's files are untouched", file: file, line: line)
    }

    private func makeRepository() throws -> Sandbox {
        let repo = try Sandbox()
        _ = try repo.commit("one", files: ["app.py": "x = 1\n"])
        return repo
    }

    func testAConfiguredBaselineNeverOverwritesGitsFiles() throws {
        let repo = try makeRepository()
        let head = try repo.git("rev-parse", "HEAD")
        for path in [".git/refs/heads/main", ".git/index", ".git/HEAD", "./.git/config", "sub/../.git/packed-refs", ".git"] {
            try assertRefused(repo, config: path, says: "never written into git's files")
        }
        XCTAssertEqual(try repo.git("rev-parse", "main"), head, "the branch still resolves")
        XCTAssertEqual(try repo.git("status", "--porcelain", "--untracked-files=no"), "", "the index still reads")

        // Through a symbolic link to the file, or to a folder above it.
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/gitlink", withDestinationPath: ".git")
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/head.json", withDestinationPath: ".git/refs/heads/main")
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/loop", withDestinationPath: "gitlink/..")
        for path in ["gitlink/refs/heads/main", "head.json", "loop/gitlink/index"] {
            try assertRefused(repo, config: path, says: "never written into git's files")
        }
        // Even when the command line names it.
        try assertRefused(repo, ["--output", ".git/index"], config: nil, says: "never written into git's files")
        try assertRefused(repo, ["--output", repo.path + "/gitlink/hooks/pre-commit"], config: nil, says: "never written into git's files")
        XCTAssertEqual(try repo.git("rev-parse", "main"), head)
    }

    func testAConfiguredBaselineOutsideTheRepositoryNeedsTheCommandLine() throws {
        let repo = try makeRepository()
        let outside = repo.path + "-outside-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: outside) }
        let name = (outside as NSString).lastPathComponent
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/up", withDestinationPath: "..")
        for path in [outside, "../" + name, "up/" + name, "sub/../../" + name] {
            try assertRefused(repo, config: path, says: "outside the repository; to write there, name it with --output")
            XCTAssertFalse(FileManager.default.fileExists(atPath: outside), path)
        }
        let written = try repo.run(Sandbox.binary.path, ["baseline", "--output", outside])
        XCTAssertEqual(written.status, 0, written.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: outside))

        // Inside the working tree, a configured path is written as before.
        try repo.write(".shortwall.toml", "baseline = \"config/accepted.json\"\n")
        try FileManager.default.createDirectory(atPath: repo.path + "/config", withIntermediateDirectories: true)
        XCTAssertEqual(try repo.shortwall("baseline").status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: repo.path + "/config/accepted.json"))
    }

    /// The git folders that are not `./.git`: a linked worktree's own (its `.git` is a file naming
    /// it) and the shared one, and a hooks folder set with core.hooksPath.
    func testWorktreeAndHooksPathFoldersAreGitsToo() throws {
        let repo = try makeRepository()
        try repo.git("config", "core.hooksPath", ".githooks")
        try assertRefused(repo, config: ".githooks/pre-commit", says: "never written into git's files")

        let worktree = Sandbox(existing: repo.path + "-worktree-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: worktree.path) }
        try repo.git("worktree", "add", "-q", worktree.path)
        let worktreeGit = try repo.git("-C", worktree.path, "rev-parse", "--absolute-git-dir")
        for path in [".git", worktreeGit + "/HEAD", repo.path + "/.git/config"] {
            try assertRefused(worktree, ["--output", path], config: nil, says: "never written into git's files")
        }
        XCTAssertEqual(try worktree.shortwall("baseline").status, 0, "the worktree's own root is fine")
    }
}
