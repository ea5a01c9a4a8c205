import Foundation
import Git
import TestFixtures
import XCTest

/// A seeded random history of ordinary edits, each commit checked against git's own `git show -U0`.
final class AgreementTests: XCTestCase {
    /// A tiny deterministic generator (SplitMix64), so the history is the same on every run.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    func testRandomEditsAddTheSameLinesAsGit() throws {
        let repo = try GitFixture()
        var random = Random(state: 42)
        // A small vocabulary makes repeated lines, so the diff has to choose between equal matches.
        let words = ["return x", "pass", "}", "", "x = 1", "if ok:", "    continue", "token = 'abc'", "# note"]
        func line() -> String {
            random.below(3) == 0 ? words[random.below(words.count)] : "value_\(random.below(10_000)) = \(random.below(100))"
        }
        var files: [String: [String]] = [:]
        for i in 0..<6 { files["src/file\(i).py"] = (0..<30).map { _ in line() } }
        var crlf: Set<String> = ["src/file5.py"]
        func flush() throws {
            for (path, content) in files {
                let ending = crlf.contains(path) ? "\r\n" : "\n"
                try repo.write(path, content.map { $0 + ending }.joined())
            }
        }
        try flush()
        try repo.commit("root")

        for step in 0..<40 {
            for _ in 0...random.below(3) {
                let paths = files.keys.sorted()
                let path = paths[random.below(paths.count)]
                var content = files[path]!
                switch random.below(10) {
                case 0...5:  // edit: replace, insert or delete a few lines
                    for _ in 0...random.below(3) {
                        let at = content.isEmpty ? 0 : random.below(content.count)
                        switch random.below(3) {
                        case 0 where !content.isEmpty: content[at] = line()
                        case 1: content.insert(contentsOf: (0...random.below(4)).map { _ in line() }, at: at)
                        default: if !content.isEmpty { content.removeSubrange(at..<min(content.count, at + 1 + random.below(3))) }
                        }
                    }
                    files[path] = content
                case 6:  // a new file
                    files["src/new\(step).py"] = (0..<(1 + random.below(20))).map { _ in line() }
                case 7 where files.count > 4:
                    try FileManager.default.removeItem(atPath: repo.path + "/" + path)
                    files[path] = nil
                    crlf.remove(path)
                case 8 where content.count > 10:  // rename with a one-line edit
                    let target = "moved/r\(step).py"
                    try repo.move(path, target)
                    content[random.below(content.count)] = line()
                    files[path] = nil
                    files[target] = content
                    if crlf.remove(path) != nil { crlf.insert(target) }
                default:  // toggle line endings: every line changes
                    if crlf.remove(path) == nil { crlf.insert(path) }
                }
            }
            try flush()
            try repo.commit("step \(step)")
        }

        let open = try repo.open()
        let commits = try open.commits()
        XCTAssertEqual(commits.count, 41)
        var compared = 0
        for id in commits {
            let ours = try open.changes(ofCommit: id).files
            var mine: [String: [Int]] = [:]
            for file in ours where !file.addedLines.isEmpty { mine[file.path] = file.addedLines }
            let theirs = try gitAddedLines(repo, id.description).filter { !$0.value.isEmpty }
            XCTAssertEqual(mine, theirs, "commit \(id)")
            compared += theirs.values.reduce(0) { $0 + $1.count }
        }
        XCTAssertGreaterThan(compared, 500)
    }
}
