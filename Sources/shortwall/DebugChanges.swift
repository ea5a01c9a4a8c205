import ArgumentParser
import Foundation
import Git
import Report
import Review

/// Prints a change set as JSON: how the git layer is tested from the outside.
struct DebugChanges: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes",
        abstract: "Print the change set of `staged`, `commit REV`, `diff RANGE` or `history` as JSON."
    )

    @OptionGroup var repository: RepositoryOptions
    @Argument(help: "staged | commit REV | diff RANGE | history") var what: [String]
    @Option(help: "With `history`: only commits not reachable from this revision.") var since: String?
    @Option(help: "Skip files larger than this many bytes.") var maxFileSize: Int = 10 * 1024 * 1024

    func run() throws {
        let repo = try repository.open()
        let options = ScanGate(maxFileSize: maxFileSize).changeOptions
        var sets: [ChangeSet] = []
        switch (what.first, what.count) {
        case ("staged", 1):
            sets = [try repo.stagedChanges(options)]
        case ("commit", 2):
            sets = [try repo.changes(ofCommit: try repo.resolveCommit(what[1]), options)]
        case ("diff", 2):
            let range = try repo.parseRange(what[1])
            switch range.kind {
            case .commits:
                sets = try repo.commits(in: range).map { try repo.changes(ofCommit: $0, options) }
            case .mergeBase:
                sets = [ChangeSet(commit: try repo.commitInfo(range.head), files: try repo.changes(from: range.base, to: range.head, options))]
            }
        case ("history", 1):
            let excluded = try since.map { [try repo.resolveCommit($0)] } ?? []
            let commits = try repo.commits(excluding: excluded)
            let out = FileHandle.standardOutput
            // Streamed, one commit at a time, so memory stays flat on long histories.
            out.write("[\n".data(using: .utf8)!)
            for (i, id) in commits.enumerated() {
                let set = try repo.changes(ofCommit: id, options)
                out.write(((i == 0 ? "" : ",\n") + json(set)).data(using: .utf8)!)
            }
            out.write("\n]\n".data(using: .utf8)!)
            return
        default:
            throw ValidationError("expected `staged`, `commit REV`, `diff RANGE` or `history`")
        }
        print("[\n" + sets.map(json).joined(separator: ",\n") + "\n]")
    }

    /// One change set as a line of JSON, keys sorted. Written by hand: JSONSerialization's
    /// boxing and key sorting took a fifth of a history walk.
    private func json(_ set: ChangeSet) -> String {
        var out = "{\"commit\":"
        if let commit = set.commit {
            out += "{\"id\":\"\(commit.id)\",\"parents\":[" + commit.parents.map { "\"\($0)\"" }.joined(separator: ",") + "]}"
        } else {
            out += "null"
        }
        out += ",\"files\":["
        for (i, file) in set.files.enumerated() {
            if i > 0 { out += "," }
            out += "{\"added\":[" + lineRanges(file.addedLines).map { "[\($0[0]),\($0[1])]" }.joined(separator: ",") + "]"
            out += ",\"newBlob\":" + jsonValue(file.newBlob?.description) + ",\"oldBlob\":" + jsonValue(file.oldBlob?.description)
            out += ",\"path\":" + jsonString(file.path) + ",\"previousPath\":" + jsonValue(file.previousPath)
            out += ",\"skipped\":" + jsonValue(file.skipReason) + ",\"status\":" + jsonString(file.status.rawValue)
            out += ",\"submodule\":\(file.isSubmodule)}"
        }
        return out + "]}"
    }
}

private func jsonValue(_ text: String?) -> String { text.map(jsonString) ?? "null" }

/// A JSON string literal, escaped by the report writer's own rules.
private func jsonString(_ text: String) -> String {
    var out = ""
    JSONValue.quote(text, into: &out)
    return out
}
/// [1,2,3,7] → [[1,3],[7,7]]
func lineRanges(_ lines: [Int]) -> [[Int]] {
    var ranges: [[Int]] = []
    for line in lines {
        if let last = ranges.last, last[1] + 1 == line { ranges[ranges.count - 1][1] = line } else { ranges.append([line, line]) }
    }
    return ranges
}
