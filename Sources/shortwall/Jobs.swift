import ArgumentParser
import Findings
import Foundation
import Git
import Review

/// `shortwall staged`: the pre-commit job.
struct Staged: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "staged", abstract: "Review what is staged (the pre-commit job).")
    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var scan: ScanOptions
    @Flag(help: .hidden) var hook = false

    func run() throws {
        let repo = try repository.open()
        let job = try Job(options: scan, root: repo.workingDirectory)
        let (findings, summary) = try job.changeReview(of: repo).staged()
        try job.finish(findings, summary: summary, footer: hook ? hookAdvice(command: "commit") : nil)
    }
}

/// `shortwall commit REV`.
struct CommitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "commit", abstract: "Review what one commit adds (merges: only what no parent has).")
    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var scan: ScanOptions
    @Argument(help: "The commit (default HEAD).") var revision: String = "HEAD"

    func run() throws {
        let repo = try repository.open()
        let job = try Job(options: scan, root: repo.workingDirectory)
        let (findings, summary) = try job.changeReview(of: repo).commit(revision)
        try job.finish(findings, summary: summary)
    }
}

/// `shortwall diff A...B` (what a pull request adds) or `A..B` (each commit on its own).
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Review a range: A...B is what a pull request adds (merge base to B); A..B reviews each commit in it.",
        discussion: "A single revision A means A...HEAD."
    )
    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var scan: ScanOptions
    @Argument(help: "A...B, A..B or A.") var range: String
    @Flag(help: .hidden) var hook = false

    func run() throws {
        let repo = try repository.open()
        let job = try Job(options: scan, root: repo.workingDirectory)
        let (findings, summary) = try job.changeReview(of: repo).range(range)
        try job.finish(findings, summary: summary, footer: hook ? hookAdvice(command: "push") : nil)
    }
}

/// `shortwall history`: the audit of every commit on every ref.
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Audit every commit of every ref: each secret once per file, with the commit that introduced it and whether it is still in HEAD."
    )
    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var scan: ScanOptions
    @Option(help: "Only commits not reachable from this revision.") var since: String?
    @Option(help: "Only commits of this branch (repeatable; default: every ref).") var branch: [String] = []
    @Flag(help: "Leave out commits that any remote-tracking branch already has (what a push would add).") var excludeRemotes = false
    @Flag(help: .hidden) var hook = false
    /// The first audit method (every commit's line diff), kept to check the default one against.
    @Flag(help: .hidden) var perCommitAudit = false

    func run() throws {
        let repo = try repository.open()
        let job = try Job(options: scan, root: repo.workingDirectory)
        let walk = try HistoryScope(since: since, branches: branch, excludeRemotes: excludeRemotes).commits(in: repo)
        let bar = ProgressBar(enabled: isatty(2) == 1)
        let audit = HistoryAudit(repositoryPath: repo.gitDirectory, reviewer: job.reviewer, maxFileSize: job.settings.maxFileSize,
                                 method: perCommitAudit ? .perCommit : .blobOnce)
        let (findings, summary) = try audit.run(commits: walk.commits, unreadable: walk.unreadable, shapes: walk.shapes) { bar.update($0) }
        bar.finish()
        try job.finish(findings, summary: summary, footer: hook ? hookAdvice(command: "push") : nil)
    }
}

/// `shortwall scan PATH...`: files and folders, no git needed.
struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scan", abstract: "Scan files and folders, without git (every line).")
    @OptionGroup var scan: ScanOptions
    @Argument(help: "Files or folders.") var paths: [String]

    func run() throws {
        let job = try Job(options: scan, root: nil)
        let (findings, summary) = try scanPaths(paths, reviewer: job.reviewer, maxFileSize: job.settings.maxFileSize, workers: job.workers)
        try job.finish(findings, summary: summary)
    }
}

/// What a blocked commit or push prints after the findings.
func hookAdvice(command: String) -> String {
    """

    Shortwall blocked this \(command).
      Fix: remove the secret (revoke and rotate it if it is real; read it from the environment or a secret
           manager instead) or fix the flaw as each finding suggests, then `git add` and \(command) again.
      A false positive? Add `shortwall:allow` in a comment on that line (Python rules:
           `# shortwall: ignore[rule-id]`), or record it: `shortwall baseline`.
      To bypass this check once: `git \(command) --no-verify`.

    """
}
