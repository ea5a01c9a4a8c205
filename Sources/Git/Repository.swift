// Git: repositories read through libgit2: commits, history walks, the changes of the index, a commit or a
// range with the lines they add, and bounded object reads. It imports only CGit2, knows nothing of
// detectors or findings, and no C pointer leaves it.

import CGit2
import Foundation

/// A repository opened read-only through libgit2. Owns its handle; nothing C escapes.
/// Not safe to share between threads: open one per thread (cheap) for parallel reads.
public final class Repository {
    let pointer: OpaquePointer
    /// The .git folder (or the bare repository's folder).
    public let gitDirectory: String
    /// The working tree, nil for a bare repository.
    public let workingDirectory: String?
    /// Commits whose parents a shallow clone does not have: they count as roots.
    let shallowCommits: Set<ObjectID>
    let odbCache = Lazy<ObjectDatabase>()

    /// Opens the repository containing `path`, searching parent folders like git does.
    public init(discoveringFrom path: String) throws {
        _ = libgit2Initialized
        var handle: OpaquePointer?
        let code = git_repository_open_ext(&handle, path, 0, nil)
        guard code == 0, let handle else {
            if code == GIT_ENOTFOUND.rawValue || !FileManager.default.fileExists(atPath: path) {
                throw GitError("not a git repository: \(path)")
            }
            throw GitError("cannot open repository at \(path)" + lastErrorSuffix())
        }
        pointer = handle
        gitDirectory = String(cString: git_repository_path(handle))
        workingDirectory = git_repository_workdir(handle).map { String(cString: $0) }
        let common = git_repository_commondir(handle).map { String(cString: $0) } ?? gitDirectory
        shallowCommits = Repository.readShallowFile(in: common)
        try guardLooseObjects(commonDirectory: common)
    }

    deinit { git_repository_free(pointer) }

    public var isBare: Bool { git_repository_is_bare(pointer) == 1 }
    public var isShallow: Bool { !shallowCommits.isEmpty }
    /// True when HEAD points to a branch with no commit yet.
    public var isHeadUnborn: Bool { git_repository_head_unborn(pointer) == 1 }

    /// The commit a revision names (`HEAD`, `main~2`, a tag, an abbreviated id), peeled through tags.
    public func resolveCommit(_ revision: String) throws -> ObjectID {
        var object: OpaquePointer?
        let code = git_revparse_single(&object, pointer, revision)
        guard code == 0, let object else {
            if code == GIT_EAMBIGUOUS.rawValue { throw GitError("ambiguous revision: \(revision)") }
            if code == GIT_ENOTFOUND.rawValue || code == GIT_EINVALIDSPEC.rawValue {
                // CI checkouts are often shallow, and a pull request's base is then simply not there.
                let hint = isShallow ? " (this is a shallow clone: fetch the base, e.g. `git fetch --deepen=100 origin`, or check out with fetch-depth: 0)" : ""
                throw GitError("unknown revision: \(revision)" + hint)
            }
            // Anything else is a repository that cannot be read (a garbage object), not a typo.
            throw GitError("cannot resolve \(revision)" + lastErrorSuffix())
        }
        defer { git_object_free(object) }
        var peeled: OpaquePointer?
        guard git_object_peel(&peeled, object, GIT_OBJECT_COMMIT) == 0, let peeled else {
            throw GitError("not a commit: \(revision)")
        }
        defer { git_object_free(peeled) }
        return ObjectID(git_object_id(peeled).pointee)
    }

    /// HEAD's commit, nil when HEAD is unborn. A HEAD that cannot be read (truncated, garbage,
    /// naming a missing object) throws: treating it as unborn would report a corrupt repository as empty.
    public func headCommit() throws -> ObjectID? {
        var reference: OpaquePointer?
        let code = git_repository_head(&reference, pointer)
        if code == GIT_EUNBORNBRANCH.rawValue { return nil }
        try check(code, "cannot read HEAD")
        defer { git_reference_free(reference) }
        var peeled: OpaquePointer?
        if git_reference_peel(&peeled, reference, GIT_OBJECT_COMMIT) < 0 { throw peelFailure(reference, "cannot read HEAD") }
        defer { git_object_free(peeled) }
        return ObjectID(git_object_id(peeled).pointee)
    }

    /// libgit2 reports a ref whose object cannot be read only as "cannot be peeled"; reading the
    /// ref's target then names the object and says what is wrong with it.
    func peelFailure(_ reference: OpaquePointer?, _ context: String) -> GitError {
        let plain = GitError(context + lastErrorSuffix())
        guard let target = git_reference_target(reference) else { return plain }
        var oid = target.pointee
        var object: OpaquePointer?
        if git_object_lookup(&object, pointer, &oid, GIT_OBJECT_ANY) == 0 {
            git_object_free(object)
            return plain
        }
        let id = ObjectID(oid)
        return GitError(context + ": cannot read object \(id)" + lastErrorSuffix(), unreadableObject: id)
    }

    public func commitInfo(_ id: ObjectID) throws -> CommitInfo {
        let commit = try Commit(self, id)
        return commit.info
    }

    /// The commit's parents that exist here (a shallow clone's boundary commits have none).
    public func parents(of id: ObjectID) throws -> [ObjectID] {
        try Commit(self, id).parentIDs
    }

