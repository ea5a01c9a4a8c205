import ArgumentParser
import Findings
import Foundation
import Git

/// `shortwall hook install|uninstall`: the only command that writes, and only into the hooks folder.
struct Hook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Install or remove Shortwall's git hook (an existing hook is kept and still runs).",
        subcommands: [Install.self, Uninstall.self]
    )

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "install", abstract: "Install the pre-commit hook (or the pre-push hook).")
        @OptionGroup var repository: RepositoryOptions
        @Flag(help: "Install the pre-push hook instead: reviews every commit a push would send.") var prePush = false

        func run() throws {
            let installer = try HookInstaller(repository: repository.open(), name: prePush ? "pre-push" : "pre-commit")
            print(printable(try installer.install(), continuation: ""))
        }
    }

    struct Uninstall: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "uninstall", abstract: "Remove Shortwall's hook and restore the hook that was there before.")
        @OptionGroup var repository: RepositoryOptions
        @Flag(help: "Remove the pre-push hook.") var prePush = false

        func run() throws {
            let installer = try HookInstaller(repository: repository.open(), name: prePush ? "pre-push" : "pre-commit")
            print(printable(try installer.uninstall(), continuation: ""))
        }
    }
}

struct HookInstaller {
    let folder: String
    let name: String
    let fm = FileManager.default

    init(repository: Repository, name: String) throws {
        folder = repository.hooksDirectory
        self.name = name
    }

    var hookPath: String { (folder as NSString).appendingPathComponent(name) }
    /// Where a hook that was there before ours is kept, byte for byte, and from where it still runs.
    var previousPath: String { hookPath + ".shortwall-previous" }

    /// The second line of every hook Shortwall writes, and of nothing else: a hook is Shortwall's only
    /// when it has exactly this line there. A user's hook that merely mentions Shortwall is theirs,
    /// and is kept.
    static func marker(for name: String) -> String {
        "# shortwall-managed-hook: \(name) (Shortwall finds its own hook by this exact line; keep it as it is)"
    }

    func install() throws -> String {
        guard let template = EmbeddedHooks.files.first(where: { $0.name == name })?.contents else {
            throw HookError("no embedded \(name) hook")
        }
        let script = template.replacingOccurrences(of: "@SHORTWALL@", with: currentExecutable())
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if isOurs(hookPath) {
            try write(script, to: hookPath)
            return "Shortwall's \(name) hook is up to date in \(folder)."
        }
        var kept = ""
        if exists(hookPath) {
            if exists(previousPath) {
                throw HookError("\(previousPath) already exists; move it away before installing")
            }
            try move(hookPath, previousPath)
            kept = fm.isExecutableFile(atPath: previousPath)
                ? " Your existing \(name) hook was kept and runs first (\(previousPath))."
                // A dangling link or a file without the x bit: git would not run it either.
                : " Your existing \(name) hook was kept as \(previousPath); it is not executable (or links to nothing), so it does not run."
        }
        try write(script, to: hookPath)
        return "Installed Shortwall's \(name) hook in \(folder).\(kept)"
    }

    func uninstall() throws -> String {
        guard exists(hookPath) else { return "No \(name) hook installed in \(folder)." }
        guard isOurs(hookPath) else { throw HookError("\(hookPath) is not Shortwall's hook; leaving it alone") }
        try remove(hookPath)
        if exists(previousPath) {
            try move(previousPath, hookPath)
            return "Removed Shortwall's \(name) hook and restored the previous one."
        }
        return "Removed Shortwall's \(name) hook."
    }

    private func isOurs(_ path: String) -> Bool {
        guard let data = fm.contents(atPath: path) else { return false }
        let lines = data.prefix(1024).split(separator: UInt8(ascii: "\n"), maxSplits: 2, omittingEmptySubsequences: false)
        return lines.count > 2 && String(decoding: lines[1], as: UTF8.self) == HookInstaller.marker(for: name)
    }

    /// Whether anything is at `path`, a symbolic link included: `fileExists` follows links, and a
    /// link to a hook that is not there (yet) is still the user's and is kept.
    private func exists(_ path: String) -> Bool {
        (try? fm.attributesOfItem(atPath: path)) != nil
    }

    private func write(_ script: String, to path: String) throws {
        do {
            try script.write(toFile: path, atomically: true, encoding: .utf8)
            try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        } catch { throw FileError("cannot write \(path): \(error.localizedDescription)") }
    }

    private func move(_ from: String, _ to: String) throws {
        do { try fm.moveItem(atPath: from, toPath: to) } catch { throw FileError("cannot move \(from) to \(to): \(error.localizedDescription)") }
    }

    private func remove(_ path: String) throws {
        do { try fm.removeItem(atPath: path) } catch { throw FileError("cannot remove \(path): \(error.localizedDescription)") }
    }

    /// The absolute path of this binary, so the hook works without shortwall on PATH.
    private func currentExecutable() -> String {
        let link = (try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return (link as NSString).standardizingPath
    }
}
