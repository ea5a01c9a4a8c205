/// What one change adds, whatever asked for it (staged index, a commit, a range, history).
public struct ChangeSet: Sendable {
    /// nil for the index (staged changes).
    public var commit: CommitInfo?
    public var files: [ChangedFile]
    public init(commit: CommitInfo?, files: [ChangedFile]) { self.commit = commit; self.files = files }
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
    public var isBinary = false
    public var isSubmodule = false
    public var isLFSPointer = false
    /// Why the content was not loaded (too large, binary, submodule, LFS pointer); nil when it was.
    public var skipReason: String?
    /// The new content; nil for deletions, skipped files, or when only blob ids were asked for.
    public var content: [UInt8]?
    /// 1-based line numbers of the new content that this change adds, ascending.
    public var addedLines: [Int] = []
    /// A blob of this file that could not be read (missing or damaged), with ChangeOptions.skipUnreadable.
    /// Without the new side there is no content; without the old side every line counts as added.
    public var readError: GitError?

    /// Worth handing to a detector: it has content and is not binary, a submodule or an LFS pointer.
    public var isScannable: Bool { content != nil && skipReason == nil }
}

/// How much of each changed file to load.
public struct ChangeOptions: Sendable {
    /// Files larger than this are skipped with a note.
    public var maxFileSize: Int
    /// false: blob ids and flags only (cheap tree diff); the caller loads content when it needs it.
    public var loadContent: Bool
    /// Detect renames and copies (a pure rename adds no lines).
    public var detectRenames: Bool
    /// A blob that cannot be read sets the file's `readError` instead of failing the whole change set
    /// (a history audit reports it and goes on; a single job stops).
    public var skipUnreadable: Bool
    public init(maxFileSize: Int = 10 * 1024 * 1024, loadContent: Bool = true, detectRenames: Bool = true, skipUnreadable: Bool = false) {
        self.maxFileSize = maxFileSize; self.loadContent = loadContent; self.detectRenames = detectRenames
        self.skipUnreadable = skipUnreadable
    }
}
