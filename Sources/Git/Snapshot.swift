import CGit2
import Foundation

/// The files of the tree a change is reviewed in: the index for staged changes, the commit's tree
/// otherwise. A reviewer reads other files of that tree from it (a module the changed file imports),
/// so it sees the version the change goes with, not whatever the working folder holds.
///
/// Reads are serialized: a job's files are reviewed on several threads and a libgit2 handle is not
/// shared between them. The repository must not be used elsewhere while a review reads from it (every
/// job reads its changes first and reviews them after, and the history audit gives each worker its own).
public final class Snapshot: @unchecked Sendable {
    enum Place { case index, tree(Tree) }

    /// The tree's id, or "index#N" for the N-th snapshot of an index in this process (the index may be
    /// restaged between two): what a cache of results that depend on several files of the tree is keyed by.
    public let id: String
    private let repository: Repository
    private let place: Place
    private let lock = NSLock()

    init(repository: Repository, place: Place, id: String) {
        self.repository = repository; self.place = place; self.id = id
    }

    /// A regular file's blob at `path` ('/'-separated, from the root), with its id; nil when there is no
    /// such file (or it is a link, a submodule, a folder, or cannot be read).
    public func file(at path: String) -> (blob: ObjectID, bytes: [UInt8])? {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\u{0}") else { return nil }
        lock.lock(); defer { lock.unlock() }
        guard let id = blobID(at: path), let blob = try? Blob(repository, id) else { return nil }
        return (id, blob.bytes)
    }

    /// The id of the regular file's blob at `path`, without reading the blob; nil as for `file(at:)`.
    public func fileID(at path: String) -> ObjectID? {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\u{0}") else { return nil }
        lock.lock(); defer { lock.unlock() }
        return blobID(at: path)
    }

    private func blobID(at path: String) -> ObjectID? {
        switch place {
        case .index:
            var index: OpaquePointer?
            guard git_repository_index(&index, repository.pointer) == 0, let index else { return nil }
            defer { git_index_free(index) }
            guard let entry = git_index_get_bypath(index, path, 0)?.pointee,
                  entry.mode == GIT_FILEMODE_BLOB.rawValue || entry.mode == GIT_FILEMODE_BLOB_EXECUTABLE.rawValue else { return nil }
            return ObjectID(entry.id)
        case .tree(let tree):
            var entry: OpaquePointer?
            guard git_tree_entry_bypath(&entry, tree.pointer, path) == 0, let entry else { return nil }
            defer { git_tree_entry_free(entry) }
            let mode = git_tree_entry_filemode(entry)
            guard mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE else { return nil }
            return ObjectID(git_tree_entry_id(entry).pointee)
        }
    }
}

/// Numbers the index snapshots of the process.
private let indexSnapshots = SnapshotCounter()

private final class SnapshotCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func next() -> Int { lock.lock(); defer { lock.unlock() }; count += 1; return count }
}

extension Repository {
    /// The index, as `git commit` would record it.
    public func indexSnapshot() -> Snapshot {
        Snapshot(repository: self, place: .index, id: "index#\(indexSnapshots.next())")
    }

    /// The tree of a commit.
    public func snapshot(ofCommit id: ObjectID) throws -> Snapshot {
        try snapshot(of: try Commit(self, id))
    }

    func snapshot(of commit: Commit) throws -> Snapshot {
        let tree = try commit.tree()
        return Snapshot(repository: self, place: .tree(tree), id: ObjectID(git_tree_id(tree.pointer).pointee).description)
    }
}
