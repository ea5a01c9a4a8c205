import Findings
import Foundation
import Git

// The history audit's default method. Secrets: the commits are read on all cores, in runs of
// consecutive commits; for each, a tree diff (no line diff) gives the (path, blob) it brings in and the
// blob each parent has at that path. The lines of the new version that no parent's version has (the
// multiset rule of `newLines`: a moved line is not new, an extra copy is) are found by comparing the
// bytes both share at the start and end and counting only the lines between, and the secret patterns
// run on those lines alone; a file at a path no parent has is scanned in full. The parents' versions
// come from a bounded cache shared by the workers (a version brought in is usually the next change's
// parent). The findings are merged in topological order: a secret is identified by (path, rule,
// secret), its introducing commit is the first that adds it, and `commitCount` counts the commits that
// add it. "Still in HEAD?" scans HEAD's tree in full. The Python rules and the dependency check keep
// the per-commit review (what each change introduced), restricted to the files they read.

extension HistoryAudit {
    /// Where a commit brought in a secret: its index in the walk, the file and the line.
    struct SecretLine: Hashable { var commit: Int; var path: String; var line: Int }

    func runBlobOnce(commits: [ObjectID], unreadable: [GitError], shapes: CommitShapes, progress: ((Progress) -> Void)?) throws -> (findings: [Finding], summary: ScanSummary) {
        // Parents' versions are kept by the audit's own line-table cache, and the per-commit pass that
        // follows reads only Python files: libgit2's object cache (256 MiB by default) would mostly hold
        // memory. 16 MiB against 48 MiB: werkzeug's audits 35-53 MB smaller at the same CPU time.
        setObjectCacheLimit(bytes: 16 * 1024 * 1024)
        let pool = try (0..<workers).map { _ in try Repository(discoveringFrom: repositoryPath) }
        var summary = ScanSummary(commits: commits.count)
        var problems = UnreadableObjects()
        for error in unreadable { problems.add(error) }
        var introductions = Introductions()
        var secretLines = Set<SecretLine>()

        if reviewer.detectors.contains(.secrets) {
            let found = try secretIntroductions(commits, pool: pool, shapes: shapes, summary: &summary, problems: &problems, progress: progress)
            introductions = found.introductions
            secretLines = found.lines
        }
        var rest = reviewer
        rest.detectors.remove(.secrets)
        if !rest.detectors.isEmpty && (rest.detectors.contains(.python) || rest.dependencies != nil) {
            let secretsScanned = summary.files > 0
            // The dependency check reads files whatever their names (`-r` includes); otherwise only
            // what the Python rules may review is diffed.
            let python = rest
            let include: (@Sendable (String) -> Bool)?
            if rest.dependencies == nil {
                include = { path in python.reviewsPython(at: path) && mayBePython(path) }
            } else {
                include = nil
            }
            let batchSize = 256
            for start in stride(from: 0, to: commits.count, by: batchSize) {
                let batch = Array(commits[start..<min(start + batchSize, commits.count)])
                for (offset, reviewed) in try reviewInParallel(batch, pool: pool, reviewer: rest, includePath: include).enumerated() {
                    if !secretsScanned {
                        summary.files += reviewed.summary.files
                        summary.bytes += reviewed.summary.bytes
                    }
                    for (context, error) in reviewed.unreadable { problems.add(error, context: context) }
                    // A literal credential a secret pattern named in the same change is one problem (as in
                    // `Reviewer.review`): the pattern's finding is kept.
                    introductions.add(reviewed.findings.lazy.filter { finding in
                        !(finding.isCredential && secretLines.contains(SecretLine(commit: start + offset, path: finding.file, line: finding.line)))
                    }, commitIndex: start + offset, commit: batch[offset])
                }
            }
        }
        // Commit order first; within a commit, by file, secrets before the other findings of a file.
        let rank = { (f: Finding) in f.kind == .secret ? 0 : 1 }
        let ordered = introductions.list.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if x.index != y.index { return x.index < y.index }
            if x.intro.finding.file != y.intro.finding.file { return x.intro.finding.file < y.intro.finding.file }
            if rank(x.intro.finding) != rank(y.intro.finding) { return rank(x.intro.finding) < rank(y.intro.finding) }
            return a.offset < b.offset
        }.map(\.element.intro)
        // The history's versions were mostly scanned on their new lines only, so HEAD's tree, small
        // beside the history, is scanned in full for "is it still there?".
        let findings = try finish(ordered, pool: pool, problems: &problems)
        summary.errors += problems.messages
        return (findings, summary)
    }

    /// The secrets of the history, each at the first commit that brought it in at its path, and the
    /// lines of each commit that hold a credential (for the merge with the Python findings).
    private func secretIntroductions(_ commits: [ObjectID], pool: [Repository], shapes: CommitShapes, summary: inout ScanSummary, problems: inout UnreadableObjects,
                                     progress: ((Progress) -> Void)?) throws -> (introductions: Introductions, lines: Set<SecretLine>) {
        let cache = VersionCache(limit: 64 << 20)
        var introductions = Introductions()
        var lines = Set<SecretLine>()
        // A (path, blob) brought in by several commits is counted (and its skip reported) once.
        var counted = Set<IntroducedBlob>()
        // Runs of consecutive commits go to one worker, so a file's version one commit brings in is
        // already in the cache when the next commit changes the file again.
        let run = 16, batchSize = 1024
        for start in stride(from: 0, to: commits.count, by: batchSize) {
            let end = min(start + batchSize, commits.count)
            let runs = try parallelMap((end - start + run - 1) / run, workers: pool.count) { worker, r -> [CommitSecrets] in
                (start + r * run..<min(start + (r + 1) * run, end)).map { index in
                    secretsBrought(by: commits[index], repository: pool[worker], cache: cache, shapes: shapes)
                }
            }
            for (offset, result) in runs.joined().enumerated() {
                let index = start + offset
                for error in result.errors { problems.add(error, context: "commit \(commits[index])") }
                var brought: [Finding] = []
                for (file, outcome) in result.files {
                    let first = counted.insert(file).inserted
                    switch outcome {
                    case .unreadable(let error): problems.add(error, context: file.path)
                    case .skipped(let reason, _):
                        if first { summary.skipped.append("\(file.path): \(reason)") }
                    case .scanned(let found, let bytes):
                        if first { summary.files += 1; summary.bytes += bytes }
                        for finding in found where Reviewer.namesCredential(finding) {
                            lines.insert(SecretLine(commit: index, path: file.path, line: finding.line))
                        }
                        brought += found
                    }
                }
                introductions.add(brought, commitIndex: index, commit: commits[index])
            }
            progress?(Progress(commitsDone: end, commitsTotal: commits.count, bytesScanned: summary.bytes))
        }
        return (introductions, lines)
    }

    /// What one commit brings in at each path, by tree diff, and the secrets on the lines it adds there.
    struct CommitSecrets {
        enum Outcome { case scanned([Finding], bytes: Int), skipped(String, bytes: Int), unreadable(GitError) }
        var files: [(file: IntroducedBlob, outcome: Outcome)] = []
        var errors: [GitError] = []
    }

    /// A version of a file at a path no parent has is scanned in full; otherwise only the lines no
    /// parent's version has (`newLines`), which for most commits is a few lines of a large file.
    private func secretsBrought(by commit: ObjectID, repository: Repository, cache: VersionCache, shapes: CommitShapes) -> CommitSecrets {
        var result = CommitSecrets()
        let changes: [BlobChange]
        do { changes = try repository.blobChanges(ofCommit: commit, shapes: shapes, unreadable: &result.errors) } catch let error as GitError {
            result.errors.append(error)
            return result
        } catch {
            return result
        }
        let gate = ScanGate(maxFileSize: maxFileSize)
        for change in changes where !reviewer.isExcluded(change.file.path) {
            let file = change.file
            // A parent's version that cannot be read has no lines: every line then counts as new.
            let parents = change.parentBlobs.compactMap { $0 }.map { blob -> [UInt8] in
                if let cached = cache.content(of: blob) { return cached }
                guard let read = try? repository.withBlobContent(blob, bytes) else { return [] }
                cache.keep(read, for: blob)
                return read
            }
            let outcome: CommitSecrets.Outcome
            do {
                outcome = try repository.withBlobContent(file.blob) { content -> CommitSecrets.Outcome in
                    if let reason = gate.skipReason(content) { return .skipped(reason, bytes: content.count) }
                    let copy = bytes(content)
                    cache.keep(copy, for: file.blob)
                    let added: Set<Int>?
                    switch parents.count {
                    case 0: added = nil
                    case 1: added = parents[0].withUnsafeBytes { newLines(of: content, parent: $0) }
                    default: added = newLines(of: content, parentTables: parents.map { $0.withUnsafeBytes { LineTable($0) } })
                    }
                    if let added, added.isEmpty { return .scanned([], bytes: content.count) }
                    let found = reviewer.reviewSecrets(path: file.path, content: copy, lines: added)
                    return .scanned(found.sorted { ($0.line, $0.column) < ($1.line, $1.column) }, bytes: content.count)
                }
            } catch let error as GitError where error.unreadableObject != nil {
                outcome = .unreadable(error)
            } catch {
                outcome = .unreadable(GitError("cannot read blob \(file.blob) (\(file.path)): \(error)", unreadableObject: file.blob))
            }
            result.files.append((file, outcome))
        }
        return result
    }
}

