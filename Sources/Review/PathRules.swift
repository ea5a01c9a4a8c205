import Findings
import Secrets

/// The review-level path settings: `exclude` (never read) and `[allowlist] paths` (read, for context,
/// but no finding is reported there), compiled once: every file of every commit is tested against them.
public struct PathRules: Sendable {
    private let exclude: [Glob]
    private let allowed: [Glob]

    /// `review-vendored-python = true`: the Python rules run inside vendored folders too.
    public var reviewsVendoredPython: Bool

    public init(exclude: [String] = [], allowed: [String] = [], reviewsVendoredPython: Bool = false) {
        self.exclude = exclude.map(Glob.init)
        self.allowed = allowed.map(Glob.init)
        self.reviewsVendoredPython = reviewsVendoredPython
    }

    public func isExcluded(_ path: String) -> Bool { Glob.matchesAny(exclude, path) }

    /// Drops findings in allowlisted paths.
    public func apply(to findings: [Finding]) -> [Finding] {
        allowed.isEmpty ? findings : findings.filter { !Glob.matchesAny(allowed, $0.file) }
    }
}

/// Folders that hold other projects' code as installed or copied in (a committed virtualenv, a vendored
/// library): nobody in this repository can fix a flaw there, so the Python rules skip them by default.
/// Secrets are still looked for: a key committed inside a virtualenv is as leaked as any other.
public let vendoredFolders: Set<Substring> = ["venv", ".venv", "virtualenv", "site-packages", "node_modules", "vendor", "third_party", "__pypackages__"]

/// `path` lies inside a vendored folder, at any depth (`app/.venv/lib/x.py`, `vendor/lib.py`).
public func isVendored(_ path: String) -> Bool {
    path.split(separator: "/").dropLast().contains { vendoredFolders.contains($0) }
}
