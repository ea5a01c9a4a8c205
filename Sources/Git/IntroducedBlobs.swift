import CGit2

/// A file a commit brings in: its path and the blob it holds there.
public struct IntroducedBlob: Sendable, Hashable {
    public var path: String
    public var blob: ObjectID
    public init(path: String, blob: ObjectID) { self.path = path; self.blob = blob }
}

/// A file a commit brings in, with the blob each parent has at that path, in the commit's parent
/// order (nil: none, or not a file there).
public struct BlobChange: Sendable {
    public var file: IntroducedBlob
    public var parentBlobs: [ObjectID?]
}

extension Repository {
    /// The regular files whose blob at their path differs from that of every parent (a root commit:
    /// every file): a tree diff, no line diff and no rename detection. A merge brings in only what no
    /// parent had, so a clean merge brings nothing. Symbolic links and submodules are left out.
    /// Subtrees that cannot be read are skipped and added to `unreadable`; the commit, its root tree
    /// and its parents' root trees must be readable.
    /// Each file comes with the blob every parent has at its path (nil where a parent has none), so the
    /// lines a version adds can be told without looking the parents' trees up again.
    /// `shapes`: commits already read (by the walk, or by the diff of a child), shared by the audit's threads.
    public func blobChanges(ofCommit id: ObjectID, shapes: CommitShapes? = nil, unreadable: inout [GitError]) throws -> [BlobChange] {
        let shape = try self.shape(of: id, in: shapes)
        let tree = try rootTree(shape)
        let parentTrees = try shape.parents.map { try rootTree(self.shape(of: $0, in: shapes)) }
        var found: [BlobChange] = []
        try collect(tree.pointer, against: parentTrees.first?.pointer, prefix: "", into: &found, unreadable: &unreadable)
        if parentTrees.isEmpty { return found.map { BlobChange(file: $0.file, parentBlobs: []) } }
        guard parentTrees.count > 1 else { return found }
        return found.compactMap { change in
            var change = change
            for parent in parentTrees.dropFirst() {
                let before = blobID(atPath: change.file.path, in: parent.pointer)
                if before == change.file.blob { return nil }
                change.parentBlobs.append(before)
            }
            return change
        }
    }

    /// The blob at `path` in a tree; nil when there is none (or it cannot be read).
    private func blobID(atPath path: String, in tree: OpaquePointer) -> ObjectID? {
        var entry: OpaquePointer?
        guard git_tree_entry_bypath(&entry, tree, path) == 0, let entry else { return nil }
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
        return ObjectID(git_tree_entry_id(entry).pointee)
    }

    /// Files of `new` not identical in `old` at the same path; identical subtrees are not read.
    private func collect(_ new: OpaquePointer, against old: OpaquePointer?, prefix: String, into found: inout [BlobChange],
                         unreadable: inout [GitError]) throws {
        let treeMode = GIT_FILEMODE_TREE.rawValue
        for index in 0..<git_tree_entrycount(new) {
            // The old tree's entry of the same name by libgit2's own search (trees are sorted): no
            // Swift string or table for the entries of every tree of every commit, only for what changed.
            guard let entry = git_tree_entry_byindex(new, index), let cName = git_tree_entry_name(entry) else { continue }
            let mode = git_tree_entry_filemode(entry).rawValue
            var id = git_tree_entry_id(entry).pointee
            let before = old.flatMap { git_tree_entry_byname($0, cName) }.map {
                (mode: git_tree_entry_filemode($0).rawValue, id: git_tree_entry_id($0).pointee)
            }
            if var before, before.mode == mode, git_oid_equal(&before.id, &id) == 1 { continue }
            let path = prefix + String(cString: cName)
            if mode == treeMode {
                let subtree: OpaquePointer
                do { subtree = try lookupTree(id, path) } catch let error as GitError { unreadable.append(error); continue }
                defer { git_tree_free(subtree) }
                var oldSubtree: OpaquePointer?
                if let before, before.mode == treeMode {
                    do { oldSubtree = try lookupTree(before.id, path) } catch let error as GitError { unreadable.append(error) }
                }
                defer { if let oldSubtree { git_tree_free(oldSubtree) } }
                try collect(subtree, against: oldSubtree, prefix: path + "/", into: &found, unreadable: &unreadable)
            } else if mode == GIT_FILEMODE_BLOB.rawValue || mode == GIT_FILEMODE_BLOB_EXECUTABLE.rawValue {
                // A mode change alone (same blob) brings no new content.
                if var oldID = before?.id, before?.mode != treeMode, git_oid_equal(&oldID, &id) == 1 { continue }
                // The first parent's version comes with the tree diff: a blob there (a symbolic link's
                // too, as `blobID(atPath:)` sees it), not a subtree or a submodule.
                let parentBlob = before.flatMap { $0.mode == treeMode || $0.mode == GIT_FILEMODE_COMMIT.rawValue ? nil : ObjectID($0.id) }
                found.append(BlobChange(file: IntroducedBlob(path: path, blob: ObjectID(id)), parentBlobs: [parentBlob]))
            }
        }
    }
}

extension Repository {
    /// A blob's bytes in place, for as long as `body` runs: read once, not copied (a history audit reads
    /// every version of every file, most of them only to tell which lines are new).
    public func withBlobContent<T>(_ id: ObjectID, _ body: (UnsafeRawBufferPointer) -> T) throws -> T {
        let blob = try Blob(self, id)
        return withExtendedLifetime(blob) { blob.withBytes(body) }
    }
}
