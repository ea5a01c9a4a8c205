import Foundation
import Git
import TestFixtures
import XCTest

/// `A..B` (the commits) against `A...B` (what a pull request shows) after the base moved on.
final class RangeTests: XCTestCase {
    /// base on main; feature adds feature.txt then edits line 1 of shared.txt; main then moves on
    /// (adds main.txt, edits line 5 of shared.txt). HEAD is on feature.
    private func movedBase() throws -> (repo: GitFixture, base: String, f1: String, f2: String, m1: String) {
        let repo = try GitFixture()
        try repo.write("shared.txt", numberedLines(6))
        let base = try repo.commit("base")
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.write("feature.txt", "feature 1\nfeature 2\n")
        let f1 = try repo.commit("f1")
        try repo.write("shared.txt", numberedLines(6).replacingOccurrences(of: "line1\n", with: "feature-line1\n"))
        let f2 = try repo.commit("f2")
        try repo.git("checkout", "-q", "main")
        try repo.write("main.txt", "main\n")
        try repo.write("shared.txt", numberedLines(6).replacingOccurrences(of: "line5\n", with: "main-line5\n"))
        let m1 = try repo.commit("m1")
        try repo.git("checkout", "-q", "feature")
        return (repo, base, f1, f2, m1)
    }

    func testTwoDotRangeIsTheCommitsReachableFromHeadOnly() throws {
        let (repo, base, f1, f2, m1) = try movedBase()
        let open = try repo.open()

        let range = try open.parseRange("main..feature")
        XCTAssertEqual(range.kind, .commits)
        XCTAssertEqual(range.base?.description, m1)
        XCTAssertEqual(range.head.description, f2)
        XCTAssertEqual(try open.commits(in: range).map(\.description), [f1, f2])
        XCTAssertEqual(try open.commits(in: try open.parseRange("feature..main")).map(\.description), [m1])
        XCTAssertEqual(try open.commits(in: try open.parseRange("main..")).map(\.description), [f1, f2])
        XCTAssertEqual(try open.commits(in: try open.parseRange("\(base)..\(m1)")).map(\.description), [m1])
        XCTAssertEqual(try open.commits(in: try open.parseRange("feature..feature")), [])
    }

    func testThreeDotRangeDiffsTheMergeBaseAgainstTheHead() throws {
        let (repo, base, _, f2, _) = try movedBase()
        let open = try repo.open()

        let range = try open.parseRange("main...feature")
        XCTAssertEqual(range.kind, .mergeBase)
        XCTAssertEqual(range.base?.description, base)
        XCTAssertEqual(range.head.description, f2)
        // main's own work (main.txt, main-line5) is not part of what the branch adds.
        XCTAssertEqual(views(try open.changes(from: range.base, to: range.head)), [
            FileView("feature.txt", .added, new: try repo.blob("feature", "feature.txt"), added: [1, 2]),
            FileView("shared.txt", .modified, old: try repo.blob(base, "shared.txt"), new: try repo.blob("feature", "shared.txt"), added: [1]),
        ])
    }

    func testTwoDotTreeDiffWouldWronglyShowTheMovedBaseAsRemoved() throws {
        // The reason `A...B` exists: a plain tree diff main→feature blames the branch for main's work.
        let (repo, _, _, _, _) = try movedBase()
        let open = try repo.open()
        let files = try open.changes(from: try repo.id("main"), to: try repo.id("feature"))
        XCTAssertEqual(files.map(\.path), ["feature.txt", "main.txt", "shared.txt"])
        XCTAssertEqual(files.map(\.status), [.added, .deleted, .modified])
        XCTAssertEqual(files.map(\.addedLines), [[1, 2], [], [1, 5]])
    }

    func testSingleRevisionMeansThreeDotAgainstHeadAndEmptySideMeansHead() throws {
        let (repo, base, _, f2, _) = try movedBase()
        let open = try repo.open()
        let single = try open.parseRange("main")
        XCTAssertEqual(single.kind, .mergeBase)
        XCTAssertEqual(single.base?.description, base)
        XCTAssertEqual(single.head.description, f2)
        let leftEmpty = try open.parseRange("...main")
        XCTAssertEqual(leftEmpty.base?.description, base)
        XCTAssertEqual(leftEmpty.head, try repo.id("main"))
        XCTAssertEqual(try open.parseRange("main~0...").head.description, f2)
    }

    func testUnrelatedHistoriesShowTheWholeHeadTree() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", "a\n")
        try repo.commit()
        try repo.git("checkout", "-q", "--orphan", "other")
        try repo.git("rm", "-q", "-r", "--cached", ".")
        try FileManager.default.removeItem(atPath: repo.path + "/a.txt")
        try repo.write("b.txt", "b1\nb2\n")
        try repo.commit()

        let open = try repo.open()
        let range = try open.parseRange("main...other")
        XCTAssertNil(range.base)
        XCTAssertEqual(views(try open.changes(from: range.base, to: range.head)), [
            FileView("b.txt", .added, new: try repo.blob("other", "b.txt"), added: [1, 2]),
        ])
        XCTAssertEqual(try open.commits(in: try open.parseRange("main..other")).map(\.description), [try repo.rev("other")])
    }

    func testUnknownRevisionInARangeNamesIt() throws {
        let (repo, _, _, _, _) = try movedBase()
        let open = try repo.open()
        for (text, bad) in [("nope...main", "nope"), ("main..nope", "nope"), ("nope", "nope")] {
            XCTAssertThrowsError(try open.parseRange(text), text) { XCTAssertEqual($0 as? GitError, GitError("unknown revision: \(bad)")) }
        }
    }

    func testBranchNamesResolveLikeGit() throws {
        let (repo, _, _, f2, m1) = try movedBase()
        try repo.git("update-ref", "refs/remotes/origin/dev", m1)
        let open = try repo.open()
        XCTAssertEqual(try open.resolveBranches(["feature", "origin/dev", "refs/heads/main"]).map(\.description), [f2, m1, m1])
        XCTAssertThrowsError(try open.resolveBranches(["missing"])) { XCTAssertEqual($0 as? GitError, GitError("unknown branch: missing")) }
    }
}
