import Foundation
import Git
import TestFixtures
import XCTest

/// What a single (non-merge) commit adds, checked exactly against the blob ids git records.
final class CommitTests: XCTestCase {
    func testRootCommitAddsEveryLineOfEveryFile() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", "one\ntwo\nthree\n")
        try repo.write("dir/b.py", "x = 1\ny = 2")  // no final newline: still two lines
        try repo.write("empty.txt", "")
        let head = try repo.commit("root\n\nbody text", date: "1714550400 +0200")

        let set = try repo.open().changes(ofCommit: try repo.id("HEAD"))
        XCTAssertEqual(views(set.files), [
            FileView("a.txt", .added, new: try repo.blob("HEAD", "a.txt"), added: [1, 2, 3]),
            FileView("dir/b.py", .added, new: try repo.blob("HEAD", "dir/b.py"), added: [1, 2]),
            FileView("empty.txt", .added, new: try repo.blob("HEAD", "empty.txt"), added: []),
        ])
        XCTAssertEqual(set.files.map(\.content), [Array("one\ntwo\nthree\n".utf8), Array("x = 1\ny = 2".utf8), []])
        let info = try XCTUnwrap(set.commit)
        XCTAssertEqual(info.id.description, head)
        XCTAssertEqual(info.parents, [])
        XCTAssertEqual(info.authorName, "Ada Tester")
        XCTAssertEqual(info.authorEmail, "ada@example.com")
        XCTAssertEqual(info.date, "2024-05-01T10:00:00+02:00")
        XCTAssertEqual(info.summary, "root")
    }

    func testOrdinaryEditAddsOnlyChangedAndInsertedLines() throws {
        let repo = try GitFixture()
        try repo.write("f.txt", numberedLines(10))
        let first = try repo.commit()
        // Line 3 changed, two lines inserted after line 7, line 9 deleted.
        let edited = ["line1", "line2", "LINE3", "line4", "line5", "line6", "line7", "new-a", "new-b", "line8", "line10"]
        try repo.write("f.txt", edited.map { $0 + "\n" }.joined())
        try repo.commit()

        let set = try repo.open().changes(ofCommit: try repo.id("HEAD"))
        XCTAssertEqual(views(set.files), [
            FileView("f.txt", .modified, old: try repo.blob("HEAD~1", "f.txt"), new: try repo.blob("HEAD", "f.txt"), added: [3, 8, 9]),
        ])
        XCTAssertEqual(set.commit?.parents.map(\.description), [first])
        XCTAssertEqual(set.files.first?.content, try repo.read("f.txt"))
    }

    func testPureRenameAddsNoLines() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", numberedLines(20))
        try repo.commit()
        try repo.move("a.txt", "moved/b.txt")
        try repo.commit()

        let blob = try repo.blob("HEAD", "moved/b.txt")
        let set = try repo.open().changes(ofCommit: try repo.id("HEAD"))
        XCTAssertEqual(views(set.files), [FileView("moved/b.txt", .renamed, from: "a.txt", old: blob, new: blob, added: [])])
    }

    func testRenameWithEditAddsOnlyTheEditedLines() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", numberedLines(20))
        try repo.commit()
        try repo.move("a.txt", "b.txt")
        try repo.write("b.txt", numberedLines(20).replacingOccurrences(of: "line5\n", with: "five\n") + "line21\n")
        try repo.commit()

        let set = try repo.open().changes(ofCommit: try repo.id("HEAD"))
        XCTAssertEqual(views(set.files), [
            FileView("b.txt", .renamed, from: "a.txt", old: try repo.blob("HEAD~1", "a.txt"), new: try repo.blob("HEAD", "b.txt"), added: [5, 21]),
        ])
    }

    func testRenameDetectionCanBeTurnedOff() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", numberedLines(5))
        try repo.commit()
        try repo.move("a.txt", "b.txt")
        try repo.commit()

        let blob = try repo.blob("HEAD", "b.txt")
        let set = try repo.open().changes(ofCommit: try repo.id("HEAD"), ChangeOptions(detectRenames: false))
        XCTAssertEqual(views(set.files), [
            FileView("a.txt", .deleted, old: blob),
            FileView("b.txt", .added, new: blob, added: lines(5)),
        ])
    }

    func testDeletionAddsNothingAndHasNoContent() throws {
        let repo = try GitFixture()
        try repo.write("keep.txt", "keep\n")
        try repo.write("gone.txt", "bye\n")
        try repo.commit()
        let old = try repo.blob("HEAD", "gone.txt")
        try repo.git("rm", "-q", "gone.txt")
        try repo.commit()

        let set = try repo.open().changes(ofCommit: try repo.id("HEAD"))
        XCTAssertEqual(views(set.files), [FileView("gone.txt", .deleted, old: old)])
        XCTAssertNil(set.files[0].content)
        XCTAssertFalse(set.files[0].isScannable)
    }

    func testModeChangeOnlyAddsNoLines() throws {
        let repo = try GitFixture()
        try repo.write("run.sh", "#!/bin/sh\necho hi\n")
        try repo.commit()
        try repo.git("update-index", "--chmod=+x", "run.sh")
        try repo.git("commit", "-q", "-m", "chmod")
        XCTAssertEqual(try repo.git("ls-tree", "HEAD", "run.sh").prefix(6), "100755")

        let blob = try repo.blob("HEAD", "run.sh")
        let set = try repo.open().changes(ofCommit: try repo.id("HEAD"))
        XCTAssertEqual(views(set.files), [FileView("run.sh", .modified, old: blob, new: blob, added: [])])
    }

    /// Git knows modes, not content: what is worth reading is the caller's rule (Review's ScanGate),
    /// applied to each blob's whole bytes; a skipped blob gets no content and no line diff.
    func testTheCallersSkipRuleDecidesWhichBlobsAreRead() throws {
        let repo = try GitFixture()
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D] + Array(repeating: 7, count: 64)
        try repo.write("logo.png", bytes: png)
        try repo.write("notes.txt", "a\n")
        try repo.commit()
        try repo.write("logo.png", bytes: png + [0, 1, 2, 10, 65, 10])
        try repo.write("notes.txt", "a\nb\n")
        try repo.commit()

        let rule = ChangeOptions(skipReason: { $0.first == 0x89 ? "picture of \($0.count) bytes" : nil })
        let open = try repo.open()
        XCTAssertEqual(views(try open.changes(ofCommit: try repo.id("HEAD~1"), rule).files), [
            FileView("logo.png", .added, new: try repo.blob("HEAD~1", "logo.png"), skipped: "picture of 76 bytes"),
            FileView("notes.txt", .added, new: try repo.blob("HEAD~1", "notes.txt"), added: [1]),
        ])
        let edit = try open.changes(ofCommit: try repo.id("HEAD"), rule).files
        XCTAssertEqual(views(edit), [
            FileView("logo.png", .modified, old: try repo.blob("HEAD~1", "logo.png"), new: try repo.blob("HEAD", "logo.png"), skipped: "picture of 82 bytes"),
            FileView("notes.txt", .modified, old: try repo.blob("HEAD~1", "notes.txt"), new: try repo.blob("HEAD", "notes.txt"), added: [2]),
        ])
        XCTAssertNil(edit[0].content)
        XCTAssertFalse(edit[0].isScannable)
        XCTAssertTrue(edit[1].isScannable)
    }

    /// Without a rule every blob is read, and its added lines worked out as text whatever bytes it
    /// holds (git calls a file with a NUL binary and prints no lines for it).
    func testWithoutARuleEveryBlobIsReadAsText() throws {
        let repo = try GitFixture()
        try repo.write("early.dat", bytes: Array("text\n".utf8) + [0] + Array("more\n".utf8))
        try repo.write("bell.env", bytes: Array("A=1\n".utf8) + [7] + Array("\nB=2\n".utf8))
        try repo.commit()
        let set = try repo.open().changes(ofCommit: try repo.id("HEAD"))
        XCTAssertEqual(views(set.files), [
            FileView("bell.env", .added, new: try repo.blob("HEAD", "bell.env"), added: [1, 2, 3]),
            FileView("early.dat", .added, new: try repo.blob("HEAD", "early.dat"), added: [1, 2]),
        ])
        XCTAssertEqual(try repo.git("show", "--numstat", "--format=", "HEAD"), "3\t0\tbell.env\n-\t-\tearly.dat\n")
    }

    func testCRLFLinesAreCountedByLineFeedAndContentKeepsCarriageReturns() throws {
        let repo = try GitFixture()
        try repo.write("win.txt", "one\r\ntwo\r\nthree\r\n")
        try repo.commit()
        try repo.write("win.txt", "one\r\nTWO\r\nthree\r\nfour\r\n")
        try repo.commit()

        let open = try repo.open()
        XCTAssertEqual(try open.changes(ofCommit: try repo.id("HEAD~1")).files.map(\.addedLines), [[1, 2, 3]])
        let edit = try open.changes(ofCommit: try repo.id("HEAD")).files
        XCTAssertEqual(views(edit), [
            FileView("win.txt", .modified, old: try repo.blob("HEAD~1", "win.txt"), new: try repo.blob("HEAD", "win.txt"), added: [2, 4]),
        ])
        XCTAssertEqual(edit[0].content, Array("one\r\nTWO\r\nthree\r\nfour\r\n".utf8))
    }

    func testInvalidUTF8IsTextAndKeptByteForByte() throws {
        let repo = try GitFixture()
        let bytes: [UInt8] = Array("ok\n".utf8) + [0xFF, 0xFE, 0x80, 0x41, 0x0A] + Array("caf\u{e9}\n".utf8) + [0xC3, 0x28, 0x0A]
        try repo.write("latin.txt", bytes: bytes)
        try repo.commit()
        try repo.write("latin.txt", bytes: bytes + [0xE9, 0x0A])
        try repo.commit()

        let open = try repo.open()
        let root = try open.changes(ofCommit: try repo.id("HEAD~1")).files
        XCTAssertEqual(views(root), [FileView("latin.txt", .added, new: try repo.blob("HEAD~1", "latin.txt"), added: [1, 2, 3, 4])])
        XCTAssertEqual(root[0].content, bytes)
        XCTAssertEqual(try open.changes(ofCommit: try repo.id("HEAD")).files.map(\.addedLines), [[5]])
    }

    func testPathsWithSpacesQuotesAndNonASCIIComeBackExactly() throws {
        let repo = try GitFixture()
        let paths = ["dir with space/na\u{ef}ve caf\u{e9} \u{2713}.txt", "quote\"and\\back slash.py", "\u{65e5}\u{672c}/\u{8a9e}.md", "tab\there.txt"]
        for path in paths { try repo.write(path, "secret\n") }
        try repo.commit()

        let files = try repo.open().changes(ofCommit: try repo.id("HEAD")).files
        XCTAssertEqual(Set(files.map(\.path)), Set(paths))
        for file in files {
            XCTAssertEqual(file.newBlob?.description, try repo.blob("HEAD", file.path), file.path)
            XCTAssertEqual(file.addedLines, [1], file.path)
        }
    }

    func testPathThatIsNotUTF8DoesNotCrash() throws {
        let repo = try GitFixture()
        // A file name with byte 0xFF, made by the shell since a Swift String cannot hold it.
        try repo.shell("printf 'x\\n' > \"$(printf 'bad\\377name.txt')\"")
        try repo.commit()

        let files = try repo.open().changes(ofCommit: try repo.id("HEAD")).files
        XCTAssertEqual(files.count, 1)
        XCTAssertEqual(files.first?.addedLines, [1])
        XCTAssertTrue(files.first?.path.hasPrefix("bad") ?? false)
    }

    func testSymbolicLinkIsSkippedAndTypeChangeIsReported() throws {
        let repo = try GitFixture()
        try repo.write("target.txt", "t\n")
        try repo.write("link", "was a file\n")
        try repo.commit()
        try FileManager.default.removeItem(atPath: repo.path + "/link")
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/link", withDestinationPath: "target.txt")
        try repo.commit()

        let files = try repo.open().changes(ofCommit: try repo.id("HEAD")).files
        XCTAssertEqual(views(files), [
            FileView("link", .typeChanged, old: try repo.blob("HEAD~1", "link"), new: try repo.blob("HEAD", "link"), skipped: "symbolic link"),
        ])
    }

    func testModificationsDeepInFoldersAndChangesOfKind() throws {
        // Commits that only modify entries take a tree walk that skips identical folders; this
        // checks it reports what libgit2's diff (used when entries come and go) would.
        let repo = try GitFixture()
        try repo.write("a/b/c/deep.txt", "1\n")
        try repo.write("a/b/same.txt", "same\n")
        try repo.write("a/tool", "echo\n")
        try repo.write("a.txt", "top\n")
        try repo.write("z/link-me", "x\n")
        try repo.commit()
        try repo.write("a/b/c/deep.txt", "1\n2\n")
        try repo.write("a/tool", "echo\necho 2\n")
        try repo.git("update-index", "--add", "--chmod=+x", "a/tool")
        try FileManager.default.removeItem(atPath: repo.path + "/z/link-me")
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/z/link-me", withDestinationPath: "../a.txt")
        try repo.commit()
        let modified = try repo.open().changes(ofCommit: try repo.id("HEAD")).files
        XCTAssertEqual(views(modified), [
            FileView("a/b/c/deep.txt", .modified, old: try repo.blob("HEAD~1", "a/b/c/deep.txt"), new: try repo.blob("HEAD", "a/b/c/deep.txt"), added: [2]),
            FileView("a/tool", .modified, old: try repo.blob("HEAD~1", "a/tool"), new: try repo.blob("HEAD", "a/tool"), added: [2]),
            FileView("z/link-me", .typeChanged, old: try repo.blob("HEAD~1", "z/link-me"), new: try repo.blob("HEAD", "z/link-me"), skipped: "symbolic link"),
        ])

        // A file that becomes a folder: a deletion and an addition, as git shows it.
        try repo.git("rm", "-q", "a.txt")
        try repo.write("a.txt/inner.txt", "inner\n")
        try repo.commit()
        let replaced = try repo.open().changes(ofCommit: try repo.id("HEAD")).files
        XCTAssertEqual(replaced.map(\.path), ["a.txt", "a.txt/inner.txt"])
        XCTAssertEqual(replaced.map(\.status), [.deleted, .added])
    }

    func testBlobIdsOnlyModeLoadsNoContentButAddedLinesCanBeAskedFor() throws {
        let repo = try GitFixture()
        try repo.write("f.txt", numberedLines(5))
        try repo.commit()
        try repo.write("f.txt", numberedLines(5).replacingOccurrences(of: "line2\n", with: "two\n") + "line6\n")
        try repo.write("new.txt", "a\nb\n")
        try repo.commit()

        let open = try repo.open()
        let files = try open.changes(ofCommit: try repo.id("HEAD"), ChangeOptions(loadContent: false)).files
        XCTAssertEqual(files.map(\.path), ["f.txt", "new.txt"])
        XCTAssertEqual(files.map(\.content), [nil, nil])
        XCTAssertEqual(files.map(\.addedLines), [[], []])
        XCTAssertEqual(try files.map { try open.addedLines(of: $0) }, [[2, 6], [1, 2]])
        XCTAssertEqual(try open.blobContent(try XCTUnwrap(files[1].newBlob)), Array("a\nb\n".utf8))
    }

    func testAddingOnlyAFinalNewlineMatchesGit() throws {
        let repo = try GitFixture()
        try repo.write("f.txt", "a\nb")
        try repo.commit()
        try repo.write("f.txt", "a\nb\nc")
        try repo.commit()
        // git: "-b / +b / +c" (line 2 gained its newline), so lines 2 and 3 are added.
        XCTAssertEqual(try gitAddedLines(repo, "HEAD")["f.txt"], [2, 3])
        XCTAssertEqual(try repo.open().changes(ofCommit: try repo.id("HEAD")).files.map(\.addedLines), [[2, 3]])
    }

    func testUnknownCommitThrowsOneLineError() throws {
        let repo = try GitFixture()
        try repo.write("f.txt", "x\n")
        try repo.commit()
        let open = try repo.open()
        XCTAssertThrowsError(try open.resolveCommit("nope")) { XCTAssertEqual($0 as? GitError, GitError("unknown revision: nope")) }
        let tree = try repo.rev("HEAD^{tree}")
        XCTAssertThrowsError(try open.resolveCommit(tree)) { XCTAssertEqual($0 as? GitError, GitError("not a commit: \(tree)")) }
        let missing = try XCTUnwrap(ObjectID(hex: String(repeating: "ab", count: 20)))
        XCTAssertThrowsError(try open.changes(ofCommit: missing)) { error in
            let text = (error as? GitError)?.description ?? ""
            XCTAssertTrue(text.hasPrefix("cannot read commit abababab"), text)
            XCTAssertFalse(text.contains("\n"), text)
        }
    }
}

