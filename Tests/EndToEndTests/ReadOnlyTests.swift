import Foundation
import TestFixtures
import XCTest

/// The read-only promise: after every command, the repository is byte-for-byte what it was.
final class ReadOnlyTests: XCTestCase {
    /// Every file under `folder`: relative path → size, modification time and content.
    private func snapshot(_ folder: String) throws -> [String: String] {
        var result: [String: String] = [:]
        let manager = FileManager.default
        guard let walker = manager.enumerator(atPath: folder) else { throw FixtureError("cannot list \(folder)") }
        while let relative = walker.nextObject() as? String {
            let full = folder + "/" + relative
            let attributes = try manager.attributesOfItem(atPath: full)
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
            var entry = "\(attributes[.type] ?? "?") \(attributes[.size] ?? "?") \(modified)"
            if attributes[.type] as? FileAttributeType == .typeRegular {
                entry += " " + (try Data(contentsOf: URL(fileURLWithPath: full))).base64EncodedString()
            }
            result[relative] = entry
        }
        return result
    }

    /// Runs each command in `directory` (each must exit 0) and fails on any file under `root` that
    /// appeared, disappeared or changed, the git folder included.
    private func assertUnchanged(_ root: String, running commands: [[String]], in directory: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let before = try snapshot(root)
        for command in commands {
            let result = try shortwall(command, in: directory)
            XCTAssertEqual(result.status, 0, "\(command): \(result.stderr)", file: file, line: line)
        }
        let after = try snapshot(root)
        for key in Set(before.keys).union(after.keys).sorted() where before[key] != after[key] {
            XCTFail("\(key) changed: \(before[key]?.prefix(80) ?? "absent") → \(after[key]?.prefix(80) ?? "absent")", file: file, line: line)
        }
    }

    /// The jobs a user runs, and the git layer's own view of each, on a repository with commits.
    private let jobs: [[String]] = [
        ["staged"], ["commit", "HEAD"], ["diff", "HEAD"], ["history"],
        ["debug", "changes", "staged"], ["debug", "changes", "commit", "HEAD"], ["debug", "changes", "history"],
    ]

    func testNoCommandChangesTheRepository() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", numberedLines(5))
        try repo.write("b.bin", bytes: [0, 1, 2, 3])
        try repo.commit("one")
        try repo.git("tag", "-a", "v1", "-m", "tag")
        try repo.git("checkout", "-q", "-b", "side")
        try repo.write("side.txt", "side\n")
        try repo.commit("side")
        try repo.git("checkout", "-q", "main")
        try repo.write("a.txt", numberedLines(6))
        try repo.commit("two")
        try repo.write("a.txt", numberedLines(7))
        try repo.git("stash", "-q")
        try repo.write("staged.txt", "staged\n")
        try repo.git("add", "staged.txt")
        try repo.write("a.txt", numberedLines(5) + "unstaged\n")
        try repo.write("untracked.txt", "untracked\n")

        // git status may refresh the index itself, so it runs before the snapshot is taken.
        let status = try repo.git("status", "--porcelain")
        let refs = try repo.git("for-each-ref", "--format=%(refname) %(objectname)")
        let objects = try repo.git("count-objects", "-v")
        let index = try FileManager.default.attributesOfItem(atPath: repo.path + "/.git/index")
        let indexBytes = try Data(contentsOf: URL(fileURLWithPath: repo.path + "/.git/index"))
        let commands = [
            ["staged"], ["commit", "HEAD"], ["commit", "v1"], ["diff", "main..side"], ["diff", "main...side"],
            ["diff", "side"], ["history"], ["history", "--since", "v1"], ["commit", "stash@{0}"],
        ]
        try assertUnchanged(repo.path, running: commands.map { ["debug", "changes"] + $0 } + commands, in: repo.path)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: repo.path + "/.git/index")), indexBytes)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: repo.path + "/.git/index")[.modificationDate] as? Date,
                       index[.modificationDate] as? Date)
        XCTAssertEqual(try repo.git("status", "--porcelain"), status)
        XCTAssertEqual(try repo.git("for-each-ref", "--format=%(refname) %(objectname)"), refs)
        XCTAssertEqual(try repo.git("count-objects", "-v"), objects)
    }

    /// `history` reads the stash list: in a repository that never stashed, libgit2 created
    /// .git/logs/refs/stash (and .git/logs/ itself where no reflog existed yet) on the way.
    func testRepositoryThatNeverStashedGetsNoStashReflog() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", "a\n")
        try repo.commit("one")
        try assertUnchanged(repo.path, running: jobs, in: repo.path)
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo.path + "/.git/logs/refs/stash"))
    }

    func testEmptyRepositoryStaysEmpty() throws {
        let repo = try GitFixture()
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo.path + "/.git/logs"), "git init writes no reflog")
        try assertUnchanged(repo.path, running: [["staged"], ["history"], ["debug", "changes", "history"]], in: repo.path)
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo.path + "/.git/logs"))
    }

    func testBareRepositoryIsNotWritten() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", "a\n")
        try repo.commit("one")
        let bare = repo.sibling("bare.git")
        try repo.git("clone", "-q", "--bare", repo.path, bare)
        try assertUnchanged(bare, running: [["commit", "HEAD"], ["history"], ["debug", "changes", "history"]], in: bare)
        XCTAssertFalse(FileManager.default.fileExists(atPath: bare + "/logs/refs/stash"))

        let empty = try GitFixture(bare: true)
        try assertUnchanged(empty.path, running: [["history"], ["debug", "changes", "history"]], in: empty.path)
        XCTAssertFalse(FileManager.default.fileExists(atPath: empty.path + "/logs"))
    }

    /// A report path inside git's folder is refused (exit 2) before any review: `--output .git/index`
    /// would replace what is staged. In the repository scanned, in a bare one, and for `scan`, which opens none.
    func testReportsAreNeverWrittenIntoGitsFiles() throws {
        let repo = try GitFixture()
        try repo.write("app.py", "import os\n")
        try repo.commit("one")
        try repo.write("staged.py", "x = 1\n")
        try repo.git("add", "staged.py")
        let bare = repo.sibling("refused-bare.git")
        try repo.git("clone", "-q", "--bare", repo.path, bare)
        let indexBytes = try Data(contentsOf: URL(fileURLWithPath: repo.path + "/.git/index"))
        let cases: [(arguments: [String], directory: String)] = [
            (["staged", "--output", ".git/index"], repo.path),
            (["staged", "--format", "json", "--also", "sarif:.git/HEAD"], repo.path),
            (["history", "--output", repo.path + "/.git/config"], repo.path),
            (["scan", ".", "--output", ".git/index"], repo.path),
            (["commit", "HEAD", "--output", "index"], bare),
            (["diff", "HEAD", "--output", repo.path + "/.git/refs/heads/main"], repo.path),
        ]
        let head = try repo.git("rev-parse", "HEAD")
        for c in cases {
            let result = try shortwall(c.arguments, in: c.directory)
            XCTAssertEqual(result.status, 2, "\(c.arguments): \(result.stdout)")
            XCTAssertTrue(result.stderr.contains("cannot write a report to"), "\(c.arguments): \(result.stderr)")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: repo.path + "/.git/index")), indexBytes)
        XCTAssertEqual(try repo.git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try repo.git("-C", bare, "rev-parse", "HEAD"), head)
        // An ordinary report file in the working tree is still written.
        let ok = try shortwall(["staged", "--format", "json", "--output", "report.json"], in: repo.path)
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: repo.path + "/report.json"))
    }
}