/// The versions read last, by blob id, up to `limit` bytes, shared by the workers: the version a commit
/// brings in is, most of the time, the parent's version of the next commit that changes the file, and
/// that commit may be on another worker. Two generations: when the newer fills half the limit it becomes
/// the older and the oldest is dropped, so what was used lately stays.
final class VersionCache: @unchecked Sendable {
    private let lock = NSLock()
    private var newer: [ObjectID: [UInt8]] = [:]
    private var older: [ObjectID: [UInt8]] = [:]
    private var bytes = 0
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    func content(of blob: ObjectID) -> [UInt8]? {
        lock.lock(); defer { lock.unlock() }
        if let found = newer[blob] { return found }
        guard let found = older.removeValue(forKey: blob) else { return nil }
        store(found, for: blob)
        return found
    }

    func keep(_ content: [UInt8], for blob: ObjectID) {
        guard content.count <= limit / 8 else { return }
        lock.lock(); defer { lock.unlock() }
        if newer[blob] == nil { store(content, for: blob) }
    }

    private func store(_ content: [UInt8], for blob: ObjectID) {
        if bytes + content.count > limit / 2 {
            older = newer
            newer = [:]
            bytes = 0
        }
        newer[blob] = content
        bytes += content.count
    }
}

/// A copy of bytes read in place, for the scanner (which keeps slices of what it reads).
private func bytes(_ content: UnsafeRawBufferPointer) -> [UInt8] {
    [UInt8](unsafeUninitializedCapacity: content.count) { buffer, count in
        if let to = buffer.baseAddress, let from = content.baseAddress { memcpy(to, from, content.count) }
        count = content.count
    }
}

/// A path the Python rules could read: `.py`, `.pyw`, a notebook, or a file without an extension
/// (a script whose first line names python; its content decides).
func mayBePython(_ path: String) -> Bool {
    if path.hasSuffix(".py") || path.hasSuffix(".pyw") || path.hasSuffix(".ipynb") { return true }
    return !(path.split(separator: "/").last ?? "").contains(".")
}
