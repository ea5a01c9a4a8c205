import TOMLKit

/// What poetry.lock, uv.lock and pylock.toml share: an array of tables, one per locked package, each
/// with its `name` and `version`. A package that came from somewhere other than an index (a git
/// checkout, a folder, the project itself) has no release that an advisory could name, and is left out.
enum LockFile {
    /// - Parameters:
    ///   - arrayKey: the array of tables (`package` or `packages`).
    ///   - keys: the keys of an entry that the format needs, beside name and version.
    ///   - subTables: sub-tables of an entry whose presence matters (`[package.source]`).
    ///   - fromIndex: whether an entry (its kept keys) is a release from an index.
    static func requirements(_ text: String, arrayKey: String, keys: Set<String> = [], subTables: [String] = [],
                             fromIndex: (TOMLTable) -> Bool) -> [Requirement]? {
        let wanted = keys.union(["name", "version"])
        guard let document = TOMLManifest(text, keepTable: { path in
            path == [arrayKey] || (path.count == 2 && path[0] == arrayKey && subTables.contains(path[1]))
        }, keepKey: wanted.contains) else { return nil }
        guard let entries = document.table[arrayKey]?.array else { return [] }
        let blocks = document.blocks([arrayKey])
        var out: [Requirement] = []
        for (index, entry) in entries.enumerated() {
            guard let table = entry.table, let name = table["name"]?.string, let version = table["version"]?.string,
                  index < blocks.count, fromIndex(table) else { continue }
            let line = document.keyLine("version", in: blocks[index]) ?? blocks[index].lowerBound
            out.append(Requirement(name: name, version: version, line: line, column: document.column(of: version, line: line)))
        }
        return out
    }
}

/// Poetry's lock file: `[[package]]` with `[package.source]` for packages not from PyPI (`type` git,
/// directory, file or url; `legacy` is another index and counts).
enum PoetryLock {
    static func requirements(_ text: String) -> [Requirement]? {
        LockFile.requirements(text, arrayKey: "package", keys: ["type"], subTables: ["source"]) { entry in
            guard let type = entry["source"]?.table?["type"]?.string else { return true }
            return !["git", "directory", "file", "url"].contains(type)
        }
    }
}

/// uv's lock file: `[[package]]` with an inline `source`: `registry` for an index, `editable`, `virtual`,
/// `directory`, `path`, `git` or `url` otherwise.
enum UvLock {
    static func requirements(_ text: String) -> [Requirement]? {
        LockFile.requirements(text, arrayKey: "package", keys: ["source"]) { entry in
            guard let source = entry["source"]?.table else { return true }
            return source["registry"] != nil
        }
    }
}

/// PEP 751's `pylock.toml` (or `pylock.NAME.toml`): `[[packages]]`, with `vcs`, `directory` or `archive`
/// for packages that were not installed from an index.
enum PyLock {
    static func requirements(_ text: String) -> [Requirement]? {
        let sources = ["vcs", "directory", "archive"]
        return LockFile.requirements(text, arrayKey: "packages", keys: Set(sources), subTables: sources) { entry in
            sources.allSatisfy { entry[$0] == nil }
        }
    }
}