/// git's own added lines for a commit (`git show -U0`), by new path: the reference the layer must match.
func gitAddedLines(_ repo: GitFixture, _ revision: String) throws -> [String: [Int]] {
    parseZeroContextPatch(try repo.git("show", "-U0", "-M", "--format=", "--no-color", "--no-ext-diff", revision))
}

/// New-side line numbers of each file's "+" lines in a `-U0` patch, by new path (deletions left out).
func parseZeroContextPatch(_ patch: String) -> [String: [Int]] {
    var result: [String: [Int]] = [:]
    var path: String?
    // Split bytes, not Characters: Swift keeps "\r\n" as one Character, so a CRLF line would not split.
    for line in patch.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map({ String(decoding: $0, as: UTF8.self) }) {
        if line.hasPrefix("diff --git ") {
            path = nil
        } else if line.hasPrefix("+++ ") {
            path = line == "+++ /dev/null" ? nil : String(line.dropFirst(6))  // "+++ b/"
            if let path { result[path, default: []] = [] }
        } else if line.hasPrefix("@@ "), let path {
            // "@@ -a,b +c,d @@": d lines from c (d defaults to 1; 0 means none).
            let fields = line.split(separator: " ")
            let new = fields[2].dropFirst().split(separator: ",").map { Int($0)! }
            let start = new[0], count = new.count > 1 ? new[1] : 1
            if count > 0 { result[path, default: []] += Array(start..<(start + count)) }
        }
    }
    return result
}
