import CGit2

extension Repository {
    /// The index against HEAD: what `git commit` would record. With no commit yet, every staged file is wholly added.
    public func stagedChanges(_ options: ChangeOptions = .init()) throws -> ChangeSet {
        if isBare { throw GitError("a bare repository has no staged changes: \(gitDirectory)") }
        var index: OpaquePointer?
        try check(git_repository_index(&index, pointer), "cannot read the index")
        defer { git_index_free(index) }
        let head = try headCommit().map { try Commit(self, $0).tree() }
        var diff: OpaquePointer?
        var diffOptions = Repository.diffOptions()
        try check(git_diff_tree_to_index(&diff, pointer, head?.pointer, index, &diffOptions), "cannot diff the index against HEAD")
        defer { git_diff_free(diff) }
        return ChangeSet(commit: nil, files: try files(of: diff!, options), snapshot: indexSnapshot())
    }

    /// What a commit adds: against its parent; a root commit adds every line; a merge adds only
    /// the lines that none of its parents has (an "evil merge" line is caught, a clean merge adds nothing).
    public func changes(ofCommit id: ObjectID, _ options: ChangeOptions = .init()) throws -> ChangeSet {
        let commit = try Commit(self, id)
        let info = commit.info
        let tree = try commit.tree()
        let parents = info.parents
        guard let first = parents.first else {
            return ChangeSet(commit: info, files: try treeDiff(from: nil, to: tree, options), snapshot: try snapshot(of: commit))
        }
        var files = try treeDiff(from: try Commit(self, first).tree(), to: tree, options)
        for parent in parents.dropFirst() {
            // Blob ids only: what differs from another parent is mostly that parent's own side of
            // history (all of main since the fork, when main is merged into a branch), which the
            // intersection drops anyway; lines are worked out only for files still in the result.
            var idsOnly = options
            idsOnly.loadContent = false
            var theirsByPath: [String: ChangedFile] = [:]
            for file in try treeDiff(from: try Commit(self, parent).tree(), to: tree, idsOnly) { theirsByPath[file.path] = file }
            // A file identical to some parent adds nothing; otherwise keep the lines new to every parent.
            files = try files.compactMap { file in
                guard let theirs = theirsByPath[file.path] else { return nil }
                if file.addedLines.isEmpty { return file }
                // The new side is the same blob as in `file` (text, not too large): only the old differs.
                let lines = Set(theirs.status == .typeChanged ? try theirs.newBlob.map { allLines(try blobContent($0)) } ?? [] : try addedLines(of: theirs))
                var kept = file
                kept.addedLines = file.addedLines.filter(lines.contains)
                return kept
            }
        }
        return ChangeSet(commit: info, files: files, snapshot: try snapshot(of: commit))
    }

    /// The tree of `base` (or nothing) against the tree of `head`, as a pull request shows it.
    public func changes(from base: ObjectID?, to head: ObjectID, _ options: ChangeOptions = .init()) throws -> [ChangedFile] {
        let old = try base.map { try Commit(self, $0).tree() }
        return try treeDiff(from: old, to: try Commit(self, head).tree(), options)
    }

    /// Lines of `file`'s new content that are not in its old content (for callers that asked for blob ids only).
    public func addedLines(of file: ChangedFile) throws -> [Int] {
        guard let newID = file.newBlob else { return [] }
        let new = try Blob(self, newID)
        guard let oldID = file.oldBlob else { return allLines(new.bytes) }
        if oldID == newID { return [] }
        let old = try Blob(self, oldID)
        return try addedLines(old: old, new: new, path: file.path)
    }

    func treeDiff(from old: Tree?, to new: Tree, _ options: ChangeOptions) throws -> [ChangedFile] {
        // Most commits only modify files: then a walk that skips identical subtrees finds them far
        // faster than libgit2's diff, which visits every entry of both trees. With an entry added
        // or removed, renames and copies are possible and libgit2's diff does the work.
        if let old, let deltas = try modifiedEntries(from: old, to: new) {
            return try deltas.compactMap { try changedFile($0, options) }
        }
        var diff: OpaquePointer?
        var diffOptions = Repository.diffOptions()
        try check(git_diff_tree_to_tree(&diff, pointer, old?.pointer, new.pointer, &diffOptions), "cannot diff trees")
        defer { git_diff_free(diff) }
        do {
            return try files(of: diff!, options)
        } catch is RenameDetectionFailed {
            // Rename detection reads both sides of candidate pairs, and one of them cannot be read:
            // without it a rename counts as a deletion and an addition, and the unreadable blob is
            // reported with its file.
            var plain = options
            plain.detectRenames = false
            return try treeDiff(from: old, to: new, plain)
        }
    }

    /// Only with ChangeOptions.skipUnreadable.
    private struct RenameDetectionFailed: Error {}

