import Foundation
import TestFixtures
import XCTest

/// `shortwall debug changes` run as a program: its JSON, its options, and its one-line errors.
final class DebugChangesTests: XCTestCase {
    struct JSONSet: Decodable, Equatable {
        struct Commit: Decodable, Equatable { var id: String; var parents: [String] }
        struct File: Decodable, Equatable {
            var path: String
            var previousPath: String?
            var status: String
            var oldBlob: String?
            var newBlob: String?
            var submodule: Bool
            var skipped: String?
            var added: [[Int]]
        }
        var commit: Commit?
        var files: [File]
    }

    private func changes(_ arguments: [String], in directory: String, file: StaticString = #filePath, line: UInt = #line) throws -> [JSONSet] {
        let result = try shortwall(["debug", "changes"] + arguments, in: directory)
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        XCTAssertEqual(result.stderr, "", file: file, line: line)
        return try JSONDecoder().decode([JSONSet].self, from: result.stdoutData)
    }

    /// Runs a command that must fail: exit code 2 (not a signal) and exactly one line on stderr.
    private func failure(_ arguments: [String], in directory: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try shortwall(["debug", "changes"] + arguments, in: directory)
        XCTAssertTrue(result.exitedNormally, "crashed: \(result.stderr)", file: file, line: line)
        XCTAssertEqual(result.status, 2, file: file, line: line)
        XCTAssertEqual(result.stdout, "", "no partial output", file: file, line: line)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 2, "expected one line: \(result.stderr)", file: file, line: line)
        XCTAssertEqual(lines.last, "", file: file, line: line)
        return String(lines.first ?? "")
    }

    func testCommitJSONStatesEveryFieldAndRangesOfAddedLines() throws {
        let repo = try GitFixture()
        try repo.write("f.txt", numberedLines(8))
        try repo.write("gone.txt", "x\n")
        let parent = try repo.commit()
        try repo.write("f.txt", "new0\n" + numberedLines(8).replacingOccurrences(of: "line5\n", with: "five\nfive-b\n") + "line9\n")
        try repo.git("rm", "-q", "gone.txt")
        try repo.write("bin.dat", bytes: [0, 1, 2])
        let head = try repo.commit()

        let sets = try changes(["commit", "HEAD"], in: repo.path)
        XCTAssertEqual(sets, [JSONSet(commit: .init(id: head, parents: [parent]), files: [
            .init(path: "bin.dat", previousPath: nil, status: "added", oldBlob: nil, newBlob: try repo.blob("HEAD", "bin.dat"),
                  submodule: false, skipped: "binary", added: []),
            .init(path: "f.txt", previousPath: nil, status: "modified", oldBlob: try repo.blob("HEAD~1", "f.txt"), newBlob: try repo.blob("HEAD", "f.txt"),
                  submodule: false, skipped: nil, added: [[1, 1], [6, 7], [11, 11]]),
            .init(path: "gone.txt", previousPath: nil, status: "deleted", oldBlob: try repo.blob("HEAD~1", "gone.txt"), newBlob: nil,
                  submodule: false, skipped: nil, added: []),
        ])])
    }

    func testStagedRenameAndNonASCIIPathInJSON() throws {
        let repo = try GitFixture()
        try repo.write("old name.txt", numberedLines(10))
        try repo.commit()
        try repo.move("old name.txt", "n\u{e9}w/\u{540d}\u{524d}.txt")
        let sets = try changes(["staged"], in: repo.path)
        let blob = try repo.blob("", "n\u{e9}w/\u{540d}\u{524d}.txt")
        XCTAssertEqual(sets, [JSONSet(commit: nil, files: [
            .init(path: "n\u{e9}w/\u{540d}\u{524d}.txt", previousPath: "old name.txt", status: "renamed", oldBlob: blob, newBlob: blob,
                  submodule: false, skipped: nil, added: []),
        ])])
    }

    func testPathsWithCharactersJSONMustEscapeRoundTrip() throws {
        let repo = try GitFixture()
        let paths = ["quote\"back\\slash.txt", "tab\there.txt", "new\nline.txt", "bell\u{7}.txt", "caf\u{e9} \u{1F511}.txt"]
        for path in paths { try repo.write(path, "x\n") }
        try repo.commit()
        let sets = try changes(["commit", "HEAD"], in: repo.path)
        XCTAssertEqual(Set(sets.first?.files.map(\.path) ?? []), Set(paths))
    }

    func testDiffTwoDotListsEachCommitAndThreeDotOneSetForTheHead() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", "a\n")
        try repo.commit()
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.write("f.txt", "f\n")
        let f1 = try repo.commit()
        try repo.write("f.txt", "f\ng\n")
        let f2 = try repo.commit()
        try repo.git("checkout", "-q", "main")
        try repo.write("m.txt", "m\n")
        try repo.commit()

        let twoDot = try changes(["diff", "main..feature"], in: repo.path)
        XCTAssertEqual(twoDot.map(\.commit?.id), [f1, f2])
        XCTAssertEqual(twoDot.map { $0.files.map(\.added) }, [[[[1, 1]]], [[[2, 2]]]])
        let threeDot = try changes(["diff", "main...feature"], in: repo.path)
        XCTAssertEqual(threeDot.map(\.commit?.id), [f2])
        XCTAssertEqual(threeDot.first?.files.map(\.path), ["f.txt"])
        XCTAssertEqual(threeDot.first?.files.map(\.added), [[[1, 2]]])
    }

    func testHistoryWithSinceAndRepoOptionFromAnotherFolder() throws {
        let repo = try GitFixture()
        var ids: [String] = []
        for i in 1...3 { try repo.write("f.txt", numberedLines(i)); ids.append(try repo.commit()) }

        let all = try changes(["history", "--repo", repo.path], in: repo.root)
        XCTAssertEqual(all.map(\.commit?.id), ids)
        XCTAssertEqual(all.map { $0.files.map(\.added) }, [[[[1, 1]]], [[[2, 2]]], [[[3, 3]]]])
        XCTAssertEqual(try changes(["history", "--since", ids[0]], in: repo.path).map(\.commit?.id), Array(ids[1...]))
        XCTAssertEqual(try changes(["history", "--since", "main"], in: repo.path), [])
        // Discovered from a subfolder, like git.
        try repo.write("sub/dir/x.txt", "x\n")
        XCTAssertEqual(try changes(["history"], in: repo.path + "/sub/dir").count, 3)
    }

    func testMaxFileSizeOption() throws {
        let repo = try GitFixture()
        try repo.write("big.txt", String(repeating: "abcdefghi\n", count: 30))  // 300 bytes
        try repo.commit()
        let skipped = try changes(["commit", "HEAD", "--max-file-size", "100"], in: repo.path)
        XCTAssertEqual(skipped.first?.files.map(\.skipped), ["larger than 100 bytes"])
        XCTAssertEqual(skipped.first?.files.map(\.added), [[]])
        let kept = try changes(["commit", "HEAD", "--max-file-size", "300"], in: repo.path)
        XCTAssertEqual(kept.first?.files.map(\.added), [[[1, 30]]])
    }

    func testEmptyRepositoryStagedAndHistory() throws {
        let repo = try GitFixture()
        XCTAssertEqual(try changes(["history"], in: repo.path), [])
        try repo.write("a.py", "x = 1\ny = 2\n")
        try repo.git("add", "a.py")
        XCTAssertEqual(try changes(["staged"], in: repo.path).first?.files.map(\.added), [[[1, 2]]])
        XCTAssertEqual(try failure(["commit", "HEAD"], in: repo.path), "shortwall: unknown revision: HEAD")
    }

    func testNotARepository() throws {
        let repo = try GitFixture()
        let plain = repo.sibling("plain")
        try FileManager.default.createDirectory(atPath: plain, withIntermediateDirectories: true)
        XCTAssertEqual(try failure(["history", "--repo", plain], in: repo.root), "shortwall: not a git repository: \(plain)")
        XCTAssertEqual(try failure(["staged"], in: plain), "shortwall: not a git repository: \(plain)")
    }

    func testUnknownRevisionAndBadUsage() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", "a\n")
        try repo.commit()
        XCTAssertEqual(try failure(["commit", "foo"], in: repo.path), "shortwall: unknown revision: foo")
        XCTAssertEqual(try failure(["diff", "main..foo"], in: repo.path), "shortwall: unknown revision: foo")
        XCTAssertEqual(try failure(["history", "--since", "foo"], in: repo.path), "shortwall: unknown revision: foo")
        XCTAssertTrue(try failure(["commit"], in: repo.path).hasPrefix("shortwall: expected `staged`"))
        XCTAssertTrue(try failure(["bogus"], in: repo.path).hasPrefix("shortwall: expected `staged`"))
    }

    func testBareRepositoryStagedIsAClearError() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", "a\n")
        let head = try repo.commit()
        let bare = repo.sibling("bare.git")
        try repo.git("clone", "-q", "--bare", repo.path, bare)
        XCTAssertTrue(try failure(["staged"], in: bare).hasPrefix("shortwall: a bare repository has no staged changes: "))
        XCTAssertEqual(try changes(["history"], in: bare).map(\.commit?.id), [head])
    }

    func testTruncatedHeadIsOneLineNotACrash() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", "a\n")
        try repo.commit()
        try Data().write(to: URL(fileURLWithPath: repo.path + "/.git/HEAD"))
        for command in [["staged"], ["history"], ["commit", "HEAD"], ["diff", "main...HEAD"]] {
            let message = try failure(command, in: repo.path)
            XCTAssertTrue(message.hasPrefix("shortwall: ") && message.contains("HEAD"), "\(command): \(message)")
        }
        // git refuses such a repository too.
        XCTAssertThrowsError(try repo.git("log"))
    }

    func testGarbageObjectsAreOneLineNotACrash() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", "a\n")
        try repo.write("b.txt", "b\n")
        try repo.commit()
        let commit = try repo.rev("HEAD"), blob = try repo.blob("HEAD", "b.txt")
        for id in [commit, blob] {
            let object = repo.path + "/.git/objects/" + id.prefix(2) + "/" + id.dropFirst(2)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object)
            try Data("this is not zlib data at all".utf8).write(to: URL(fileURLWithPath: object))
        }
        // Not "unknown revision" (a typo) and never an empty history: the repository cannot be read.
        // (libgit2's own words follow the colon; they may change between versions.)
        XCTAssertEqual(try failure(["commit", "HEAD"], in: repo.path).prefix(32), "shortwall: cannot resolve HEAD: ")
        XCTAssertEqual(try failure(["history"], in: repo.path).prefix(37), "shortwall: cannot read ref refs/heads")
        XCTAssertEqual(try failure(["diff", "HEAD~0...HEAD"], in: repo.path).prefix(34), "shortwall: cannot resolve HEAD~0: ")
    }

    func testMissingBlobIsOneLineNotACrash() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", "a\n")
        try repo.commit()
        let blob = try repo.blob("HEAD", "a.txt")
        try FileManager.default.removeItem(atPath: repo.path + "/.git/objects/" + blob.prefix(2) + "/" + blob.dropFirst(2))
        let message = try failure(["commit", "HEAD"], in: repo.path)
        XCTAssertTrue(message.hasPrefix("shortwall: cannot read blob \(blob)"), message)
    }
}
