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

    /// How secrets are found: each distinct blob once (the default), or every commit's added lines as
    /// `shortwall commit` reads them (the first method, kept to check the other against).
    public enum Method: Sendable { case blobOnce, perCommit }

    let repositoryPath: String
    let reviewer: Reviewer
    let maxFileSize: Int
    let workers: Int
    let method: Method

    public init(repositoryPath: String, reviewer: Reviewer, maxFileSize: Int, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                method: Method = .blobOnce) {
        self.repositoryPath = repositoryPath; self.reviewer = reviewer; self.maxFileSize = maxFileSize; self.workers = max(1, workers)
        self.method = method
    }

    struct Key: Hashable { var path: String; var rule: String; var content: String }
    struct Introduction { var finding: Finding; var commit: ObjectID; var count: Int }

    /// Each finding once, at the first commit that brought it in (in the order first met), with how many
    /// commits did: `commitCount` counts commits, so one that adds a finding on two lines counts once.
    struct Introductions {
        private(set) var list: [(index: Int, intro: Introduction)] = []
        private var byKey: [Key: Int] = [:]

        /// The findings commit `index` of the walk brings in, each counted once for it.
        mutating func add(_ findings: some Sequence<Finding>, commitIndex index: Int, commit: ObjectID) {
            var counted = Set<Key>()
            for finding in findings {
                let key = Key(path: finding.file, rule: finding.rule, content: finding.contentHash)
                guard counted.insert(key).inserted else { continue }
                if let at = byKey[key] {
                    list[at].intro.count += 1
                } else {
                    byKey[key] = list.count
                    list.append((index, Introduction(finding: finding, commit: commit, count: 1)))
                }
            }
        }
    }

    /// Reviews `commits` (oldest first). `unreadable` are objects the commit walk could not read;
    /// with those met here (a missing or damaged blob, tree or commit), each is reported once in the
    /// summary's errors and the audit goes on: a damaged clone is still audited as far as it can be.
    /// `shapes`: the commits the walk read (`CommitWalk.shapes`), so the tree diffs need not read them again.
    public func run(commits: [ObjectID], unreadable: [GitError] = [], shapes: CommitShapes? = nil,
                    progress: ((Progress) -> Void)? = nil) throws -> (findings: [Finding], summary: ScanSummary) {
        switch method {
        case .blobOnce: return try runBlobOnce(commits: commits, unreadable: unreadable, shapes: shapes ?? CommitShapes(), progress: progress)
        case .perCommit: return try runPerCommit(commits: commits, unreadable: unreadable, progress: progress)
        }
    }

    /// Every commit's change set through the reviewer, all detectors together.
    func runPerCommit(commits: [ObjectID], unreadable: [GitError], progress: ((Progress) -> Void)?) throws -> (findings: [Finding], summary: ScanSummary) {
        let pool = try (0..<workers).map { _ in try Repository(discoveringFrom: repositoryPath) }
        var summary = ScanSummary()
        var problems = UnreadableObjects()
        for error in unreadable { problems.add(error) }
        var introductions = Introductions()
        // Batches keep memory flat: only one batch of change sets is alive at a time.
        let batchSize = 256
        for start in stride(from: 0, to: commits.count, by: batchSize) {
            let batch = Array(commits[start..<min(start + batchSize, commits.count)])
            for (offset, reviewed) in try reviewInParallel(batch, pool: pool).enumerated() {
                summary.commits += reviewed.summary.commits
                summary.files += reviewed.summary.files
                summary.bytes += reviewed.summary.bytes
                summary.skipped += reviewed.summary.skipped
                for (context, error) in reviewed.unreadable { problems.add(error, context: context) }
                introductions.add(reviewed.findings, commitIndex: start + offset, commit: batch[offset])
            }
            progress?(Progress(commitsDone: min(start + batchSize, commits.count), commitsTotal: commits.count, bytesScanned: summary.bytes))
        }

        let findings = try finish(introductions.list.map(\.intro), pool: pool, problems: &problems)
        summary.errors += problems.messages
        return (findings, summary)
    }

    /// Each introduction as a finding of its commit, with whether it is still in HEAD.
    func finish(_ introduced: [Introduction], pool: [Repository], problems: inout UnreadableObjects) throws -> [Finding] {
        let present = try presentInHead(introduced.map(\.finding), pool: pool, problems: &problems)
        var infoCache: [ObjectID: CommitInfo] = [:]
        return try zip(introduced, present).map { intro, inHead in
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
    }

    /// Every file of one commit's tree, every line: what `shortwall baseline` records as "today".
    /// Files that cannot be read are left out and named in the summary's errors.
    public func scanTree(of commit: ObjectID) throws -> (findings: [Finding], summary: ScanSummary) {
        let pool = try (0..<workers).map { _ in try Repository(discoveringFrom: repositoryPath) }
        var problems = UnreadableObjects()
        var unreadableTrees: [GitError] = []
        let files = try pool[0].blobs(inTreeOf: commit, unreadable: &unreadableTrees).filter { !reviewer.isExcluded($0.path) }
        for error in unreadableTrees { problems.add(error) }
        var summary = ScanSummary(commits: 1)
        let requirementFiles = try includedRequirementFiles(files, pool[0])
        let results = try inParallel(files.count, pool: pool) { repository, index -> (findings: [Finding], bytes: Int, problem: GitError?) in
            let (content, problem) = try readable(files[index].blob, repository)
            guard let content else { return ([], 0, problem) }
            let modules = try? repository.snapshot(ofCommit: commit)
            return (reviewer.review(path: files[index].path, content: content, lines: nil, requirementFiles: requirementFiles,
                                    modules: modules.map(SnapshotModules.init)), content.count, nil)
        }
        var findings: [Finding] = []
        for (file, result) in zip(files, results) {
            if let problem = result.problem { problems.add(problem, context: file.path) }
            guard result.bytes > 0 else { continue }
            summary.files += 1
            summary.bytes += result.bytes
            findings += result.findings
        }
        for i in findings.indices { findings[i].commit = commit.description }
        summary.errors += problems.messages
        return (findings, summary)
    }

    struct Reviewed {
        var findings: [Finding] = []
        var summary = ScanSummary()
        /// Objects this commit needed and could not read, with where they were met.
        var unreadable: [(context: String, error: GitError)] = []
    }

    /// `reviewer` and `includePath` default to the audit's own reviewer and every path.
    func reviewInParallel(_ commits: [ObjectID], pool: [Repository], reviewer: Reviewer? = nil,
                          includePath: (@Sendable (String) -> Bool)? = nil) throws -> [Reviewed] {
        let reviewer = reviewer ?? self.reviewer
        var options = ScanGate(maxFileSize: maxFileSize).changeOptions
        options.skipUnreadable = true
        options.includePath = includePath
        return try inParallel(commits.count, pool: pool) { repository, index in
            let commit = commits[index]
            let changes: ChangeSet
            do { changes = try repository.changes(ofCommit: commit, options) } catch let error as GitError {
                // The commit or one of its trees: nothing of it can be reviewed.
                return Reviewed(unreadable: [("commit \(commit)", error)])
            }
            var reviewed = Reviewed()
            reviewed.unreadable = changes.files.compactMap { file in file.readError.map { ("\(file.path) in commit \(commit)", $0) } }
            reviewed.findings = reviewer.review(changes, summary: &reviewed.summary)
            return reviewed
        }
    }

    /// Is each finding still in the tree of HEAD? A secret counts wherever it now sits (a moved key is
    /// still live: rotate it); a Python finding counts while HEAD's version of its file still has the line.
    private func presentInHead(_ findings: [Finding], pool: [Repository], problems: inout UnreadableObjects) throws -> [Bool] {
        guard !findings.isEmpty, let head = try pool[0].headCommit() else { return findings.map { _ in false } }
        var unreadableTrees: [GitError] = []
        let files = try pool[0].blobs(inTreeOf: head, unreadable: &unreadableTrees).filter { !reviewer.isExcluded($0.path) }
        for error in unreadableTrees { problems.add(error, context: "HEAD") }
        let secretsInHead = try inParallel(files.count, pool: pool) { repository, index -> (keys: [String], problem: GitError?) in
            let (content, problem) = try readable(files[index].blob, repository)
            guard let content else { return ([], problem) }
            return (reviewer.reviewSecrets(path: files[index].path, content: content).map { $0.rule + "\u{0}" + $0.contentHash }, nil)
        }
        for (file, result) in zip(files, secretsInHead) {
            if let problem = result.problem { problems.add(problem, context: file.path + " in HEAD") }
        }
        let secretKeys = Set(secretsInHead.map(\.keys).joined())
        let blobByPath = Dictionary(files.map { ($0.path, $0.blob) }, uniquingKeysWith: { first, _ in first })
        // A pin counts while HEAD's version of its file still pins that version (any line).
        let dependencyFiles = Set(findings.filter { $0.kind == .dependency }.map(\.file))
        let requirementFiles = dependencyFiles.isEmpty ? [] : try includedRequirementFiles(files, pool[0])
        var dependencyHashes: [String: Set<String>] = [:]
        for path in dependencyFiles {
            guard let blob = blobByPath[path], let content = try readable(blob, pool[0]).content else { continue }
            dependencyHashes[path] = Set(reviewer.review(path: path, content: content, lines: nil, requirementFiles: requirementFiles).map(\.contentHash))
        }
        // The line hashes of HEAD's version of each file a Python finding is in, computed once per file.
        var lineHashes: [String: Set<String>] = [:]
        return try findings.map { finding in
            if finding.kind == .secret { return secretKeys.contains(finding.rule + "\u{0}" + finding.contentHash) }
            if finding.kind == .dependency { return dependencyHashes[finding.file]?.contains(finding.contentHash) ?? false }
            guard let hash = finding.lineHash, let blob = blobByPath[finding.file] else { return false }
            if lineHashes[finding.file] == nil {
                guard let content = try readable(blob, pool[0]).content else { return false }
                // A notebook's code sits in JSON strings (quotes escaped): look in the code it holds.
                let code = finding.file.hasSuffix(".ipynb") ? NotebookSource(content)?.source ?? content : content
                lineHashes[finding.file] = Set(code.split(separator: 0x0A, omittingEmptySubsequences: false).map {
                    Finding.lineHash(String(decoding: $0, as: UTF8.self))
                })
            }
            return lineHashes[finding.file]!.contains(hash)
        }
    }

    /// Files of a tree that its requirements files include, so they are checked as requirements too.
    private func includedRequirementFiles(_ files: [(path: String, blob: ObjectID)], _ repository: Repository) throws -> Set<String> {
        let blobByPath = Dictionary(files.map { ($0.path, $0.blob) }, uniquingKeysWith: { first, _ in first })
        return reviewer.includedRequirementFiles(among: files.map(\.path)) { path in
            blobByPath[path].flatMap { try? readable($0, repository).content }
        }
    }

    /// A blob's content if the detectors should read it (ScanGate).
    /// A blob that cannot be read gives no content and the reason.
    func readable(_ blob: ObjectID, _ repository: Repository) throws -> (content: [UInt8]?, problem: GitError?) {
        let content: [UInt8]
        do { content = try repository.blobContent(blob) } catch let error as GitError where error.unreadableObject != nil {
            return (nil, error)
        }
        if ScanGate(maxFileSize: maxFileSize).skipReason(content) != nil { return (nil, nil) }
        return (content, nil)
    }

    /// `work` for indices 0..<count on every core, each worker with its own repository handle (libgit2
    /// handles are not shared between threads); results come back in index order.
    func inParallel<T>(_ count: Int, pool: [Repository], _ work: (Repository, Int) throws -> T) throws -> [T] {
        try parallelMap(count, workers: pool.count) { worker, index in try work(pool[worker], index) }
    }
}

/// Objects that could not be read, each reported once however many commits or files reach it.
struct UnreadableObjects {
    private var seen = Set<String>()
    private(set) var messages: [String] = []

    /// `context` says where the object was first met (a path, a commit).
    mutating func add(_ error: GitError, context: String? = nil) {
        guard seen.insert(error.unreadableObject?.description ?? error.description).inserted else { return }
        messages.append((context.map { $0 + ": " } ?? "") + error.description)
    }
}