    /// Every blob id of a commit's tree, with its path (for "is this still in HEAD?"), in git's order.
    public func blobs(inTreeOf commitID: ObjectID) throws -> [(path: String, blob: ObjectID)] {
        var unreadable: [GitError] = []
        let blobs = try blobs(inTreeOf: commitID, unreadable: &unreadable)
        if let first = unreadable.first { throw first }
        return blobs
    }

    /// The same, going on past a subtree that cannot be read (missing or damaged): its files are
    /// left out and its error is added to `unreadable`. The commit and its root tree must be readable.
    public func blobs(inTreeOf commitID: ObjectID, unreadable: inout [GitError]) throws -> [(path: String, blob: ObjectID)] {
        var items: [(path: String, blob: ObjectID)] = []
        // Depth first with a stack of open trees, not recursion: a crafted tree can be nested
        // arbitrarily deep.
        var stack: [(tree: Tree, prefix: String, next: Int)] = [(try Commit(self, commitID).tree(), "", 0)]
        while let top = stack.last {
            guard top.next < git_tree_entrycount(top.tree.pointer), let entry = git_tree_entry_byindex(top.tree.pointer, top.next) else {
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].next += 1
            let path = top.prefix + String(cString: git_tree_entry_name(entry))
            let id = git_tree_entry_id(entry).pointee
            switch git_tree_entry_type(entry) {
            case GIT_OBJECT_BLOB:
                items.append((path, ObjectID(id)))
            case GIT_OBJECT_TREE:
                do { stack.append((Tree(try lookupTree(id, path)), path + "/", 0)) } catch let error as GitError { unreadable.append(error) }
            default:
                continue  // a submodule's commit
            }
        }
        return items
    }

    /// The raw content of a blob.
    public func blobContent(_ id: ObjectID) throws -> [UInt8] {
        try Blob(self, id).bytes
    }

    private static func readShallowFile(in folder: String) -> Set<ObjectID> {
        let path = (folder as NSString).appendingPathComponent("shallow")
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return Set(text.split(whereSeparator: \.isNewline).compactMap { ObjectID(hex: String($0)) })
    }
}

/// Owned libgit2 objects, freed when the Swift value goes away.
final class Commit {
    let pointer: OpaquePointer
    let repository: Repository

    init(_ repository: Repository, _ id: ObjectID) throws {
        var oid = id.oid
        var handle: OpaquePointer?
        try checkRead(git_commit_lookup(&handle, repository.pointer, &oid), "commit", id)
        pointer = handle!
        self.repository = repository
    }
    deinit { git_commit_free(pointer) }

    var id: ObjectID { ObjectID(git_commit_id(pointer).pointee) }

    var parentIDs: [ObjectID] {
        let mine = id
        if repository.shallowCommits.contains(mine) { return [] }
        return (0..<git_commit_parentcount(pointer)).compactMap { i in
            git_commit_parent_id(pointer, i).map { ObjectID($0.pointee) }
        }
    }

    var treeID: ObjectID { git_commit_tree_id(pointer).map { ObjectID($0.pointee) } ?? id }

    func tree() throws -> Tree {
        var handle: OpaquePointer?
        try checkRead(git_commit_tree(&handle, pointer), "tree", treeID)
        return Tree(handle!)
    }

    var info: CommitInfo {
        let author = git_commit_author(pointer)!.pointee
        let summary = git_commit_summary(pointer).map { String(cString: $0) } ?? ""
        return CommitInfo(
            id: id, parents: parentIDs,
            authorName: author.name.map { String(cString: $0) } ?? "",
            authorEmail: author.email.map { String(cString: $0) } ?? "",
            date: iso8601(seconds: author.when.time, offsetMinutes: Int(author.when.offset)), summary: summary
        )
    }

    var time: Int64 { git_commit_time(pointer) }
}

final class Tree {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_tree_free(pointer) }
}

final class Blob {
    let pointer: OpaquePointer
    init(_ repository: Repository, _ id: ObjectID) throws {
        var oid = id.oid
        var handle: OpaquePointer?
        try checkRead(git_blob_lookup(&handle, repository.pointer, &oid), "blob", id)
        pointer = handle!
    }
    deinit { git_blob_free(pointer) }

    var size: Int { Int(git_blob_rawsize(pointer)) }
    var bytes: [UInt8] { withBytes { Array($0) } }

    /// The content in place, without a copy (a blob too large to scan is never copied).
    func withBytes<T>(_ body: (UnsafeRawBufferPointer) -> T) -> T {
        let count = size
        guard count > 0, let raw = git_blob_rawcontent(pointer) else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return body(UnsafeRawBufferPointer(start: raw, count: count))
    }
}

/// `2024-05-01T10:00:00+02:00` (`Z` for UTC): the time as the author's clock showed it. Done by
/// hand because creating an ISO8601DateFormatter per commit was a tenth of a history walk.
func iso8601(seconds: Int64, offsetMinutes: Int) -> String {
    let local = seconds + Int64(offsetMinutes) * 60
    let (days, secondOfDay) = (local.floorDivided(by: 86_400), local.floorModulo(86_400))
    // Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days).
    let z = days + 719_468
    let era = z.floorDivided(by: 146_097)
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let shiftedMonth = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
    let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
    text += "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
    if offsetMinutes == 0 { return text + "Z" }
    let magnitude = Int64(offsetMinutes.magnitude)
    return text + (offsetMinutes < 0 ? "-" : "+") + pad(magnitude / 60, 2) + ":" + pad(magnitude % 60, 2)
}

private extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
    func floorModulo(_ divisor: Int64) -> Int64 { self - floorDivided(by: divisor) * divisor }
}
