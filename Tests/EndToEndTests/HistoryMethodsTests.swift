import Foundation
import XCTest

/// The blob-once audit against the per-commit one (`--per-commit-audit`, every commit's line diff) on
/// generated histories: renames, copies, merges, reverts, a secret added on two branches, a secret
/// removed and added back, a file deleted and restored, and a notebook. Both must report the same
/// findings: rule, file, line, introducing commit, commit count, still in HEAD.
final class HistoryMethodsTests: XCTestCase {
    /// A small deterministic generator, so a failing seed can be replayed.
    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static let secrets = ["TOKEN = \"\(Fake.githubToken)\"", "AWS_ACCESS_KEY_ID = \"\(Fake.awsKeyID)\"", "STRIPE = \"\(Fake.stripeKey)\""]
    static let flaw = "def view():\n    os.system(\"ping \" + request.args[\"h\"])"

    static func notebook(_ code: String) -> String {
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false).map { "\"" + $0.replacingOccurrences(of: "\"", with: "\\\"") + "\\n\"" }
        return "{\"cells\": [{\"cell_type\": \"code\", \"execution_count\": null, \"metadata\": {}, \"outputs\": [], \"source\": [\n"
            + lines.joined(separator: ",\n") + "\n]}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}\n"
    }

    /// Content lines of the tracked files as the generator knows them.
    final class Files {
        var lines: [String: [String]] = [:]
        func text(_ path: String) -> String {
            let body = (lines[path] ?? []).joined(separator: "\n") + "\n"
            return path.hasSuffix(".ipynb") ? HistoryMethodsTests.notebook(body) : body
        }
    }

    func generate(seed: UInt64, steps: Int) throws -> Sandbox {
        let repo = try Sandbox()
        var random = Random(state: seed)
        let files = Files()
        func write(_ path: String) throws { try repo.write(path, files.text(path)) }
        func commit(_ message: String) throws {
            try repo.git("add", "-A")
            try repo.git("commit", "-q", "--allow-empty", "-m", message)
        }
        func line() -> String {
            switch random.next(6) {
            case 0, 1: return HistoryMethodsTests.secrets[random.next(HistoryMethodsTests.secrets.count)]
            case 2: return HistoryMethodsTests.flaw
            default: return "value_\(random.next(1000)) = \(random.next(100))"
            }
        }
        for path in ["app.py", "lib/util.py", "notes.txt", "analysis.ipynb"] {
            files.lines[path] = ["import os", "from flask import request"]
            try write(path)
        }
        try commit("start")
        var deleted: [String: [String]] = [:]
        var branchCount = 0
        for step in 0..<steps {
            let paths = files.lines.keys.sorted()
            let path = paths[random.next(paths.count)]
            switch random.next(10) {
            case 0:  // rename
                let target = "moved\(step)/" + (path as NSString).lastPathComponent
                try FileManager.default.createDirectory(atPath: repo.path + "/moved\(step)", withIntermediateDirectories: true)
                try repo.git("mv", path, target)
                files.lines[target] = files.lines.removeValue(forKey: path)
                try commit("rename \(path)")
            case 1:  // copy, then an edit of the copy
                let target = "copy\(step)_" + (path as NSString).lastPathComponent
                files.lines[target] = (files.lines[path] ?? []) + [line()]
                try write(target)
                try commit("copy \(path)")
            case 2 where files.lines.count > 2:  // delete
                deleted[path] = files.lines.removeValue(forKey: path)
                try repo.git("rm", "-q", path)
                try commit("delete \(path)")
            case 3 where !deleted.isEmpty:  // restore a deleted file as it was
                let (name, lines) = deleted.sorted { $0.key < $1.key }[random.next(deleted.count)]
                deleted[name] = nil
                files.lines[name] = lines
                try write(name)
                try commit("restore \(name)")
            case 4:  // revert the last commit
                if (try? repo.git("revert", "--no-edit", "HEAD")) != nil {
                    files.lines = [:]
                    for name in try repo.git("ls-files").split(separator: "\n").map(String.init) {
                        let text = try String(contentsOfFile: repo.path + "/" + name, encoding: .utf8)
                        files.lines[name] = name.hasSuffix(".ipynb") ? nil : text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
                    }
                } else {
                    try repo.git("revert", "--abort", allowFailure: true)
                }
            case 5:  // a branch adding the same secret file as main does, merged back
                branchCount += 1
                let secret = HistoryMethodsTests.secrets[random.next(HistoryMethodsTests.secrets.count)]
                try repo.git("checkout", "-q", "-b", "topic\(branchCount)")
                try repo.write("shared\(branchCount).py", secret + "\n")
                try repo.write("topic\(branchCount).py", line() + "\n")
                try commit("topic \(branchCount)")
                try repo.git("checkout", "-q", "main")
                try repo.write("shared\(branchCount).py", secret + "\n")
                files.lines["shared\(branchCount).py"] = [secret]
                try commit("main side of \(branchCount)")
                try repo.git("merge", "-q", "--no-edit", "topic\(branchCount)")
                files.lines["topic\(branchCount).py"] = try String(contentsOfFile: repo.path + "/topic\(branchCount).py", encoding: .utf8)
                    .split(separator: "\n").map(String.init)
            case 6 where !(files.lines[path] ?? []).isEmpty:  // remove a line (a secret taken out)
                files.lines[path]!.remove(at: random.next(files.lines[path]!.count))
                try write(path)
                try commit("remove a line of \(path)")
            default:  // add or change lines
                var lines = files.lines[path] ?? []
                if !lines.isEmpty && random.next(3) == 0 {
                    lines[random.next(lines.count)] += "  # changed"
                } else {
                    lines.insert(line(), at: random.next(lines.count + 1))
                }
                files.lines[path] = lines
                try write(path)
                try commit("edit \(path)")
            }
        }
        return repo
    }

    struct Row: Hashable, CustomStringConvertible {
        var rule: String, file: String, line: Int, commit: String, count: Int, inHead: Bool
        var description: String { "\(rule) \(file):\(line) \(commit.prefix(8)) x\(count) head=\(inHead)" }
    }

    func rows(_ repo: Sandbox, _ extra: [String]) throws -> Set<Row> {
        let result = try repo.shortwall(["history", "--format", "json", "--no-redact"] + extra, timeout: 120)
        XCTAssertNotEqual(result.status, 2, result.stderr)
        return Set(try Sandbox.findings(result.stdout).map {
            Row(rule: $0["rule"] as? String ?? "", file: $0["file"] as? String ?? "", line: $0["line"] as? Int ?? 0,
                commit: $0["commit"] as? String ?? "", count: $0["commitCount"] as? Int ?? 0, inHead: $0["presentInHead"] as? Bool ?? false)
        })
    }

    func testBlobOnceAuditAgreesWithThePerCommitAuditOnGeneratedHistories() throws {
        for seed: UInt64 in [1, 2, 3, 4] {
            let repo = try generate(seed: seed, steps: 40)
            let blobOnce = try rows(repo, [])
            let perCommit = try rows(repo, ["--per-commit-audit"])
            XCTAssertFalse(perCommit.isEmpty)
            XCTAssertTrue(perCommit.contains { $0.rule.hasPrefix("python.") }, "seed \(seed): the Python rules are compared too")
            // Where git paired a deletion with an addition as a rename (or copy), the per-commit audit
            // diffs against the old path and reports nothing at the new one, although the secret now
            // sits there (and HEAD has it there); the blob-once audit reports it at its path, as a secret
            // is identified by (path, secret). So those paths are compared only one way: whatever the
            // per-commit audit reports there, the blob-once one reports too.
            let renamed = Set(try repo.git("log", "--all", "-M", "-C", "--diff-filter=RC", "--name-status", "--format=")
                .split(separator: "\n").flatMap { $0.split(separator: "\t").dropFirst().map(String.init) })
            let (newElsewhere, oldElsewhere) = (blobOnce.filter { !renamed.contains($0.file) }, perCommit.filter { !renamed.contains($0.file) })
            let onlyNew = newElsewhere.subtracting(oldElsewhere).sorted { $0.description < $1.description }
            let onlyOld = oldElsewhere.subtracting(newElsewhere).sorted { $0.description < $1.description }
            XCTAssertEqual(onlyNew, [], "seed \(seed): only the blob-once audit reports \(onlyNew)\nonly the per-commit one: \(onlyOld)")
            XCTAssertEqual(onlyOld, [], "seed \(seed): only the per-commit audit reports \(onlyOld)")
            let key = { (row: Row) in row.rule + " " + row.file }
            let missedAtRenames = Set(perCommit.filter { renamed.contains($0.file) }.map(key)).subtracting(blobOnce.map(key))
            XCTAssertEqual(missedAtRenames, [], "seed \(seed): at renamed paths")
            // Secrets only: the same secret findings.
            let secretsOnly = try rows(repo, ["--only", "secrets"])
            XCTAssertEqual(secretsOnly, blobOnce.filter { !$0.rule.hasPrefix("python.") }, "seed \(seed) --only secrets")
            if onlyNew.isEmpty && onlyOld.isEmpty && missedAtRenames.isEmpty { continue }
            if let keep = ProcessInfo.processInfo.environment["SHORTWALL_KEEP_HISTORY"] {
                try? FileManager.default.copyItem(atPath: repo.path, toPath: keep + "/seed\(seed)")
            }
        }
    }
}
