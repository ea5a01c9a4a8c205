/// What one change adds, whatever asked for it (staged index, a commit, a range, history).
public struct ChangeSet: Sendable {
    /// nil for the index (staged changes).
    public var commit: CommitInfo?
    public var files: [ChangedFile]
    /// The tree the change is reviewed in (the index, or the commit's tree), for reading other files of it.
    public var snapshot: Snapshot?
    public init(commit: CommitInfo?, files: [ChangedFile], snapshot: Snapshot? = nil) {
        self.commit = commit; self.files = files; self.snapshot = snapshot
    }
}

public struct CommitInfo: Sendable, Hashable, Codable {
    public var id: ObjectID
    public var parents: [ObjectID]
    public var authorName: String
    public var authorEmail: String
    /// Author date, ISO 8601 with the author's offset, e.g. 2024-05-01T10:00:00+02:00.
    public var date: String
    public var summary: String
}

public struct ChangedFile: Sendable {
    public enum Status: String, Sendable, Codable { case added, modified, renamed, copied, deleted, typeChanged = "type-changed" }

    public var path: String
    /// The path before a rename or copy; nil otherwise.
    public var previousPath: String?
    public var status: Status
    public var oldBlob: ObjectID?
    public var newBlob: ObjectID?
    public var isSubmodule = false
    /// Why the content was not loaded: a submodule, a symbolic link, or what the caller's
    /// `ChangeOptions.skipReason` said of the bytes (too large, binary, ...); nil when it was loaded.
    public var skipReason: String?
    /// The new content; nil for deletions, skipped files, or when only blob ids were asked for.
    public var content: [UInt8]?
    /// 1-based line numbers of the new content that this change adds, ascending.
    public var addedLines: [Int] = []
    /// A blob of this file that could not be read (missing or damaged), with ChangeOptions.skipUnreadable.
    /// Without the new side there is no content; without the old side every line counts as added.
    public var readError: GitError?

    /// Worth handing to a detector: it has content and nothing said to skip it.
    public var isScannable: Bool { content != nil && skipReason == nil }
}

/// How much of each changed file to load.
public struct ChangeOptions: Sendable {
    /// Why a blob's bytes are not worth loading (too large, binary, ...), nil to load them. Git knows
    /// file modes, not what the detectors can read: the rule is the caller's (Review's ScanGate), so
    /// every job, and `scan` without git, skips a file for the same reason. Skipped blobs get no line
    /// diff. The default loads everything.
    public var skipReason: @Sendable (UnsafeRawBufferPointer) -> String?
    /// false: blob ids and flags only (cheap tree diff); the caller loads content when it needs it.
    public var loadContent: Bool
    /// Detect renames and copies (a pure rename adds no lines).
    public var detectRenames: Bool
    /// A blob that cannot be read sets the file's `readError` instead of failing the whole change set
    /// (a history audit reports it and goes on; a single job stops).
    public var skipUnreadable: Bool
    /// Only files whose path (or former path) this accepts are read and diffed; nil: every file.
    public var includePath: (@Sendable (String) -> Bool)?
    public init(
        skipReason: @escaping @Sendable (UnsafeRawBufferPointer) -> String? = { _ in nil },
        loadContent: Bool = true, detectRenames: Bool = true, skipUnreadable: Bool = false
    ) {
        self.skipReason = skipReason; self.loadContent = loadContent; self.detectRenames = detectRenames
        self.skipUnreadable = skipUnreadable
    }
}
