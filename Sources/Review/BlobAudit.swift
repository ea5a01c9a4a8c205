import Findings
import Foundation
import Git

// The history audit's default method. Secrets: one walk over the commits learns, from tree diffs
// alone, which (path, blob) each commit brings in; each distinct (path, blob) is scanned once, on all
// cores; the findings are then merged in topological order. A secret is identified by (path, rule,
// secret); a commit counts for it when it brings in a blob at that path holding it on a line that no
// parent's version of the file has (what a line diff would call an added line), so the introducing
// commit, the count and the line are those of the per-commit review, without a line diff of every file.
// The Python rules and the dependency check keep the per-commit review (what each change introduced),
// restricted to the files they read.

extension HistoryAudit {
    /// A secret found in a scanned blob, with the text of the line it starts on.
    struct BlobSecret { var finding: Finding; var line: [UInt8] }
    /// Where a commit brought in a secret: its index in the walk, the file and the line.
    struct SecretLine: Hashable { var commit: Int; var path: String; var line: Int }

    func runBlobOnce(commits: [ObjectID], unreadable: [GitError], progress: ((Progress) -> Void)?) throws -> (findings: [Finding], summary: ScanSummary) {
        // Each blob is read once here, and the per-commit pass that follows reads only Python files:
        // libgit2's default cache (256 MiB) would only hold memory.
        setObjectCacheLimit(bytes: 48 * 1024 * 1024)
        let pool = try (0..<workers).map { _ in try Repository(discoveringFrom: repositoryPath) }
        var summary = ScanSummary(commits: commits.count)
        var problems = UnreadableObjects()
        for error in unreadable { problems.add(error) }
        var introductions: [(index: Int, intro: Introduction)] = []
        var headSecrets: [IntroducedBlob: [String]]?
        var secretLines = Set<SecretLine>()

        if reviewer.detectors.contains(.secrets) {
            let found = try secretIntroductions(commits, pool: pool, summary: &summary, problems: &problems, progress: progress)
            introductions = found.introductions
            headSecrets = found.scanned
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
            var byKey: [Key: Int] = [:]
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
                    for finding in reviewed.findings where !(finding.isCredential
                        && secretLines.contains(SecretLine(commit: start + offset, path: finding.file, line: finding.line))) {
                        let key = Key(path: finding.file, rule: finding.rule, content: finding.contentHash)
                        if let at = byKey[key] {
                            introductions[at].intro.count += 1
                        } else {
                            byKey[key] = introductions.count
                            introductions.append((start + offset, Introduction(finding: finding, commit: batch[offset], count: 1)))
                        }
                    }
                }
            }
        }
        // Commit order first; within a commit, by file, secrets before the other findings of a file.
        let rank = { (f: Finding) in f.kind == .secret ? 0 : 1 }
        let ordered = introductions.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if x.index != y.index { return x.index < y.index }
            if x.intro.finding.file != y.intro.finding.file { return x.intro.finding.file < y.intro.finding.file }
            if rank(x.intro.finding) != rank(y.intro.finding) { return rank(x.intro.finding) < rank(y.intro.finding) }
            return a.offset < b.offset
        }.map(\.element.intro)
        let findings = try finish(ordered, pool: pool, problems: &problems, headSecrets: headSecrets)
        summary.errors += problems.messages
        return (findings, summary)
    }

    /// The secrets of the history, each at the first commit that brought it in at its path, and the
    /// secret keys of every scanned (path, blob) that holds any (for "is it still in HEAD?").
    private func secretIntroductions(_ commits: [ObjectID], pool: [Repository], summary: inout ScanSummary, problems: inout UnreadableObjects,
                                     progress: ((Progress) -> Void)?) throws -> (introductions: [(index: Int, intro: Introduction)], scanned: [IntroducedBlob: [String]], lines: Set<SecretLine>) {
        // 1. What each commit brings in: tree diffs only.
        let brought = try inParallel(commits.count, pool: pool) { repository, index -> (files: [IntroducedBlob], errors: [GitError]) in
            var errors: [GitError] = []
            do {
                let files = try repository.introducedBlobs(ofCommit: commits[index], unreadable: &errors)
                return (files.filter { !reviewer.isExcluded($0.path) }, errors)
            } catch let error as GitError {
                return ([], [error])
            }
        }
        var distinct: [IntroducedBlob] = []
        var seen = Set<IntroducedBlob>()
        for (index, result) in brought.enumerated() {
            for error in result.errors { problems.add(error, context: "commit \(commits[index])") }
            for file in result.files where seen.insert(file).inserted { distinct.append(file) }
        }
        seen = []

        // 2. Each distinct (path, blob) scanned once, on every core; only blobs holding a secret are kept.
        enum Scanned { case secrets([BlobSecret], bytes: Int), skipped(String, bytes: Int), unreadable(GitError), none(bytes: Int) }
        var secretsOf: [IntroducedBlob: [BlobSecret]] = [:]
        let batchSize = 4096
        for start in stride(from: 0, to: distinct.count, by: batchSize) {
            let end = min(start + batchSize, distinct.count)
            let results = try inParallel(end - start, pool: pool) { repository, offset -> Scanned in
                let file = distinct[start + offset]
                let content: [UInt8]
                do { content = try repository.blobContent(file.blob) } catch let error as GitError where error.unreadableObject != nil {
                    return .unreadable(error)
                }
                if let reason = ScanGate(maxFileSize: maxFileSize).skipReason(content) { return .skipped(reason, bytes: content.count) }
                let found = reviewer.reviewSecrets(path: file.path, content: content)
                if found.isEmpty { return .none(bytes: content.count) }
                let inOrder = found.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
                return .secrets(inOrder.map { BlobSecret(finding: $0, line: lineText(content, $0.line)) }, bytes: content.count)
            }
            for (offset, result) in results.enumerated() {
                let file = distinct[start + offset]
                switch result {
                case .unreadable(let error): problems.add(error, context: file.path)
                case .skipped(let reason, _): summary.skipped.append("\(file.path): \(reason)")
                case .none(let bytes): summary.files += 1; summary.bytes += bytes
                case .secrets(let found, let bytes): summary.files += 1; summary.bytes += bytes; secretsOf[file] = found
                }
            }
            progress?(Progress(commitsDone: commits.count * end / max(1, distinct.count), commitsTotal: commits.count, bytesScanned: summary.bytes))
        }

        // 3. In topological order: a commit counts for a secret when the line holding it is new to
        // every parent's version of the file.
        // How many times each line occurs in a parent's version: a line the new version has more
        // often than the parent (a copy of a secret's line added below it) is an added line too.
        var linesCache: [ObjectID: [[UInt8]: Int]] = [:]
        let repository = pool[0]
        let linesOf = { (blob: ObjectID) -> [[UInt8]: Int] in
            if let cached = linesCache[blob] { return cached }
            // A parent's version that cannot be read has no lines: every line then counts as new.
            var lines: [[UInt8]: Int] = [:]
            for line in ((try? repository.blobContent(blob)) ?? []).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                lines[Array(line), default: 0] += 1
            }
            if linesCache.count > 256 { linesCache.removeAll(keepingCapacity: true) }
            linesCache[blob] = lines
            return lines
        }
        var introductions: [(index: Int, intro: Introduction)] = []
        var byKey: [Key: Int] = [:]
        var lines = Set<SecretLine>()
        for (index, result) in brought.enumerated() {
            for file in result.files {
                guard let found = secretsOf[file] else { continue }
                let parents = (try? repository.parents(of: commits[index])) ?? []
                let before = parents.compactMap { repository.blobID(atPath: file.path, inCommit: $0) }.map(linesOf)
                // The how-manieth line with this text each finding sits on.
                var occurrence: [[UInt8]: (line: Int, count: Int)] = [:]
                for secret in found {
                    var seen = occurrence[secret.line] ?? (0, 0)
                    if seen.line != secret.finding.line { seen = (secret.finding.line, seen.count + 1) }
                    occurrence[secret.line] = seen
                    guard before.allSatisfy({ ($0[secret.line] ?? 0) < seen.count }) else { continue }
                    if Reviewer.namesCredential(secret.finding) {
                        lines.insert(SecretLine(commit: index, path: file.path, line: secret.finding.line))
                    }
                    let key = Key(path: secret.finding.file, rule: secret.finding.rule, content: secret.finding.contentHash)
                    if let at = byKey[key] {
                        introductions[at].intro.count += 1
                    } else {
                        byKey[key] = introductions.count
                        introductions.append((index, Introduction(finding: secret.finding, commit: commits[index], count: 1)))
                    }
                }
            }
        }
        let scanned = secretsOf.mapValues { $0.map { $0.finding.rule + "\u{0}" + $0.finding.contentHash } }
        return (introductions, scanned, lines)
    }
}

/// The bytes of 1-based line `number` of `content`, without its newline.
private func lineText(_ content: [UInt8], _ number: Int) -> [UInt8] {
    var line = 1, start = 0
    let newline = UInt8(ascii: "\n")
    for i in content.indices where line < number && content[i] == newline {
        line += 1
        start = i + 1
    }
    let end = content[start...].firstIndex(of: newline) ?? content.count
    return Array(content[start..<end])
}

/// A path the Python rules could read: `.py`, `.pyw`, a notebook, or a file without an extension
/// (a script whose first line names python; its content decides).
func mayBePython(_ path: String) -> Bool {
    if path.hasSuffix(".py") || path.hasSuffix(".pyw") || path.hasSuffix(".ipynb") { return true }
    return !(path.split(separator: "/").last ?? "").contains(".")
}
