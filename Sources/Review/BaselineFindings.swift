import Findings
import Git

extension Baseline {
    /// What `shortwall baseline` records: the findings of every file in HEAD's tree (none in a repository
    /// without commits), or with `history` those of every commit of every ref.
    public static func findings(in repository: Repository, reviewer: Reviewer, maxFileSize: Int, history: Bool) throws -> (findings: [Finding], summary: ScanSummary) {
        let audit = HistoryAudit(repositoryPath: repository.gitDirectory, reviewer: reviewer, maxFileSize: maxFileSize)
        if history {
            let walk = try repository.walkCommits()
            return try audit.run(commits: walk.commits, unreadable: walk.unreadable, shapes: walk.shapes)
        } else if let head = try repository.headCommit() {
            return try audit.scanTree(of: head)
        }
        return ([], ScanSummary())
    }
}
