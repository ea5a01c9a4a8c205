import Foundation
import Git
import TestFixtures
import XCTest

/// Loose objects are read by Shortwall's own reader (libgit2 1.5's spins on a truncated one): it must
/// read every object git writes exactly as git does, and name every kind of damage instead of hanging.
final class LooseObjectTests: XCTestCase {
    private func objectPath(_ repo: GitFixture, _ id: String) -> String {
        repo.path + "/.git/objects/" + id.prefix(2) + "/" + id.dropFirst(2)
    }

    func testEveryLooseObjectReadsAsGitReadsIt() throws {
        let repo = try GitFixture()
        try repo.write("empty.txt", "")
        try repo.write("zeros.bin", bytes: [UInt8](repeating: 0, count: 8 * 1024 * 1024))  // compresses about 1000:1
        try repo.write("big.txt", (1...20_000).map { "line \($0)\n" }.joined())             // more than one read chunk
        try repo.write("dir/sub/small.py", "x = 1\n")
        try repo.commit("one")
        try repo.git("tag", "-a", "v1", "-m", "annotated")
        let open = try repo.open()
        let listing = try repo.git("cat-file", "--batch-all-objects", "--batch-check=%(objectname) %(objecttype)")
        let objects = listing.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        XCTAssertEqual(try repo.git("count-objects", "-v").contains("in-pack: 0"), true, "all loose")
        XCTAssertGreaterThanOrEqual(objects.count, 9)
        for object in objects where object[1] == "blob" {
            let expected = try runProcess(try gitExecutable(), ["cat-file", "blob", object[0]], in: repo.path).stdoutData
            XCTAssertEqual(try open.blobContent(try XCTUnwrap(ObjectID(hex: object[0]))), [UInt8](expected), object[0])
        }
        // Commits, trees and tags through libgit2's own parsers, reading through the same reader.
        XCTAssertEqual(try open.commits().map(\.description), [try repo.rev("HEAD")])
        XCTAssertEqual(try open.resolveCommit("v1").description, try repo.rev("HEAD"))
        XCTAssertEqual(try open.blobs(inTreeOf: try repo.id("HEAD")).map(\.path).sorted(), ["big.txt", "dir/sub/small.py", "empty.txt", "zeros.bin"])
    }

    /// Hand-made object files, each wrong in one way git also refuses.
    func testEachKindOfDamageIsAnErrorNamingTheObject() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", "a\n")
        try repo.commit("one")
        let cases: [(name: String, python: String, says: String)] = [
            ("longer than its header", "zlib.compress(b'blob 5\\0hello world')", "more than the 5 bytes"),
            ("shorter than its header", "zlib.compress(b'blob 50\\0hello')", "holds 5 bytes where its header says 50"),
            ("bytes after the stream", "zlib.compress(b'blob 5\\0hello') + b'tail'", "bytes follow the end"),
            ("a size no data can hold", "zlib.compress(b'blob 999999999999\\0hello')", "more than"),
            ("an unknown type", "zlib.compress(b'blog 5\\0hello')", "header is not"),
            ("no header at all", "zlib.compress(b'hello')", "header is not"),
            ("a wrong checksum", "zlib.compress(b'blob 5\\0hello')[:-4] + b'\\0\\0\\0\\0'", "corrupt (incorrect data check)"),
            ("truncated", "zlib.compress(b'blob 5000\\0' + bytes(range(256)) * 20)[:40]", "ends early"),
            ("not zlib", "b'plain text'", "not zlib-compressed"),
        ]
        for (index, example) in cases.enumerated() {
            let id = String(format: "%02x", index + 1) + String(repeating: "ab", count: 19)
            try FileManager.default.createDirectory(atPath: repo.path + "/.git/objects/" + id.prefix(2), withIntermediateDirectories: true)
            let script = "import sys, zlib; open(sys.argv[1], 'wb').write(\(example.python))"
            let written = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, objectPath(repo, id)], in: repo.path)
            XCTAssertEqual(written.status, 0, written.stderr)
            // Opened after the object exists: the reader looks only in fan-out folders present at open.
            let open = try repo.open()
            let objectID = try XCTUnwrap(ObjectID(hex: id))
            XCTAssertThrowsError(try open.blobContent(objectID), example.name) { error in
                let gitError = error as? GitError
                XCTAssertEqual(gitError?.unreadableObject, objectID, example.name)
                let message = gitError?.description ?? "\(error)"
                XCTAssertTrue(message.hasPrefix("cannot read blob \(id): its file "), "\(example.name): \(message)")
                XCTAssertTrue(message.contains(example.says), "\(example.name): \(message)")
            }
            // An abbreviated id reaches the file through libgit2's prefix search: the same answer.
            XCTAssertThrowsError(try open.resolveCommit(String(id.prefix(10))), example.name) { error in
                XCTAssertTrue("\(error)".contains("is damaged"), "\(example.name): \(error)")
            }
        }
    }
}
