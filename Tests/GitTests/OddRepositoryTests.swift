import Foundation
import Git
import TestFixtures
import XCTest

/// Repositories that are not a plain clone: bare, shallow, worktrees, submodules, subfolders.
final class OddRepositoryTests: XCTestCase {
    /// Three commits on main: root adds a.txt (3 lines), then b.txt, then an edit of a.txt.
    private func source() throws -> GitFixture {
        let repo = try GitFixture()
        try repo.write("a.txt", "a1\na2\na3\n")
        try repo.commit("one")
        try repo.write("b.txt", "b1\n")
        try repo.commit("two")
        try repo.write("a.txt", "a1\nA2\na3\n")
        try repo.commit("three")
        return repo
    }

    func testBareCloneHasHistoryAndCommitsButNoStagedChanges() throws {
        let repo = try source()
        let bare = repo.sibling("bare.git")
        try repo.git("clone", "-q", "--bare", repo.path, bare)

        let open = try repo.open(bare)
        XCTAssertTrue(open.isBare)
        XCTAssertNil(open.workingDirectory)
        XCTAssertEqual(try open.commits().map(\.description), try repo.git("rev-list", "--reverse", "main").split(separator: "\n").map(String.init))
        XCTAssertEqual(views(try open.changes(ofCommit: try repo.id("HEAD")).files), views(try repo.open().changes(ofCommit: try repo.id("HEAD")).files))
        XCTAssertThrowsError(try open.stagedChanges()) { error in
            let text = (error as? GitError)?.description ?? ""
            XCTAssertTrue(text.hasPrefix("a bare repository has no staged changes: "), text)
            XCTAssertTrue(text.contains("bare.git"), text)
        }
    }

    func testShallowCloneOfDepthOneTreatsItsOnlyCommitAsARoot() throws {
        let repo = try source()
        let shallow = repo.sibling("shallow")
        try repo.git("clone", "-q", "--depth", "1", "file://" + repo.path, shallow)

        let open = try repo.open(shallow)
        XCTAssertTrue(open.isShallow)
        let head = try repo.id("HEAD")
        XCTAssertEqual(try open.commits(), [head])
        XCTAssertEqual(try open.parents(of: head), [])
        let set = try open.changes(ofCommit: head)
        XCTAssertEqual(set.commit?.parents, [])
        XCTAssertEqual(views(set.files), [
            FileView("a.txt", .added, new: try repo.blob("HEAD", "a.txt"), added: [1, 2, 3]),
            FileView("b.txt", .added, new: try repo.blob("HEAD", "b.txt"), added: [1]),
        ])
    }

    func testAMissingRevisionInAShallowCloneSaysHowToFetchIt() throws {
        let repo = try source()
        let shallow = repo.sibling("shallow3")
        try repo.git("clone", "-q", "--depth", "1", "file://" + repo.path, shallow)
        XCTAssertThrowsError(try repo.open(shallow).resolveCommit("HEAD~1")) { error in
            XCTAssertTrue("\(error)".hasPrefix("unknown revision: HEAD~1 (this is a shallow clone"), "\(error)")
        }
        // A full repository gives the plain message.
        XCTAssertThrowsError(try repo.open().resolveCommit("no-such-branch")) { error in
            XCTAssertEqual("\(error)", "unknown revision: no-such-branch")
        }
    }

    func testShallowCloneOfDepthTwoDiffsTheNewerCommitNormally() throws {
        let repo = try source()
        let shallow = repo.sibling("shallow2")
        try repo.git("clone", "-q", "--depth", "2", "file://" + repo.path, shallow)

        let open = try repo.open(shallow)
        XCTAssertEqual(try open.commits(), [try repo.id("HEAD~1"), try repo.id("HEAD")])
        XCTAssertEqual(try open.changes(ofCommit: try repo.id("HEAD~1")).files.map(\.addedLines), [[1, 2, 3], [1]])
        XCTAssertEqual(try open.changes(ofCommit: try repo.id("HEAD")).files.map(\.addedLines), [[2]])
        XCTAssertEqual(try open.commits(excluding: [try repo.id("HEAD~1")]), [try repo.id("HEAD")])
    }

