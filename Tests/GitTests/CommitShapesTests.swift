import Foundation
@testable import Git
import TestFixtures
import XCTest

/// The tree diffs of an audit read commits from the walk's `CommitShapes`: they must bring in exactly
/// what reading every commit again brings in, also when the shapes kept are too few to hold them all.
final class CommitShapesTests: XCTestCase {
    private func describe(_ changes: [BlobChange]) -> [String] {
        changes.map { c in "\(c.file.path) \(c.file.blob) " + c.parentBlobs.map { $0?.description ?? "-" }.joined(separator: ",") }
    }

    func testTreeDiffsFromKeptShapesEqualThoseFromTheCommits() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", numberedLines(5))
        try repo.write("dir/b.txt", "b\n")
        try repo.commit("root")
        try repo.git("checkout", "-q", "-b", "side")
        try repo.write("dir/d.txt", "d on side\n")
        try repo.write("c.txt", "new on side\n")
        try repo.commit("side")
        try repo.git("checkout", "-q", "main")
        try repo.write("a.txt", "main0\n" + numberedLines(5))
        try repo.git("rm", "-q", "dir/b.txt")
        try repo.commit("main")
        try repo.git("merge", "-q", "--no-ff", "-m", "merge", "side")
        try repo.write("dir/b.txt", "restored\n")
        try repo.commit("restore")

        let repository = try repo.open()
        let walk = try repository.walkCommits()
        XCTAssertEqual(walk.commits.count, 5)
        // A generation of 1 keeps at most two commits: most lookups fall back to reading the commit.
        for shapes in [walk.shapes, CommitShapes(generation: 1)] {
            for commit in walk.commits {
                var plainErrors: [GitError] = [], keptErrors: [GitError] = []
                let plain = try repository.blobChanges(ofCommit: commit, unreadable: &plainErrors)
                let kept = try repository.blobChanges(ofCommit: commit, shapes: shapes, unreadable: &keptErrors)
                XCTAssertEqual(describe(kept), describe(plain), "\(commit)")
                XCTAssertTrue(plainErrors.isEmpty && keptErrors.isEmpty)
            }
        }
        // The walk kept every commit it read, with its parents as the commit lists them.
        for commit in walk.commits {
            XCTAssertEqual(walk.shapes.shape(of: commit)?.parents, try repository.parents(of: commit))
        }
    }
}
