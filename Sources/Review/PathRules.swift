import Findings
import Secrets

/// The review-level path settings: `exclude` (never read) and `[allowlist] paths` (read, for context,
/// but no finding is reported there), compiled once: every file of every commit is tested against them.
public struct PathRules: Sendable {
    private let exclude: [Glob]
    private let allowed: [Glob]

    public init(exclude: [String] = [], allowed: [String] = []) {
        self.exclude = exclude.map(Glob.init)
        self.allowed = allowed.map(Glob.init)
    }

    public func isExcluded(_ path: String) -> Bool { Glob.matchesAny(exclude, path) }

    /// Drops findings in allowlisted paths.
    public func apply(to findings: [Finding]) -> [Finding] {
        allowed.isEmpty ? findings : findings.filter { !Glob.matchesAny(allowed, $0.file) }
    }
}
