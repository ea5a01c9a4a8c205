import CGit2

/// The commits of a history walk, and the objects the walk could not read on the way.
public struct CommitWalk: Sendable {
    /// Parents before children. A commit that cannot be read is still listed (reviewing it reports
    /// why) but its ancestors are reached only through other commits.
    public var commits: [ObjectID]
    /// Commits that cannot be read, and parents missing from the repository (a damaged clone; a
    /// shallow clone's boundary is not missing), each once.
    public var unreadable: [GitError]
    /// The trees and parents of the commits walked (the latest ones of a long history), for the audit's
    /// tree diffs.
    public var shapes = CommitShapes()
}

extension Repository {
    /// Every commit reachable from `tips` (default: every ref, plus HEAD), each once, parents before
    /// children (topological, oldest first). Commits reachable from `excluding` are left out.
    public func commits(from tips: [ObjectID]? = nil, excluding: [ObjectID] = []) throws -> [ObjectID] {
        try walkCommits(from: tips, excluding: excluding).commits
    }

    /// The same walk, with what it could not read. Tips must be readable: they come from refs or
    /// revisions the user named, and an unreadable ref fails as `git log --all` does.
    public func walkCommits(from tips: [ObjectID]? = nil, excluding: [ObjectID] = []) throws -> CommitWalk {
        let starts = try tips ?? allRefTips()
        var unreadable: [GitError] = []
        var reported = Set<ObjectID>()
        let shapes = CommitShapes()
        let parentsOf = { (id: ObjectID) -> [ObjectID] in
            let (parents, problems) = self.existingParents(of: id, shapes: shapes)
            for problem in problems where problem.unreadableObject.map({ reported.insert($0).inserted }) ?? true { unreadable.append(problem) }
            return parents
        }
        let hidden = reachable(from: excluding, parentsOf)
        // Iterative post-order DFS: a commit is emitted after all of its parents, so the result is
        // topological without sorting. Starting from the oldest tip keeps the order close to time order.
        var emitted = Set<ObjectID>()
        var order: [ObjectID] = []
        var stack: [(id: ObjectID, parents: [ObjectID]?)] = []
        // Ties (commits made in the same second) go by id: the tips come from a set, and without this the
        // order, and with it which of two sibling commits introduced a secret, changed from run to run.
        let orderedTips = try starts.map { ($0, try Commit(self, $0).time) }
            .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.description < $1.0.description }.map(\.0)
        for tip in orderedTips where !emitted.contains(tip) && !hidden.contains(tip) {
            stack.append((tip, nil))
            while let top = stack.popLast() {
                if emitted.contains(top.id) { continue }
                if let parents = top.parents {
                    if let pending = parents.first(where: { !emitted.contains($0) && !hidden.contains($0) }) {
                        stack.append(top)
                        stack.append((pending, nil))
                    } else {
                        emitted.insert(top.id)
                        order.append(top.id)
                    }
                } else {
                    stack.append((top.id, parentsOf(top.id)))
                }
            }
        }
        return CommitWalk(commits: order, unreadable: unreadable, shapes: shapes)
    }

    /// The commits a `A..B` range names: reachable from B and not from A, oldest first.
    public func commits(in range: RevisionRange) throws -> [ObjectID] {
        try commits(from: [range.head], excluding: range.base.map { [$0] } ?? [])
    }

    /// Tips of every ref (branches, tags, remotes, notes, stash) and HEAD, peeled to commits, and every
    /// stash entry, not only the newest.
    /// Refs that name something other than a commit (a tag of a tree or blob) are ignored.
    public func allRefTips() throws -> [ObjectID] {
        var iterator: OpaquePointer?
        try check(git_reference_iterator_new(&iterator, pointer), "cannot list refs")
        defer { git_reference_iterator_free(iterator) }
        var tips = Set<ObjectID>()
        var reference: OpaquePointer?
        while true {
            let next = git_reference_next(&reference, iterator)
            if next == GIT_ITEROVER.rawValue { break }
            try check(next, "cannot list refs")
            defer { git_reference_free(reference) }
            let name = String(cString: git_reference_name(reference))
            // A symbolic ref to a missing branch (a stale origin/HEAD) is skipped, as git does.
            var resolved: OpaquePointer?
            let resolving = git_reference_resolve(&resolved, reference)
            if resolving == GIT_ENOTFOUND.rawValue { continue }
            try check(resolving, "cannot read ref \(name)")
            defer { git_reference_free(resolved) }
            var peeled: OpaquePointer?
            let peeling = git_reference_peel(&peeled, resolved, GIT_OBJECT_COMMIT)
            // A tag of a tree or blob has no commit; any other failure (missing or garbage object)
            // is corruption and must not shrink the history silently.
            if peeling == GIT_EPEEL.rawValue || peeling == GIT_EINVALIDSPEC.rawValue { continue }
            if peeling < 0 { throw peelFailure(resolved, "cannot read ref \(name)") }
            tips.insert(ObjectID(git_object_id(peeled).pointee))
            git_object_free(peeled)
        }
        if let head = try headCommit() { tips.insert(head) }
        tips.formUnion(try stashEntries())
        return Array(tips)
    }

    /// Every entry of `git stash list`. refs/stash names only the newest stash; the older ones live in
    /// its reflog, and a secret stashed last week is as leaked as one on a branch.
    public func stashEntries() throws -> [ObjectID] {
        // libgit2 creates a missing reflog file when asked to read it (and .git/logs/refs/ with
        // it), so a repository that never stashed is asked first, which only looks.
        let hasLog = git_reference_has_log(pointer, "refs/stash")
        if hasLog == 0 { return [] }
        try check(hasLog, "cannot read the stash list")
        var reflog: OpaquePointer?
        try check(git_reflog_read(&reflog, pointer, "refs/stash"), "cannot read the stash list")
        defer { git_reflog_free(reflog) }
        var ids: [ObjectID] = []
        for i in 0..<git_reflog_entrycount(reflog) {
            guard let entry = git_reflog_entry_byindex(reflog, i), let oid = git_reflog_entry_id_new(entry) else { continue }
            let id = ObjectID(oid.pointee)
            // An entry whose commit is gone names nothing left to audit.
            if (try? Commit(self, id)) != nil { ids.append(id) }
        }
        return ids
    }

    /// Resolves branch names (`main`, `origin/dev`, `refs/heads/x`) or any revision to commits.
    public func resolveBranches(_ names: [String]) throws -> [ObjectID] {
        try names.map { name in
            for candidate in [name, "refs/heads/" + name, "refs/remotes/" + name] {
                if let id = try? resolveCommit(candidate) { return id }
            }
            throw GitError("unknown branch: \(name)")
        }
    }

    private func reachable(from starts: [ObjectID], _ parentsOf: (ObjectID) -> [ObjectID]) -> Set<ObjectID> {
        var seen = Set<ObjectID>()
        var stack = starts
        while let id = stack.popLast() {
            guard seen.insert(id).inserted else { continue }
            stack.append(contentsOf: parentsOf(id))
        }
        return seen
    }

    /// Parents present in this repository (a shallow clone's boundary commits count as roots), and
    /// why any are left out: the commit itself cannot be read, or a parent is missing.
    private func existingParents(of id: ObjectID, shapes: CommitShapes) -> (parents: [ObjectID], unreadable: [GitError]) {
        let parents: [ObjectID]
        do { parents = try shape(of: id, in: shapes).parents } catch let error as GitError {
            return ([], [error])
        } catch {
            return ([], [GitError("cannot read commit \(id): \(error)", unreadableObject: id)])
        }
        guard let odb = try? objectDatabase() else { return (parents, []) }
        var present: [ObjectID] = [], missing: [GitError] = []
        for parent in parents {
            var oid = parent.oid
            if git_odb_exists(odb.pointer, &oid) == 1 {
                present.append(parent)
            } else {
                missing.append(GitError("cannot read commit \(parent): it is missing (a parent of \(id))", unreadableObject: parent))
            }
        }
        return (present, missing)
    }

    func objectDatabase() throws -> ObjectDatabase {
        if let cached = odbCache.value { return cached }
        var handle: OpaquePointer?
        try check(git_repository_odb(&handle, pointer), "cannot open the object database")
        let odb = ObjectDatabase(handle!)
        odbCache.value = odb
        return odb
    }
}

