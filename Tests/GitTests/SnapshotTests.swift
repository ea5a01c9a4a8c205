import Foundation
import Git
import TestFixtures
import XCTest

/// Other files of the tree a change is reviewed in: the index for staged changes, the commit's tree otherwise.
final class SnapshotTests: XCTestCase {
    func testTheIndexAndACommitsTreeEachGiveTheirOwnVersionNeverTheWorkingTree() throws {
        let repo = try GitFixture()
        try repo.write("helpers/utils.py", "committed\n")
        try repo.commit()
        try repo.write("helpers/utils.py", "staged\n")
        try repo.write("view.py", "import helpers.utils\n")
        try repo.git("add", "-A")
        try repo.write("helpers/utils.py", "working tree only\n")
        try repo.write("untracked.py", "nobody added me\n")

        let opened = try repo.open()
        let staged = try opened.stagedChanges()
        let index = try XCTUnwrap(staged.snapshot)
        XCTAssertEqual(index.file(at: "helpers/utils.py").map { String(decoding: $0.bytes, as: UTF8.self) }, "staged\n")
        XCTAssertEqual(index.file(at: "helpers/utils.py")?.blob.description, try repo.blob("", "helpers/utils.py").description)
        XCTAssertNil(index.file(at: "untracked.py"))

        let head = try opened.resolveCommit("HEAD")
        let tree = try XCTUnwrap(try opened.changes(ofCommit: head).snapshot)
        XCTAssertEqual(tree.file(at: "helpers/utils.py").map { String(decoding: $0.bytes, as: UTF8.self) }, "committed\n")
        XCTAssertNil(tree.file(at: "view.py"))
        // A folder, a missing path and odd paths are no file.
        for path in ["helpers", "helpers/", "missing.py", "", "/helpers/utils.py", "../x.py"] { XCTAssertNil(tree.file(at: path), path) }
    }

    func testReadsFromSeveralThreadsAgree() throws {
        let repo = try GitFixture()
        for i in 0..<20 { try repo.write("m\(i).py", "value = \(i)\n") }
        try repo.commit()
        let opened = try repo.open()
        let snapshot = try opened.snapshot(ofCommit: try opened.resolveCommit("HEAD"))
        let texts = UnsafeMutableBufferPointer<String?>.allocate(capacity: 200)
        defer { texts.deallocate() }
        texts.initialize(repeating: nil)
        DispatchQueue.concurrentPerform(iterations: 200) { i in
            texts[i] = snapshot.file(at: "m\(i % 20).py").map { String(decoding: $0.bytes, as: UTF8.self) }
        }
        for i in 0..<200 { XCTAssertEqual(texts[i], "value = \(i % 20)\n") }
    }
}
