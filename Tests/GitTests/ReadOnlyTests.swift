import Foundation
import XCTest

/// The read-only promise: after every command, the repository is byte-for-byte what it was.
final class ReadOnlyTests: XCTestCase {
    /// Every file under `folder`: relative path → size, modification time and content.
    private func snapshot(_ folder: String) throws -> [String: String] {
        var result: [String: String] = [:]
        let manager = FileManager.default
        guard let walker = manager.enumerator(atPath: folder) else { throw FixtureError("cannot list \(folder)") }
        while let relative = walker.nextObject() as? String {
            let full = folder + "/" + relative
            let attributes = try manager.attributesOfItem(atPath: full)
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
            var entry = "\(attributes[.type] ?? "?") \(attributes[.size] ?? "?") \(modified)"
            if attributes[.type] as? FileAttributeType == .typeRegular {
                entry += " " + (try Data(contentsOf: URL(fileURLWithPath: full))).base64EncodedString()
            }
            result[relative] = entry
        }
        return result
    }

    func testNoCommandChangesTheRepository() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", numberedLines(5))
        try repo.write("b.bin", bytes: [0, 1, 2, 3])
        try repo.commit("one")
        try repo.git("tag", "-a", "v1", "-m", "tag")
        try repo.git("checkout", "-q", "-b", "side")
        try repo.write("side.txt", "side\n")
        try repo.commit("side")
        try repo.git("checkout", "-q", "main")
        try repo.write("a.txt", numberedLines(6))
        try repo.commit("two")
        try repo.write("a.txt", numberedLines(7))
        try repo.git("stash", "-q")
        try repo.write("staged.txt", "staged\n")
        try repo.git("add", "staged.txt")
        try repo.write("a.txt", numberedLines(5) + "unstaged\n")
        try repo.write("untracked.txt", "untracked\n")

        // git status may refresh the index itself, so it runs before the snapshot is taken.
        let status = try repo.git("status", "--porcelain")
        let refs = try repo.git("for-each-ref", "--format=%(refname) %(objectname)")
        let objects = try repo.git("count-objects", "-v")
        let index = try FileManager.default.attributesOfItem(atPath: repo.path + "/.git/index")
        let indexBytes = try Data(contentsOf: URL(fileURLWithPath: repo.path + "/.git/index"))
        let before = try snapshot(repo.path)

        let commands = [
            ["staged"], ["commit", "HEAD"], ["commit", "v1"], ["diff", "main..side"], ["diff", "main...side"],
            ["diff", "side"], ["history"], ["history", "--since", "v1"], ["commit", "stash@{0}"],
        ]
        for command in commands {
            let result = try shortwall(["debug", "changes"] + command, in: repo.path)
            XCTAssertEqual(result.status, 0, "\(command): \(result.stderr)")
        }

        let after = try snapshot(repo.path)
        for key in Set(before.keys).union(after.keys) where before[key] != after[key] {
            XCTFail("\(key) changed: \(before[key]?.prefix(80) ?? "absent") → \(after[key]?.prefix(80) ?? "absent")")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: repo.path + "/.git/index")), indexBytes)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: repo.path + "/.git/index")[.modificationDate] as? Date,
                       index[.modificationDate] as? Date)
        XCTAssertEqual(try repo.git("status", "--porcelain"), status)
        XCTAssertEqual(try repo.git("for-each-ref", "--format=%(refname) %(objectname)"), refs)
        XCTAssertEqual(try repo.git("count-objects", "-v"), objects)
    }
}