final class ObjectDatabase {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_odb_free(pointer) }
}

final class Lazy<T> { var value: T? }

/// `A..B` (each commit reachable from B and not A), `A...B` (merge base of A and B against B, as a
/// pull request shows it), or a single revision A meaning `A...HEAD`. An empty side means HEAD.
public struct RevisionRange: Sendable {
    public enum Kind: Sendable { case commits, mergeBase }
    public var kind: Kind
    public var base: ObjectID?
    public var head: ObjectID
    public var text: String
}

extension Repository {
    public func parseRange(_ text: String) throws -> RevisionRange {
        let (kind, left, right): (RevisionRange.Kind, String, String)
        if let r = text.range(of: "...") {
            (kind, left, right) = (.mergeBase, String(text[..<r.lowerBound]), String(text[r.upperBound...]))
        } else if let r = text.range(of: "..") {
            (kind, left, right) = (.commits, String(text[..<r.lowerBound]), String(text[r.upperBound...]))
        } else {
            (kind, left, right) = (.mergeBase, text, "HEAD")
        }
        let base = try resolveCommit(left.isEmpty ? "HEAD" : left)
        let head = try resolveCommit(right.isEmpty ? "HEAD" : right)
        switch kind {
        case .commits:
            return RevisionRange(kind: kind, base: base, head: head, text: text)
        case .mergeBase:
            var out = git_oid()
            var a = base.oid, b = head.oid
            let code = git_merge_base(&out, pointer, &a, &b)
            if code == GIT_ENOTFOUND.rawValue {
                // Unrelated histories: a pull request would show the whole head tree.
                return RevisionRange(kind: kind, base: nil, head: head, text: text)
            }
            try check(code, "cannot find the merge base of \(text)")
            return RevisionRange(kind: kind, base: ObjectID(out), head: head, text: text)
        }
    }
}

extension Repository {
    /// Tips of the remote-tracking branches (refs/remotes/*), for "what would a push add".
    public func remoteTips() throws -> [ObjectID] {
        var iterator: OpaquePointer?
        try check(git_reference_iterator_glob_new(&iterator, pointer, "refs/remotes/*"), "cannot list remote branches")
        defer { git_reference_iterator_free(iterator) }
        var tips: [ObjectID] = []
        var reference: OpaquePointer?
        while git_reference_next(&reference, iterator) == 0 {
            defer { git_reference_free(reference) }
            var peeled: OpaquePointer?
            if git_reference_peel(&peeled, reference, GIT_OBJECT_COMMIT) == 0, let peeled {
                tips.append(ObjectID(git_object_id(peeled).pointee))
                git_object_free(peeled)
            }
        }
        return tips
    }
}
