import Foundation
import Git
import PythonRules

/// The modules of the tree a change is reviewed in, for the Python rules: the staged index for
/// `staged`, the commit's tree for `commit`, `diff` and `history`.
struct SnapshotModules: ModuleSource {
    let snapshot: Snapshot

    func file(at path: String) -> ModuleFile? {
        snapshot.file(at: path).map { ModuleFile(id: $0.blob.description, bytes: $0.bytes) }
    }

    func fileID(at path: String) -> String? { snapshot.fileID(at: path)?.description }

    func relativePath(of reviewedPath: String) -> String? { reviewedPath }

    var treeID: String { snapshot.id }
}

/// The modules of the folders `scan` reviews: each folder is a root (a file's own folder, for a file).
public struct FolderModules: ModuleSource {
    let roots: [String]

    public init(roots paths: [String]) {
        var roots: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
            let root = isFolder.boolValue ? path : (path as NSString).deletingLastPathComponent
            roots.append(root.isEmpty ? "." : root)
        }
        self.roots = roots
    }

    public func file(at path: String) -> ModuleFile? {
        for full in fullPaths(path) {
            guard let data = FileManager.default.contents(atPath: full) else { continue }
            // The folder does not change during a run: its path names the version.
            return ModuleFile(id: full, bytes: [UInt8](data))
        }
        return nil
    }

    public func fileID(at path: String) -> String? {
        fullPaths(path).first { FileManager.default.isReadableFile(atPath: $0) }
    }

    /// The regular files at `path` under the roots, in root order.
    private func fullPaths(_ path: String) -> [String] {
        roots.compactMap { root in
            let full = root == "." ? path : (root as NSString).appendingPathComponent(path)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue else { return nil }
            return full
        }
    }

    /// The path under the longest root that holds it (scan's paths start with the folder given).
    public func relativePath(of reviewedPath: String) -> String? {
        var best: String?
        for root in roots {
            if root == "." {
                if best == nil, !reviewedPath.hasPrefix("/") { best = reviewedPath }
                continue
            }
            let prefix = root.hasSuffix("/") ? root : root + "/"
            guard reviewedPath.hasPrefix(prefix) else { continue }
            let rest = String(reviewedPath.dropFirst(prefix.count))
            if best.map({ rest.count < $0.count }) ?? true { best = rest }
        }
        return best
    }

    public var treeID: String { "folders:" + roots.joined(separator: "\u{0}") }
}
