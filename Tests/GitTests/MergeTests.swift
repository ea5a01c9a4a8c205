import Foundation
import Git
import TestFixtures
import XCTest

/// A merge adds only the lines that none of its parents has.
final class MergeTests: XCTestCase {
    /// main and side each edit their own file; returns the fixture on main, ready to merge side.
    private func divergedBranches() throws -> GitFixture {
        let repo = try GitFixture()
        try repo.write("main.txt", numberedLines(5))
        try repo.write("side.txt", numberedLines(5))
        try repo.commit("base")
        try repo.git("checkout", "-q", "-b", "side")
        try repo.write("side.txt", numberedLines(5) + "side6\n")
        try repo.commit("side work")
        try repo.git("checkout", "-q", "main")
        try repo.write("main.txt", "main0\n" + numberedLines(5))
        try repo.commit("main work")
        return repo
    }

    func testCleanMergeAddsNothing() throws {
        let repo = try divergedBranches()
        try repo.git("merge", "-q", "--no-ff", "-m", "merge side", "side")

        let set = try repo.open().changes(ofCommit: try repo.id("HEAD"))
        XCTAssertEqual(set.commit?.parents.map(\.description), [try repo.rev("HEAD^1"), try repo.rev("side")])
        XCTAssertEqual(views(set.files), [])
    }

    func testCleanMergeOfOneFileEditedOnBothSidesAddsNoLine() throws {
        let repo = try GitFixture()
        try repo.write("f.txt", numberedLines(20))
        try repo.commit()
        try repo.git("checkout", "-q", "-b", "side")
        try repo.write("f.txt", numberedLines(20).replacingOccurrences(of: "line18\n", with: "side18\n"))
        try repo.commit()
        try repo.git("checkout", "-q", "main")
        try repo.write("f.txt", numberedLines(20).replacingOccurrences(of: "line2\n", with: "main2\n"))
        try repo.commit()
        try repo.git("merge", "-q", "--no-ff", "-m", "merge", "side")
        XCTAssertEqual(try repo.read("f.txt"), Array(numberedLines(20).replacingOccurrences(of: "line2\n", with: "main2\n").replacingOccurrences(of: "line18\n", with: "side18\n").utf8))

        let files = try repo.open().changes(ofCommit: try repo.id("HEAD")).files
        XCTAssertEqual(files.flatMap(\.addedLines), [])
    }

    func testEvilMergeAddsOnlyTheLineWrittenInTheMergeItself() throws {
        let repo = try divergedBranches()
        try repo.git("merge", "-q", "--no-ff", "--no-commit", "side")
        try repo.write("main.txt", "main0\n" + numberedLines(5) + "password = 'hunter2'\n")
        try repo.commit("evil merge")

        let files = try repo.open().changes(ofCommit: try repo.id("HEAD")).files
        XCTAssertEqual(views(files), [
            FileView("main.txt", .modified, old: try repo.blob("HEAD^1", "main.txt"), new: try repo.blob("HEAD", "main.txt"), added: [7]),
        ])
    }

    func testMergingMainIntoABranchAddsOnlyTheMergesOwnLine() throws {
        // The branch is the first parent: everything main did since the fork differs from it,
        // and only the line written in the merge itself is new to both parents.
        let repo = try divergedBranches()
        try repo.git("checkout", "-q", "side")
        for i in 1...5 { try repo.write("main-\(i).txt", "main file \(i)\n") }
        try repo.commit("unrelated files on side")
        try repo.git("merge", "-q", "--no-ff", "--no-commit", "main")
        try repo.write("main.txt", "main0\n" + numberedLines(5).replacingOccurrences(of: "line3\n", with: "line3\nevil\n"))
        try repo.commit("merge main into side")

        let set = try repo.open().changes(ofCommit: try repo.id("HEAD"))
        XCTAssertEqual(set.commit?.parents.map(\.description), [try repo.rev("HEAD^1"), try repo.rev("main")])
        XCTAssertEqual(views(set.files), [
            FileView("main.txt", .modified, old: try repo.blob("HEAD^1", "main.txt"), new: try repo.blob("HEAD", "main.txt"), added: [5]),
        ])
    }

    func testConflictResolvedWithNewTextAddsThatText() throws {
        let repo = try GitFixture()
        try repo.write("f.txt", "a\nbase\nc\n")
        try repo.commit()
        try repo.git("checkout", "-q", "-b", "side")
        try repo.write("f.txt", "a\nside\nc\n")
        try repo.commit()
        try repo.git("checkout", "-q", "main")
        try repo.write("f.txt", "a\nmain\nc\n")
        try repo.commit()
        XCTAssertThrowsError(try repo.git("merge", "-q", "side"))
        try repo.write("f.txt", "a\nmain\nresolved\nc\n")
        try repo.commit("resolve")

        let files = try repo.open().changes(ofCommit: try repo.id("HEAD")).files
        XCTAssertEqual(files.map(\.path), ["f.txt"])
        XCTAssertEqual(files.map(\.addedLines), [[3]])  // "main" comes from the first parent
    }

    func testOctopusMergeOfCleanBranchesAddsNothingAndEvilLineIsCaught() throws {
        let repo = try GitFixture()
        try repo.write("base.txt", "base\n")
        try repo.commit()
        for name in ["b1", "b2", "b3"] {
            try repo.git("checkout", "-q", "-b", name, "main")
            try repo.write(name + ".txt", name + "\n")
            try repo.commit(name)
        }
        try repo.git("checkout", "-q", "main")
        try repo.write("main.txt", "main moved on\n")
        try repo.commit("main")
        try repo.git("merge", "-q", "--no-commit", "b1", "b2", "b3")
        try repo.write("base.txt", "base\nin the octopus\n")
        try repo.commit("octopus")

        let set = try repo.open().changes(ofCommit: try repo.id("HEAD"))
        XCTAssertEqual(set.commit?.parents.count, 4)
        XCTAssertEqual(views(set.files), [
            FileView("base.txt", .modified, old: try repo.blob("HEAD^1", "base.txt"), new: try repo.blob("HEAD", "base.txt"), added: [2]),
        ])
    }

    func testMergeThatRenamesOnOneSideAndEditsOnTheOtherAddsNothing() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", numberedLines(20))
        try repo.commit()
        try repo.git("checkout", "-q", "-b", "side")
        try repo.move("a.txt", "b.txt")
        try repo.commit()
        try repo.git("checkout", "-q", "main")
        try repo.write("a.txt", numberedLines(20).replacingOccurrences(of: "line3\n", with: "three\n"))
        try repo.commit()
        try repo.git("merge", "-q", "--no-ff", "-m", "merge", "side")
        XCTAssertEqual(try repo.git("ls-tree", "--name-only", "HEAD"), "b.txt\n")

        let files = try repo.open().changes(ofCommit: try repo.id("HEAD")).files
        XCTAssertEqual(files.flatMap(\.addedLines), [])
    }
}
