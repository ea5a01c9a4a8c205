import Dispatch
import Findings
import Foundation
import Git

/// The history audit: every commit walked once with cheap tree diffs, every distinct (blob, path)
/// scanned once in full, on all cores. A finding's introducing commit is the first commit, in
/// topological order, that wrote a version of the file containing it, so no line diff is needed.
public struct HistoryAudit {
    public struct Progress {
        public var commitsDone: Int
        public var commitsTotal: Int
        public var bytesScanned: Int
    }

    let repositoryPath: String
    let reviewer: Reviewer
    let maxFileSize: Int
    let workers: Int

    public init(repositoryPath: String, reviewer: Reviewer, maxFileSize: Int, workers: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.repositoryPath = repositoryPath; self.reviewer = reviewer; self.maxFileSize = maxFileSize; self.workers = max(1, workers)
    }

    private struct Version: Hashable { var blob: ObjectID; var path: String }
    private struct Key: Hashable { var path: String; var rule: String; var content: String }
    private struct Introduction { var finding: Finding; var commit: ObjectID; var count: Int }

    public func run(commits: [ObjectID], progress: ((Progress) -> Void)? = nil) throws -> (findings: [Finding], summary: ScanSummary) {
        let repository = try Repository(discoveringFrom: repositoryPath)
        let pool = try (0..<workers).map { _ in try Repository(discoveringFrom: repositoryPath) }
        var summary = ScanSummary()
        var scanned: [Version: [Finding]] = [:]  // findings per version; empty arrays are kept to mark "done"
        var introductions: [Key: Introduction] = [:]
        var order: [Key] = []
        let batchSize = 200

        for start in stride(from: 0, to: commits.count, by: batchSize) {
            let batch = commits[start..<min(start + batchSize, commits.count)]
            // Cheap part: which versions each commit writes.
            var written: [(commit: ObjectID, versions: [Version])] = []
            var fresh: [Version] = []
            var freshSet = Set<Version>()
            for id in batch {
                let changes = try repository.changes(ofCommit: id, ChangeOptions(maxFileSize: maxFileSize, loadContent: false, detectRenames: false))
                var versions: [Version] = []
                for file in changes.files where file.skipReason == nil {
                    guard let blob = file.newBlob, !reviewer.isExcluded(file.path) else { continue }
                    let version = Version(blob: blob, path: file.path)
                    versions.append(version)
                    if scanned[version] == nil, freshSet.insert(version).inserted { fresh.append(version) }
                }
                written.append((id, versions))
            }
            // Costly part, in parallel: read and scan each new version once.
            let results = scanInParallel(fresh, pool: pool, summary: &summary)
            for (version, findings) in zip(fresh, results) { scanned[version] = findings }
            // Attribution, in commit order.
            for (commit, versions) in written {
                summary.commits += 1
                for version in versions {
                    for finding in scanned[version] ?? [] {
                        let key = Key(path: version.path, rule: finding.rule, content: finding.contentHash)
                        if introductions[key] != nil {
                            introductions[key]!.count += 1
                        } else {
                            introductions[key] = Introduction(finding: finding, commit: commit, count: 1)
                            order.append(key)
                        }
                    }
                }
            }
            // Versions without findings need only be remembered, not kept with content.
            progress?(Progress(commitsDone: min(start + batchSize, commits.count), commitsTotal: commits.count, bytesScanned: summary.bytes))
        }

        let inHead = try contentInHead(repository, pool: pool, scanned: &scanned, summary: &summary)
        var infoCache: [ObjectID: CommitInfo] = [:]
        let findings: [Finding] = try order.map { key in
            let intro = introductions[key]!
            var finding = intro.finding
            let info = try infoCache[intro.commit] ?? repository.commitInfo(intro.commit)
            infoCache[intro.commit] = info
            finding.commit = intro.commit.description
            finding.author = "\(info.authorName) <\(info.authorEmail)>"
            finding.date = info.date
            finding.commitCount = intro.count
            finding.presentInHead = inHead.contains(InHeadKey(rule: finding.rule, content: finding.contentHash))
            return finding
        }
        return (findings, summary)
    }

    private struct InHeadKey: Hashable { var rule: String; var content: String }

    /// Which findings' contents are still somewhere in the tree of HEAD (then deleting the file is not
    /// enough: the secret is live, rotate it; otherwise it only lives in history, still rotate it).
    private func contentInHead(_ repository: Repository, pool: [Repository], scanned: inout [Version: [Finding]], summary: inout ScanSummary) throws -> Set<InHeadKey> {
        guard let head = try repository.headCommit() else { return [] }
        let versions = try repository.blobs(inTreeOf: head).map { Version(blob: $0.blob, path: $0.path) }
            .filter { !reviewer.isExcluded($0.path) }
        let missing = versions.filter { scanned[$0] == nil }
        for (version, findings) in zip(missing, scanInParallel(missing, pool: pool, summary: &summary)) { scanned[version] = findings }
        var keys = Set<InHeadKey>()
        for version in versions { for finding in scanned[version] ?? [] { keys.insert(InHeadKey(rule: finding.rule, content: finding.contentHash)) } }
        return keys
    }

    private func scanInParallel(_ versions: [Version], pool: [Repository], summary: inout ScanSummary) -> [[Finding]] {
        guard !versions.isEmpty else { return [] }
        var results = [[Finding]](repeating: [], count: versions.count)
        var bytes = [Int](repeating: 0, count: versions.count)
        var notes = [String?](repeating: nil, count: versions.count)
        let reviewer = self.reviewer
        let maxFileSize = self.maxFileSize
        results.withUnsafeMutableBufferPointer { results in
            bytes.withUnsafeMutableBufferPointer { bytes in
                notes.withUnsafeMutableBufferPointer { notes in
                    // Each worker owns one repository handle and a disjoint stride of the versions.
                    DispatchQueue.concurrentPerform(iterations: pool.count) { worker in
                        let repository = pool[worker]
                        for index in stride(from: worker, to: versions.count, by: pool.count) {
                            let version = versions[index]
                            guard let content = try? repository.blobContent(version.blob) else {
                                notes[index] = "\(version.path): cannot read blob \(version.blob)"
                                continue
                            }
                            if content.count > maxFileSize { notes[index] = "\(version.path): larger than \(maxFileSize) bytes"; continue }
                            if looksBinary(content) { continue }
                            bytes[index] = content.count
                            results[index] = reviewer.review(path: version.path, content: content, lines: nil)
                        }
                    }
                }
            }
        }
        summary.files += bytes.filter { $0 > 0 }.count
        summary.bytes += bytes.reduce(0, +)
        summary.skipped += notes.compactMap { $0 }
        return results
    }
}

/// Git's own rule: a NUL byte in the first 8000 bytes means binary.
public func looksBinary(_ content: [UInt8]) -> Bool {
    content.prefix(8000).contains(0)
}

extension HistoryAudit {
    /// Every file of one commit's tree, every line: what `shortwall baseline` records as "today".
    public func scanTree(of commit: ObjectID) throws -> (findings: [Finding], summary: ScanSummary) {
        let repository = try Repository(discoveringFrom: repositoryPath)
        let pool = try (0..<workers).map { _ in try Repository(discoveringFrom: repositoryPath) }
        let versions = try repository.blobs(inTreeOf: commit).map { Version(blob: $0.blob, path: $0.path) }
            .filter { !reviewer.isExcluded($0.path) }
        var summary = ScanSummary(commits: 1)
        let results = scanInParallel(versions, pool: pool, summary: &summary)
        var findings = Array(results.joined())
        for i in findings.indices { findings[i].commit = commit.description }
        return (findings, summary)
    }
}
