import CGit2
import Foundation

extension Repository {
    /// The folder all worktrees of this repository share (the main .git folder); the git folder itself
    /// outside linked worktrees.
    public var commonDirectory: String {
        git_repository_commondir(pointer).map { String(cString: $0) } ?? gitDirectory
    }

    /// Why writing a file at `path` would overwrite git's own data, or nil when it would not: a path
    /// inside this worktree's git folder, the shared one, the hooks folder (`core.hooksPath` may put
    /// it anywhere), or any `.git` (a linked worktree's or submodule's `.git` file, a nested
    /// repository). Symbolic links are resolved first, those of the file and of its folders.
    public func gitOwnership(ofWriting path: String) -> String? {
        let target = resolvingSymlinks(path)
        let root = workingDirectory.map(resolvingSymlinks)
        var folders = [gitDirectory, commonDirectory].map(resolvingSymlinks)
        // A hooks folder that holds the whole working tree (core.hooksPath = ".") would make every
        // file a hook; git runs only the hooks' own names from it, and no sane setup does that.
        let hooks = resolvingSymlinks(hooksDirectory)
        if root.map({ !isInside($0, folder: hooks) }) ?? true { folders.append(hooks) }
        for folder in folders where isInside(target, folder: folder) {
            return "it is inside git's folder \(folder)"
        }
        if target.split(separator: "/").contains(where: { $0.lowercased() == ".git" }) {
            return "it is a .git file or inside a .git folder"
        }
        return nil
    }
}

/// Is `path` the folder `folder` or inside it? Both absolute and resolved.
public func isInside(_ path: String, folder: String) -> Bool {
    folder == "/" || path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
}

/// `path` made absolute (against the current folder) with every symbolic link resolved, the last
/// component's included, and `.`/`..` applied as the system would. Components that do not exist
/// yet are kept as written. Stops following after 40 links, as the kernel does (it would then refuse
/// the path anyway).
public func resolvingSymlinks(_ path: String) -> String {
    let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    var pending = absolute.split(separator: "/").map(String.init)
    var resolved: [String] = []
    var links = 0
    while !pending.isEmpty {
        let part = pending.removeFirst()
        if part == "." { continue }
        if part == ".." {
            _ = resolved.popLast()
            continue
        }
        let candidate = "/" + (resolved + [part]).joined(separator: "/")
        if links < 40, let target = try? FileManager.default.destinationOfSymbolicLink(atPath: candidate) {
            links += 1
            if target.hasPrefix("/") { resolved = [] }
            pending = target.split(separator: "/").map(String.init) + pending
            continue
        }
        resolved.append(part)
    }
    return "/" + resolved.joined(separator: "/")
}
