import Foundation
import Git
import TestFixtures
import XCTest

/// Every commit of every ref, each once, parents before children.
final class HistoryTests: XCTestCase {
    /// `git rev-list` of the same tips, as a set of hex ids.
    private func gitCommits(_ repo: GitFixture, _ arguments: String...) throws -> Set<String> {
        Set(try repo.git(["rev-list"] + arguments).split(separator: "\n").map(String.init))
    }

    private func assertTopological(_ order: [ObjectID], _ repo: Repository, file: StaticString = #filePath, line: UInt = #line) throws {
        var position: [ObjectID: Int] = [:]
        for (i, id) in order.enumerated() { position[id] = i }
        XCTAssertEqual(position.count, order.count, "a commit came twice", file: file, line: line)
        for id in order {
            for parent in try repo.parents(of: id) {
                let before = try XCTUnwrap(position[parent], "parent \(parent) of \(id) missing", file: file, line: line)
                XCTAssertLessThan(before, position[id]!, "parent after child", file: file, line: line)
            }
        }
    }

    func testHistoryCoversEveryBranchOnceParentsFirst() throws {
        let repo = try GitFixture()
        try repo.write("f.txt", "1\n")
        try repo.commit()
        try repo.git("checkout", "-q", "-b", "a")
        for i in 2...4 { try repo.write("a.txt", "\(i)\n"); try repo.commit() }
        try repo.git("checkout", "-q", "-b", "b", "main")
        for i in 5...6 { try repo.write("b.txt", "\(i)\n"); try repo.commit() }
        try repo.git("checkout", "-q", "main")
        try repo.git("merge", "-q", "--no-ff", "-m", "m", "a", "b")
        try repo.write("f.txt", "1\n7\n")
        try repo.commit()
        try repo.git("checkout", "-q", "-b", "unmerged", "a~1")
        try repo.write("u.txt", "u\n")
        try repo.commit()

        let open = try repo.open()
        let order = try open.commits()
        XCTAssertEqual(Set(order.map(\.description)), try gitCommits(repo, "--all"))
        XCTAssertEqual(order.count, 9)
        try assertTopological(order, open)
        XCTAssertEqual(order.first?.description, try repo.rev("main~2"), "the root comes first")
    }

    func testAnnotatedTagOnACommitOfNoBranchIsIncluded() throws {
        let repo = try GitFixture()
        try repo.write("f.txt", "1\n")
        try repo.commit()
        try repo.git("checkout", "-q", "-b", "temp")
        try repo.write("release-only.txt", "api_key = 'x'\n")
        let tagged = try repo.commit("release fix")
        try repo.git("tag", "-a", "v1.0", "-m", "release")
        try repo.git("checkout", "-q", "main")
        try repo.git("branch", "-q", "-D", "temp")
        XCTAssertEqual(try repo.git("branch", "--contains", tagged), "")

        let open = try repo.open()
        XCTAssertTrue(try open.allRefTips().contains(try repo.id(tagged)))
        XCTAssertEqual(try open.commits().map(\.description), [try repo.rev("main"), tagged])
    }

    func testTagsOfTreesAndBlobsAreIgnored() throws {
        let repo = try GitFixture()
        try repo.write("f.txt", "1\n")
        let head = try repo.commit()
        try repo.git("tag", "tree-tag", "HEAD^{tree}")
        try repo.git("tag", "-a", "blob-tag", "-m", "blob", try repo.blob("HEAD", "f.txt"))
        XCTAssertEqual(try repo.open().commits().map(\.description), [head])
    }

    func testStashCommitsAreIncludedAndTogetherAddEachStashedLineOnce() throws {
        let repo = try GitFixture()
        try repo.write("f.txt", numberedLines(4))
        try repo.commit()
        try repo.write("f.txt", numberedLines(4).replacingOccurrences(of: "line1\n", with: "staged1\n"))
        try repo.git("add", "f.txt")
        try repo.write("f.txt", numberedLines(4).replacingOccurrences(of: "line1\n", with: "staged1\n").replacingOccurrences(of: "line4\n", with: "unstaged4\n"))
        try repo.git("stash", "-q")
        XCTAssertEqual(try repo.git("status", "--porcelain"), "")

        let open = try repo.open()
        let order = try open.commits()
        let stash = try repo.rev("stash@{0}"), index = try repo.rev("stash@{0}^2")
        XCTAssertEqual(Set(order.map(\.description)), [try repo.rev("main"), index, stash])
        try assertTopological(order, open)
        // The index commit holds the staged line; the stash commit (a merge of HEAD and the index
        // commit) holds only the line that was never staged.
        XCTAssertEqual(try open.changes(ofCommit: try repo.id(index)).files.map(\.addedLines), [[1]])
        XCTAssertEqual(try open.changes(ofCommit: try repo.id(stash)).files.map(\.addedLines), [[4]])
    }

