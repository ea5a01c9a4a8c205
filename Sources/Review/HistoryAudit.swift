import Dispatch
import Findings
import Foundation
import Git

/// The history audit. Every commit is reviewed once, on all cores, for what it adds (secrets on added
/// lines, Python rules on the functions the added lines touch), exactly as `shortwall commit` would.
/// Findings are then merged in topological order: the first commit that adds a finding introduced it,
/// and later commits that add it again only raise its count. So a secret is reported once per file
/// however many commits carry it, and no version of a file is analysed in full, which keeps the Python
/// review, the costly part, proportional to what changed rather than to the size of every version.
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

    private struct Key: Hashable { var path: String; var rule: String; var content: String }
    private struct Introduction { var finding: Finding; var commit: ObjectID; var count: Int }

    public func run(commits: [ObjectID], progress: ((Progress) -> Void)? = nil) throws -> (findings: [Finding], summary: ScanSummary) {
        let pool = try (0..<workers).map { _ in try Repository(discoveringFrom: repositoryPath) }
        var summary = ScanSummary()
        var introductions: [Key: Introduction] = [:]
        var order: [Key] = []
        // Batches keep memory flat: only one batch of change sets is alive at a time.
        let batchSize = 256
        for start in stride(from: 0, to: commits.count, by: batchSize) {
            let batch = Array(commits[start..<min(start + batchSize, commits.count)])
            for (commit, reviewed) in zip(batch, try reviewInParallel(batch, pool: pool)) {
                summary.commits += reviewed.summary.commits
                summary.files += reviewed.summary.files
                summary.bytes += reviewed.summary.bytes
                summary.skipped += reviewed.summary.skipped
                for finding in reviewed.findings {
                    let key = Key(path: finding.file, rule: finding.rule, content: finding.contentHash)
                    if introductions[key] != nil {
                        introductions[key]!.count += 1
                    } else {
                        introductions[key] = Introduction(finding: finding, commit: commit, count: 1)
                        order.append(key)
                    }
                }
            }
            progress?(Progress(commitsDone: min(start + batchSize, commits.count), commitsTotal: commits.count, bytesScanned: summary.bytes))
        }

        let introduced = order.map { introductions[$0]! }
        let present = try presentInHead(introduced.map(\.finding), pool: pool)
        var infoCache: [ObjectID: CommitInfo] = [:]
        let findings: [Finding] = try zip(introduced, present).map { intro, inHead in
            var finding = intro.finding
            let info = try infoCache[intro.commit] ?? pool[0].commitInfo(intro.commit)
            infoCache[intro.commit] = info
            finding.commit = intro.commit.description
            finding.author = "\(info.authorName) <\(info.authorEmail)>"
            finding.date = info.date
            finding.commitCount = intro.count
            finding.presentInHead = inHead
            return finding
        }
        return (findings, summary)
    }

    /// Every file of one commit's tree, every line: what `shortwall baseline` records as "today".
    public func scanTree(of commit: ObjectID) throws -> (findings: [Finding], summary: ScanSummary) {
        let pool = try (0..<workers).map { _ in try Repository(discoveringFrom: repositoryPath) }
        let files = try pool[0].blobs(inTreeOf: commit).filter { !reviewer.isExcluded($0.path) }
        var summary = ScanSummary(commits: 1)
        let requirementFiles = try includedRequirementFiles(files, pool[0])
        let results = try inParallel(files.count, pool: pool) { repository, index -> ([Finding], Int) in
            guard let content = try readable(files[index].blob, repository) else { return ([], 0) }
            return (reviewer.review(path: files[index].path, content: content, lines: nil, requirementFiles: requirementFiles), content.count)
        }
        var findings: [Finding] = []
        for (found, bytes) in results where bytes > 0 {
            summary.files += 1
            summary.bytes += bytes
            findings += found
        }
        for i in findings.indices { findings[i].commit = commit.description }
        return (findings, summary)
    }

    private func reviewInParallel(_ commits: [ObjectID], pool: [Repository]) throws -> [(findings: [Finding], summary: ScanSummary)] {
        let options = ChangeOptions(maxFileSize: maxFileSize)
        return try inParallel(commits.count, pool: pool) { repository, index in
            var summary = ScanSummary()
            let changes = try repository.changes(ofCommit: commits[index], options)
            let findings = reviewer.review(changes, summary: &summary)
            return (findings, summary)
        }
    }

    /// Is each finding still in the tree of HEAD? A secret counts wherever it now sits (a moved key is
    /// still live: rotate it); a Python finding counts while HEAD's version of its file still has the line.
    private func presentInHead(_ findings: [Finding], pool: [Repository]) throws -> [Bool] {
        guard !findings.isEmpty, let head = try pool[0].headCommit() else { return findings.map { _ in false } }
        let files = try pool[0].blobs(inTreeOf: head).filter { !reviewer.isExcluded($0.path) }
        let secretsInHead = try inParallel(files.count, pool: pool) { repository, index -> [String] in
            guard let content = try readable(files[index].blob, repository) else { return [] }
            return reviewer.reviewSecrets(path: files[index].path, content: content).map { $0.rule + "\u{0}" + $0.contentHash }
        }
        let secretKeys = Set(secretsInHead.joined())
        let blobByPath = Dictionary(files.map { ($0.path, $0.blob) }, uniquingKeysWith: { first, _ in first })
        // A pin counts while HEAD's version of its file still pins that version (any line).
        let dependencyFiles = Set(findings.filter { $0.kind == .dependency }.map(\.file))
        let requirementFiles = dependencyFiles.isEmpty ? [] : try includedRequirementFiles(files, pool[0])
        var dependencyHashes: [String: Set<String>] = [:]
        for path in dependencyFiles {
            guard let blob = blobByPath[path], let content = try readable(blob, pool[0]) else { continue }
            dependencyHashes[path] = Set(reviewer.review(path: path, content: content, lines: nil, requirementFiles: requirementFiles).map(\.contentHash))
        }
        return try findings.map { finding in
            if finding.kind == .secret { return secretKeys.contains(finding.rule + "\u{0}" + finding.contentHash) }
            if finding.kind == .dependency { return dependencyHashes[finding.file]?.contains(finding.contentHash) ?? false }
            guard let blob = blobByPath[finding.file], let line = finding.snippet?.trimmingCharacters(in: .whitespaces), !line.isEmpty,
                  let content = try readable(blob, pool[0]) else { return false }
            // A notebook's code sits in JSON strings (quotes escaped): look in the code it holds.
            let code = finding.file.hasSuffix(".ipynb") ? NotebookSource(content)?.source ?? content : content
            return code.containsBytes(Array(line.utf8))
        }
    }

    /// Files of a tree that its requirements files include, so they are checked as requirements too.
    private func includedRequirementFiles(_ files: [(path: String, blob: ObjectID)], _ repository: Repository) throws -> Set<String> {
        let blobByPath = Dictionary(files.map { ($0.path, $0.blob) }, uniquingKeysWith: { first, _ in first })
        return reviewer.includedRequirementFiles(among: files.map(\.path)) { path in
            blobByPath[path].flatMap { try? readable($0, repository) }
        }
    }

    /// A blob's content if detectors should read it: not too large, not binary, not an LFS pointer.
    private func readable(_ blob: ObjectID, _ repository: Repository) throws -> [UInt8]? {
        let content = try repository.blobContent(blob)
        if content.count > maxFileSize || looksBinary(content) || isGitLFSPointer(content) { return nil }
        return content
    }

    /// `work` for indices 0..<count on every core, each worker with its own repository handle (libgit2
    /// handles are not shared between threads); results come back in index order.
    private func inParallel<T>(_ count: Int, pool: [Repository], _ work: (Repository, Int) throws -> T) throws -> [T] {
        try parallelMap(count, workers: pool.count) { worker, index in try work(pool[worker], index) }
    }
}

/// Git's own rule: a NUL byte in the first 8000 bytes means binary.
public func looksBinary(_ content: [UInt8]) -> Bool {
    content.prefix(8000).contains(0)
}
