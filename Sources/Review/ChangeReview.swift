import Findings
import Git

/// The jobs that review one change of a repository: what is staged (`shortwall staged`), one commit
/// (`shortwall commit`) and a range (`shortwall diff`). Each reads its change through the scan gate and
/// hands it to the reviewer; the history audit, which merges many commits, is `HistoryAudit`.
public struct ChangeReview {
    let repository: Repository
    let reviewer: Reviewer
    let options: ChangeOptions
    let workers: Int

    public init(repository: Repository, reviewer: Reviewer, maxFileSize: Int, workers: Int) {
        self.repository = repository; self.reviewer = reviewer; self.workers = workers
        options = ScanGate(maxFileSize: maxFileSize).changeOptions
    }

    /// What is staged: the pre-commit job.
    public func staged() throws -> (findings: [Finding], summary: ScanSummary) {
        review(try repository.stagedChanges(options))
    }

    /// What one commit adds (a merge: only what no parent has).
    public func commit(_ revision: String) throws -> (findings: [Finding], summary: ScanSummary) {
        review(try repository.changes(ofCommit: try repository.resolveCommit(revision), options))
    }

    /// `A...B`: what B adds over the merge base, as one change (what a pull request shows). `A..B`: each
    /// commit in the range on its own, so every finding is attributed to the commit that made it.
    public func range(_ text: String) throws -> (findings: [Finding], summary: ScanSummary) {
        let range = try repository.parseRange(text)
        switch range.kind {
        case .commits:
            var summary = ScanSummary()
            var findings: [Finding] = []
            for id in try repository.commits(in: range) {
                findings += reviewer.review(try repository.changes(ofCommit: id, options), summary: &summary, workers: workers)
            }
            return (findings, summary)
        case .mergeBase:
            let changes = ChangeSet(commit: try repository.commitInfo(range.head), files: try repository.changes(from: range.base, to: range.head, options),
                                    snapshot: try repository.snapshot(ofCommit: range.head))
            return review(changes)
        }
    }

    private func review(_ changes: ChangeSet) -> (findings: [Finding], summary: ScanSummary) {
        var summary = ScanSummary()
        let findings = reviewer.review(changes, summary: &summary, workers: workers)
        return (findings, summary)
    }
}
