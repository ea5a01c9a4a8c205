import CGit2
import Foundation

extension Repository {
    /// A string value of the repository's git configuration (local, global and system), nil when unset.
    public func configString(_ key: String) -> String? {
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, pointer) == 0 else { return nil }
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        guard git_config_get_string(&value, config, key) == 0, let value else { return nil }
        return String(cString: value)
    }

    /// Where git runs hooks from: `core.hooksPath` if set (relative to the working tree), else the
    /// shared hooks folder, which all worktrees of a repository use.
    public var hooksDirectory: String {
        if let configured = configString("core.hooksPath"), !configured.isEmpty {
            let expanded = (configured as NSString).expandingTildeInPath
            if expanded.hasPrefix("/") { return expanded }
            return ((workingDirectory ?? gitDirectory) as NSString).appendingPathComponent(expanded)
        }
        let common = git_repository_commondir(pointer).map { String(cString: $0) } ?? gitDirectory
        return (common as NSString).appendingPathComponent("hooks")
    }
}