    static func diffOptions() -> git_diff_options {
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        options.flags = GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
        options.context_lines = 0
        options.interhunk_lines = 0
        return options
    }

    private func files(of diff: OpaquePointer, _ options: ChangeOptions) throws -> [ChangedFile] {
        if options.detectRenames {
            var find = git_diff_find_options()
            git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION))
            find.flags = GIT_DIFF_FIND_RENAMES.rawValue | GIT_DIFF_FIND_COPIES.rawValue
            let code = git_diff_find_similar(diff, &find)
            if code < 0 && options.skipUnreadable { throw RenameDetectionFailed() }
            try check(code, "cannot detect renames")
        }
        var result: [ChangedFile] = []
        for i in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, i)?.pointee, let file = try changedFile(Delta(delta), options) else { continue }
            result.append(file)
        }
        return result
    }

    private func changedFile(_ delta: Delta, _ options: ChangeOptions) throws -> ChangedFile? {
        guard let status = delta.status else { return nil }
        if let include = options.includePath, !include(delta.newPath), !include(delta.oldPath) { return nil }
        let (newPath, oldPath, oldMode, newMode, oldID, newID) = (delta.newPath, delta.oldPath, delta.oldMode, delta.newMode, delta.oldID, delta.newID)
        var file = ChangedFile(
            path: newPath,
            previousPath: status == .renamed || status == .copied ? oldPath : nil,
            status: status,
            oldBlob: oldID.isZero || oldMode == UInt16(GIT_FILEMODE_COMMIT.rawValue) ? nil : oldID,
            newBlob: newID.isZero || status == .deleted ? nil : newID
        )
        if status == .deleted {
            file.path = oldPath
            return file
        }
        if newMode == UInt16(GIT_FILEMODE_COMMIT.rawValue) {
            file.isSubmodule = true
            file.newBlob = nil
            file.skipReason = "submodule"
            return file
        }
        if newMode == UInt16(GIT_FILEMODE_LINK.rawValue) {
            file.skipReason = "symbolic link"
            return file
        }
        guard options.loadContent, let blobID = file.newBlob else { return file }
        let blob: Blob
        do { blob = try Blob(self, blobID) } catch let error as GitError where options.skipUnreadable && error.unreadableObject != nil {
            file.readError = error
            return file
        }
        if let reason = blob.withBytes(options.skipReason) {
            file.skipReason = reason
            return file
        }
        let bytes = blob.bytes
        file.content = bytes
        if let oldBlobID = file.oldBlob, oldMode != UInt16(GIT_FILEMODE_LINK.rawValue) {
            // The same blob on both sides (a mode change) adds no line.
            if oldBlobID != blobID {
                do {
                    file.addedLines = try addedLines(old: try Blob(self, oldBlobID), new: blob, path: newPath)
                } catch let error as GitError where options.skipUnreadable && error.unreadableObject != nil {
                    // Every line then counts as added: that may report again what an older commit
                    // added, where skipping the file could miss a secret this one adds.
                    file.readError = error
                    file.addedLines = allLines(bytes)
                }
            }
        } else {
            file.addedLines = allLines(bytes)
        }
        return file
    }

    /// New-side line numbers of the '+' lines of a zero-context diff between two blobs.
    func addedLines(old: Blob, new: Blob, path: String) throws -> [Int] {
        var options = Repository.diffOptions()
        // Text files only reach here; force text so a stray control byte never hides the diff.
        options.flags |= GIT_DIFF_FORCE_TEXT.rawValue
        final class Collector { var lines: [Int] = [] }
        let collector = Collector()
        // With no context and no merging of hunks, every new-side line of a hunk is an added line,
        // so the hunk headers suffice (no per-line callbacks, no stored patch). No paths are
        // passed: a path makes libgit2 look up .gitattributes diff drivers for each file (stat
        // calls), which cannot change the added lines once text is forced.
        let code = withExtendedLifetime(collector) {
            git_diff_blobs(old.pointer, nil, new.pointer, nil, &options, nil, nil, { _, hunk, payload in
                guard let hunk, let payload else { return 0 }
                let start = Int(hunk.pointee.new_start), count = Int(hunk.pointee.new_lines)
                if count > 0 { Unmanaged<Collector>.fromOpaque(payload).takeUnretainedValue().lines.append(contentsOf: start..<start + count) }
                return 0
            }, nil, Unmanaged.passUnretained(collector).toOpaque())
        }
        try check(code, "cannot diff \(path)")
        return collector.lines
    }
}

/// Every line number of a wholly added file.
func allLines(_ bytes: [UInt8]) -> [Int] {
    guard !bytes.isEmpty else { return [] }
    var count = 0
    for byte in bytes where byte == UInt8(ascii: "\n") { count += 1 }
    if bytes.last != UInt8(ascii: "\n") { count += 1 }
    return Array(1...count)
}
