import CGit2

/// The one-line error every git failure becomes, e.g. "unknown revision: foo".
public struct GitError: Error, CustomStringConvertible, Equatable {
    public var description: String
    /// The object that could not be read (missing or damaged), when that is the cause: a history
    /// audit reports each such object once and goes on.
    public var unreadableObject: ObjectID?
    public init(_ description: String, unreadableObject: ObjectID? = nil) {
        self.description = description
        self.unreadableObject = unreadableObject
    }
}

/// libgit2 must be initialised once per process before any other call; Swift runs this lazily, once.
let libgit2Initialized: Bool = {
    // The CA bundle libgit2 would parse here serves network transports only (CertificateLoading.swift).
    skippingDefaultCertificates = true
    git_libgit2_init()
    skippingDefaultCertificates = false
    // Like git, trust the object store on read: re-hashing every object read (libgit2's default)
    // was an eighth of a history walk. Damaged compressed data is still an error.
    shortwall_git_set_strict_hash_verification(0)
    // A history walk reads each blob twice (as the new side of one commit, the old side of the
    // next that touches the file) and each tree twice (as a commit's tree, then its child's
    // parent tree); libgit2 caches no blobs and no trees over 4 KiB by default. The cache's total
    // stays libgit2's default (256 MiB); objects over 1 MiB are not kept.
    shortwall_git_set_cache_object_limit(GIT_OBJECT_BLOB, 1024 * 1024)
    shortwall_git_set_cache_object_limit(GIT_OBJECT_TREE, 1024 * 1024)
    return true
}()

/// The most memory libgit2's object cache may hold, for the whole process. A walk that reads each
/// object once (the blob-once history audit) gains nothing from a large cache, only memory.
public func setObjectCacheLimit(bytes: Int) {
    _ = libgit2Initialized
    shortwall_git_set_cache_max_size(bytes)
}

/// Turns a libgit2 return code into a thrown GitError carrying libgit2's own message.
@discardableResult
func check(_ code: Int32, _ context: @autoclosure () -> String) throws -> Int32 {
    guard code < 0 else { return code }
    throw GitError(context() + lastErrorSuffix())
}

/// Like `check`, for reading one object: the error names the object, so it can be reported once.
func checkRead(_ code: Int32, _ kind: String, _ id: ObjectID, at path: String? = nil) throws {
    guard code < 0 else { return }
    throw GitError("cannot read \(kind) \(id)" + (path.map { " (\($0))" } ?? "") + lastErrorSuffix(), unreadableObject: id)
}

func lastErrorSuffix() -> String {
    guard let error = git_error_last(), let message = error.pointee.message else { return "" }
    // Errors are printed as one line; a libgit2 message may span several.
    let text = String(cString: message).split(whereSeparator: \.isNewline).joined(separator: " ")
    return text.isEmpty ? "" : ": " + text
}
