/// Where the modules a reviewed file imports are read from: the files of the code under review (the
/// staged index, a commit's tree, or a folder for `scan`). Review builds one per job; the rules only
/// ask for a path and never learn where the text comes from.
public protocol ModuleSource: Sendable {
    /// The file at `path` ('/'-separated, relative to the root of the code under review), nil if none.
    func file(at path: String) -> ModuleFile?
    /// The version (`ModuleFile.id`) of the file at `path` without reading it, nil if none: what a cached
    /// summary is checked against in another tree.
    func fileID(at path: String) -> String?
    /// A reviewed file's path relative to that root (`scan` reviews folder-prefixed paths), nil when
    /// it is not under the root.
    func relativePath(of reviewedPath: String) -> String?
    /// Names the tree: a summary built from several of its files is reused only for the same tree.
    var treeID: String { get }
}

/// One version of a module's file.
public struct ModuleFile: Sendable {
    /// The version: a blob id, or a hash of the content.
    public var id: String
    public var bytes: [UInt8]

    public init(id: String, bytes: [UInt8]) { self.id = id; self.bytes = bytes }
}