    func testOlderStashEntriesAreWalkedToo() throws {
        let repo = try GitFixture()
        try repo.write("f.txt", numberedLines(2))
        try repo.commit()
        try repo.write("f.txt", numberedLines(2) + "first stash\n")
        try repo.git("stash", "-q")
        try repo.write("f.txt", numberedLines(2) + "second stash\n")
        try repo.git("stash", "-q")
        let older = try repo.rev("stash@{1}"), newer = try repo.rev("stash@{0}")
        let open = try repo.open()
        XCTAssertEqual(Set(try open.stashEntries().map(\.description)), [older, newer])
        let walked = Set(try open.commits().map(\.description))
        XCTAssertTrue(walked.isSuperset(of: [older, newer, try repo.rev("stash@{1}^2")]), "\(walked)")
        // Dropping the newer one leaves the older as refs/stash; both walks agree again.
        try repo.git("stash", "drop", "-q", "stash@{0}")
        XCTAssertEqual(try open.stashEntries().map(\.description), [older])
    }

    func testARepositoryThatNeverStashedHasNoStashEntries() throws {
        let repo = try GitFixture()
        try repo.write("f.txt", "x\n")
        try repo.commit()
        XCTAssertEqual(try repo.open().stashEntries(), [])
    }

    func testSinceLeavesOutWhatTheRevisionReaches() throws {
        let repo = try GitFixture()
        var ids: [String] = []
        for i in 1...4 { try repo.write("f.txt", "\(i)\n"); ids.append(try repo.commit()) }
        try repo.git("checkout", "-q", "-b", "side", ids[1])
        try repo.write("s.txt", "s\n")
        let side = try repo.commit()

        let open = try repo.open()
        let excluded = try open.commits(excluding: [try repo.id(ids[1])]).map(\.description)
        XCTAssertEqual(Set(excluded), [ids[2], ids[3], side])
        XCTAssertEqual(excluded.filter { $0 != side }, [ids[2], ids[3]])
        XCTAssertEqual(try open.commits(excluding: [try repo.id("main"), try repo.id("side")]), [])
        XCTAssertEqual(try open.commits(from: [try repo.id("main")], excluding: [try repo.id(ids[0])]).map(\.description), Array(ids[1...]))
    }

    func testDetachedHeadCommitIsIncluded() throws {
        let repo = try GitFixture()
        try repo.write("f.txt", "1\n")
        let first = try repo.commit()
        try repo.git("checkout", "-q", "--detach")
        try repo.write("f.txt", "1\ndetached\n")
        let detached = try repo.commit()
        XCTAssertEqual(try repo.git("for-each-ref", "--contains", detached), "", "no ref reaches it, only HEAD")

        let open = try repo.open()
        XCTAssertEqual(try open.headCommit()?.description, detached)
        XCTAssertEqual(try open.commits().map(\.description), [first, detached])
        XCTAssertEqual(try open.changes(ofCommit: try repo.id("HEAD")).files.map(\.addedLines), [[2]])
    }

    func testEmptyRepositoryHasNoCommits() throws {
        let repo = try GitFixture()
        let open = try repo.open()
        XCTAssertEqual(try open.commits(), [])
        XCTAssertEqual(try open.allRefTips(), [])
        XCTAssertThrowsError(try open.resolveCommit("HEAD")) { XCTAssertEqual($0 as? GitError, GitError("unknown revision: HEAD")) }
    }

    func testNotesCommitsAreIncluded() throws {
        let repo = try GitFixture()
        try repo.write("f.txt", "1\n")
        let head = try repo.commit()
        try repo.git("notes", "add", "-m", "token = abc", head)
        let notes = try repo.rev("refs/notes/commits")
        let open = try repo.open()
        XCTAssertEqual(Set(try open.commits().map(\.description)), [head, notes])
        // A note is stored as a file named by the commit it annotates.
        XCTAssertEqual(try open.changes(ofCommit: try repo.id(notes)).files.map(\.path), [head])
    }

    func testLongLinearHistoryDoesNotRecurseTooDeep() throws {
        // fast-import makes 3000 commits in one go; a recursive walk would overflow the stack.
        let repo = try GitFixture()
        var stream = ""
        for i in 1...3000 {
            let content = "\(i)\n"
            stream += "commit refs/heads/main\nmark :\(i)\ncommitter A <a@b> \(1_700_000_000 + i) +0000\ndata 1\nx\n"
            if i > 1 { stream += "from :\(i - 1)\n" }
            stream += "M 100644 inline f.txt\ndata \(content.utf8.count)\n\(content)\n"
        }
        try repo.write("stream", stream)
        try repo.shell("git fast-import --quiet < stream && rm stream")
        let open = try repo.open()
        let order = try open.commits()
        XCTAssertEqual(order.count, 3000)
        XCTAssertEqual(order.last?.description, try repo.rev("main"))
        XCTAssertEqual(try open.commits(excluding: [try repo.id("main~10")]).count, 10)
    }
}
