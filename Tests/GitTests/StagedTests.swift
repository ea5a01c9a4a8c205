import Foundation
import Git
import TestFixtures
import XCTest

/// The index against HEAD: exactly what `git commit` would record, nothing from the working tree.
final class StagedTests: XCTestCase {
    func testOnlyTheStagedVersionCountsNotUnstagedEditsOrUntrackedFiles() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", numberedLines(6))
        try repo.write("b.txt", "b\n")
        try repo.commit()
        // a.txt: line 2 changed and staged, then line 5 changed in the working tree only.
        try repo.write("a.txt", numberedLines(6).replacingOccurrences(of: "line2\n", with: "two\n"))
        try repo.git("add", "a.txt")
        try repo.write("a.txt", numberedLines(6).replacingOccurrences(of: "line2\n", with: "two\n").replacingOccurrences(of: "line5\n", with: "five\n"))
        try repo.write("b.txt", "b\nunstaged\n")
        try repo.write("untracked.txt", "nobody added me\n")

        let set = try repo.open().stagedChanges()
        XCTAssertNil(set.commit)
        XCTAssertEqual(views(set.files), [
            FileView("a.txt", .modified, old: try repo.blob("HEAD", "a.txt"), new: try repo.blob("", "a.txt"), added: [2]),
        ])
        XCTAssertEqual(set.files[0].content, Array(numberedLines(6).replacingOccurrences(of: "line2\n", with: "two\n").utf8))
    }

    func testNothingStagedGivesNoFiles() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", "a\n")
        try repo.commit()
        try repo.write("a.txt", "a\nworking tree only\n")
        XCTAssertEqual(views(try repo.open().stagedChanges().files), [])
    }

    func testEmptyRepositoryStagesEveryFileWhollyAdded() throws {
        let repo = try GitFixture()
        try repo.write("one.py", "import os\nprint(os.sep)\n")
        try repo.write("sub/two.txt", "x")
        try repo.git("add", "-A")

        let open = try repo.open()
        XCTAssertTrue(open.isHeadUnborn)
        XCTAssertNil(try open.headCommit())
        XCTAssertEqual(views(try open.stagedChanges().files), [
            FileView("one.py", .added, new: try repo.blob("", "one.py"), added: [1, 2]),
            FileView("sub/two.txt", .added, new: try repo.blob("", "sub/two.txt"), added: [1]),
        ])
    }

    func testEmptyRepositoryWithEmptyIndexGivesNoFiles() throws {
        let repo = try GitFixture()
        XCTAssertEqual(views(try repo.open().stagedChanges().files), [])
    }

    func testStagedRenameDeletionAndModeChange() throws {
        let repo = try GitFixture()
        try repo.write("old.txt", numberedLines(10))
        try repo.write("gone.txt", "gone\n")
        try repo.write("tool.sh", "echo\n")
        try repo.commit()
        try repo.move("old.txt", "new.txt")
        try repo.git("rm", "-q", "gone.txt")
        try repo.git("update-index", "--chmod=+x", "tool.sh")

        let renamed = try repo.blob("", "new.txt"), tool = try repo.blob("", "tool.sh")
        XCTAssertEqual(views(try repo.open().stagedChanges().files), [
            FileView("gone.txt", .deleted, old: try repo.blob("HEAD", "gone.txt")),
            FileView("new.txt", .renamed, from: "old.txt", old: renamed, new: renamed),
            FileView("tool.sh", .modified, old: tool, new: tool),
        ])
    }

    func testIntentToAddAddsNoLines() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", "a\n")
        try repo.commit()
        try repo.write("later.txt", "not staged yet\n")
        try repo.git("add", "-N", "later.txt")
        // `git add -N` records the empty blob: the content is not staged, so no line is.
        let files = try repo.open().stagedChanges().files
        XCTAssertEqual(files.flatMap(\.addedLines), [])
        XCTAssertEqual(try repo.git("diff", "--cached", "--numstat"), "")
    }

    func testConflictedMergeDoesNotThrowAndKeepsTheCleanlyMergedFiles() throws {
        let repo = try GitFixture()
        try repo.write("both.txt", "base\n")
        try repo.commit()
        try repo.git("checkout", "-q", "-b", "side")
        try repo.write("both.txt", "side\n")
        try repo.write("side-only.txt", "from side\n")
        try repo.commit()
        try repo.git("checkout", "-q", "main")
        try repo.write("both.txt", "main\n")
        try repo.commit()
        XCTAssertThrowsError(try repo.git("merge", "-q", "side"))  // conflict in both.txt

        let files = try repo.open().stagedChanges().files
        XCTAssertEqual(views(files), [FileView("side-only.txt", .added, new: try repo.blob("", "side-only.txt"), added: [1])])
    }

    func testDetachedHeadStagesAgainstTheDetachedCommit() throws {
        let repo = try GitFixture()
        try repo.write("f.txt", "one\n")
        try repo.commit()
        try repo.write("f.txt", "one\ntwo\n")
        try repo.commit()
        try repo.git("checkout", "-q", "--detach", "HEAD~1")
        try repo.write("f.txt", "one\nthree\n")
        try repo.git("add", "f.txt")

        let set = try repo.open().stagedChanges()
        XCTAssertEqual(views(set.files), [
            FileView("f.txt", .modified, old: try repo.blob("main~1", "f.txt"), new: try repo.blob("", "f.txt"), added: [2]),
        ])
    }
}
