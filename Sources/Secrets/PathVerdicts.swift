import Foundation

/// What a file's path alone decides before its content is read: whether a path-only allowlist of the
/// settings skips the file, and which path-limited patterns apply by their globs (`byPath`) or may apply
/// if the content has their signature (`bySignature`), a path-only allowlist of their own having excluded
/// neither. A history audit scans thousands of versions of the same few hundred paths, and matching
/// every glob again for each was a tenth of a secrets-only audit (werkzeug: 1.3 G of 12 G instructions).
struct PathVerdict {
    var skipped: Bool
    var byPath: [Int]
    var bySignature: [Int]
}

/// The verdicts of the paths seen lately, shared by every scan of one scanner (on any thread).
final class PathVerdicts: @unchecked Sendable {
    private let lock = NSLock()
    private var known: [String: PathVerdict] = [:]
    /// Paths remembered: a repository has far fewer, and a scan of a million files starts afresh.
    static let limit = 1 << 14

    func verdict(for path: String) -> PathVerdict? {
        lock.lock(); defer { lock.unlock() }
        return known[path]
    }

    func keep(_ verdict: PathVerdict, for path: String) {
        lock.lock(); defer { lock.unlock() }
        if known.count >= PathVerdicts.limit { known.removeAll(keepingCapacity: true) }
        known[path] = verdict
    }
}
