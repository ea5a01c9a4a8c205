import Git

/// Which commits a history audit reads: every ref by default, or some branches, leaving out what a
/// revision (`--since`) or the remote-tracking branches (`--exclude-remotes`, what a push adds) already hold.
public struct HistoryScope: Sendable {
    public var since: String?
    public var branches: [String]
    public var excludeRemotes: Bool

    public init(since: String? = nil, branches: [String] = [], excludeRemotes: Bool = false) {
        self.since = since; self.branches = branches; self.excludeRemotes = excludeRemotes
    }

    /// The commits in scope, oldest first, and the objects the walk could not read.
    public func commits(in repo: Repository) throws -> CommitWalk {
        var excluded = try since.map { [try repo.resolveCommit($0)] } ?? []
        if excludeRemotes { excluded += try repo.remoteTips() }
        let tips = branches.isEmpty ? nil : try repo.resolveBranches(branches)
        return try repo.walkCommits(from: tips, excluding: excluded)
    }
}