    func testWorktreeStagesItsOwnIndex() throws {
        let repo = try source()
        let worktree = repo.sibling("wt")
        try repo.git("worktree", "add", "-q", "-b", "side", worktree)
        try repo.write("wt-only.txt", bytes: Array("from the worktree\n".utf8), in: worktree)
        try repo.git("add", "wt-only.txt", in: worktree)
        try repo.write("main-only.txt", "from the main checkout\n")
        try repo.git("add", "main-only.txt")

        let inWorktree = try repo.open(worktree)
        XCTAssertEqual(views(try inWorktree.stagedChanges().files), [
            FileView("wt-only.txt", .added, new: try repo.rev(":wt-only.txt", in: worktree), added: [1]),
        ])
        XCTAssertEqual(try repo.open().stagedChanges().files.map(\.path), ["main-only.txt"])

        // Commits made in the worktree are part of the shared history.
        let side = try repo.commit("side work", in: worktree)
        XCTAssertTrue(try repo.open().commits().contains(try repo.id(side)))
        XCTAssertEqual(try inWorktree.headCommit()?.description, side)
    }

    func testSubmoduleIsFlaggedAndSkipped() throws {
        let sub = try GitFixture(name: "sub")
        try sub.write("inner.txt", "inner\n")
        let first = try sub.commit()
        let repo = try GitFixture()
        try repo.write("top.txt", "top\n")
        try repo.commit()
        try repo.git("submodule", "add", "-q", sub.path, "deps/sub")
        try repo.commit("add submodule")

        let open = try repo.open()
        let added = try open.changes(ofCommit: try repo.id("HEAD")).files
        XCTAssertEqual(views(added), [
            FileView(".gitmodules", .added, new: try repo.blob("HEAD", ".gitmodules"), added: [1, 2, 3]),
            FileView("deps/sub", .added, submodule: true, skipped: "submodule"),
        ])
        XCTAssertEqual(try repo.rev("HEAD:deps/sub"), first)

        try sub.write("inner.txt", "inner\nmore\n")
        try sub.commit()
        try repo.git("fetch", "-q", "origin", in: repo.path + "/deps/sub")
        try repo.git("checkout", "-q", "origin/main", in: repo.path + "/deps/sub")
        try repo.commit("bump submodule")
        XCTAssertEqual(views(try open.changes(ofCommit: try repo.id("HEAD")).files), [
            FileView("deps/sub", .modified, submodule: true, skipped: "submodule"),
        ])
    }

    func testDiscoversTheRepositoryFromASubfolder() throws {
        let repo = try source()
        try repo.write("deep/er/file.txt", "x\n")
        let open = try repo.open(repo.path + "/deep/er")
        XCTAssertEqual(open.workingDirectory.map { URL(fileURLWithPath: $0).standardizedFileURL.path },
                       URL(fileURLWithPath: repo.path).standardizedFileURL.path)
        XCTAssertEqual(try open.headCommit(), try repo.id("HEAD"))
    }

    func testNotARepositoryAndMissingFolderGiveOneLineErrors() throws {
        let repo = try GitFixture()
        let plain = repo.sibling("plain")
        try FileManager.default.createDirectory(atPath: plain, withIntermediateDirectories: true)
        for path in [plain, repo.sibling("missing")] {
            XCTAssertThrowsError(try Repository(discoveringFrom: path)) { XCTAssertEqual($0 as? GitError, GitError("not a git repository: \(path)")) }
        }
    }

    func testStaleSymbolicRefIsSkippedLikeGit() throws {
        let repo = try source()
        try repo.git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/gone")
        let open = try repo.open()
        XCTAssertEqual(try open.commits().count, 3)
    }

    func testCorruptHeadOrRefThrowsInsteadOfLookingEmpty() throws {
        let repo = try source()
        let open = try repo.open()
        try Data("garbage\n".utf8).write(to: URL(fileURLWithPath: repo.path + "/.git/HEAD"))
        XCTAssertThrowsError(try open.headCommit())
        XCTAssertThrowsError(try open.commits())
        XCTAssertThrowsError(try open.stagedChanges())

        // A branch naming an object that does not exist: git log --all fails, so must history.
        try Data("ref: refs/heads/main\n".utf8).write(to: URL(fileURLWithPath: repo.path + "/.git/HEAD"))
        try Data((String(repeating: "1", count: 40) + "\n").utf8).write(to: URL(fileURLWithPath: repo.path + "/.git/refs/heads/broken"))
        XCTAssertThrowsError(try repo.git("log", "--all"))
        XCTAssertThrowsError(try repo.open().commits()) { error in
            XCTAssertTrue((error as? GitError)?.description.hasPrefix("cannot read ref refs/heads/broken") ?? false, "\(error)")
        }
    }
}
