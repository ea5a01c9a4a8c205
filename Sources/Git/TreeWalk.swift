import CGit2
import Foundation

/// One changed entry, from libgit2's diff or from the tree walk below.
struct Delta {
    /// nil: nothing to report (unmodified, conflicted, ignored, untracked).
    var status: ChangedFile.Status?
    var oldPath: String
    var newPath: String
    var oldMode: UInt16
    var newMode: UInt16
    var oldID: ObjectID
    var newID: ObjectID

    init(status: ChangedFile.Status?, oldPath: String, newPath: String, oldMode: UInt16, newMode: UInt16, oldID: ObjectID, newID: ObjectID) {
        self.status = status; self.oldPath = oldPath; self.newPath = newPath
        self.oldMode = oldMode; self.newMode = newMode; self.oldID = oldID; self.newID = newID
    }

    init(_ delta: git_diff_delta) {
        let status: ChangedFile.Status?
        switch delta.status {
        case GIT_DELTA_ADDED: status = .added
        case GIT_DELTA_MODIFIED: status = .modified
        case GIT_DELTA_DELETED: status = .deleted
        case GIT_DELTA_RENAMED: status = .renamed
        case GIT_DELTA_COPIED: status = .copied
        case GIT_DELTA_TYPECHANGE: status = .typeChanged
        default: status = nil
        }
        self.init(
            status: status, oldPath: String(cString: delta.old_file.path), newPath: String(cString: delta.new_file.path),
            oldMode: delta.old_file.mode, newMode: delta.new_file.mode, oldID: ObjectID(delta.old_file.id), newID: ObjectID(delta.new_file.id)
        )
    }
}

extension Repository {
    /// The entries that differ between two trees with the same names everywhere, in path order,
    /// as libgit2's diff (with typechanges) reports them; nil as soon as an entry is added, removed
    /// or turns from a folder into a file or back (the caller then uses libgit2's diff, which can
    /// pair them up as renames). Identical subtrees are skipped without being read.
    func modifiedEntries(from old: Tree, to new: Tree) throws -> [Delta]? {
        var deltas: [Delta] = []
        return try walk(old.pointer, new.pointer, prefix: "", into: &deltas) ? deltas : nil
    }

    private func walk(_ old: OpaquePointer, _ new: OpaquePointer, prefix: String, into deltas: inout [Delta]) throws -> Bool {
        let count = git_tree_entrycount(old)
        guard git_tree_entrycount(new) == count else { return false }
        let treeMode = UInt16(GIT_FILEMODE_TREE.rawValue)
        for index in 0..<count {
            guard let oldEntry = git_tree_entry_byindex(old, index), let newEntry = git_tree_entry_byindex(new, index) else { return false }
            let oldName = git_tree_entry_name(oldEntry)!, newName = git_tree_entry_name(newEntry)!
            // Same names at every index means the same set of names (trees are sorted).
            guard strcmp(oldName, newName) == 0 else { return false }
            let oldMode = UInt16(git_tree_entry_filemode(oldEntry).rawValue), newMode = UInt16(git_tree_entry_filemode(newEntry).rawValue)
            let oldID = git_tree_entry_id(oldEntry)!, newID = git_tree_entry_id(newEntry)!
            if oldMode == newMode, git_oid_equal(oldID, newID) == 1 { continue }
            let oldIsTree = oldMode == treeMode, newIsTree = newMode == treeMode
            guard oldIsTree == newIsTree else { return false }  // libgit2: a deletion and an addition
            let path = prefix + String(cString: newName)
            if newIsTree {
                let oldSubtree = try lookupTree(oldID.pointee, path), newSubtree = try lookupTree(newID.pointee, path)
                defer { git_tree_free(oldSubtree); git_tree_free(newSubtree) }
                guard try walk(oldSubtree, newSubtree, prefix: path + "/", into: &deltas) else { return false }
                continue
            }
            // Regular file, executable, symbolic link, submodule: a change of kind is a typechange.
            let kindMask = UInt16(0o170000)
            deltas.append(Delta(
                status: oldMode & kindMask == newMode & kindMask ? .modified : .typeChanged,
                oldPath: path, newPath: path, oldMode: oldMode, newMode: newMode,
                oldID: ObjectID(oldID.pointee), newID: ObjectID(newID.pointee)
            ))
        }
        return true
    }

    /// `path`: where the tree sits, for the error (nil: a root tree).
    func lookupTree(_ id: git_oid, _ path: String?) throws -> OpaquePointer {
        var oid = id
        var tree: OpaquePointer?
        try checkRead(git_tree_lookup(&tree, pointer, &oid), "tree", ObjectID(id), at: path)
        return tree!
    }
}
