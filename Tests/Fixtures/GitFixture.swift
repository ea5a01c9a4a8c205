import Foundation

/// A throwaway repository built with the real `git` command in a temporary folder.
/// Every git call gets fixed names, a fixed clock and no user or system config, so commit ids
/// are the same on every machine and run. The folder is removed when the fixture goes away.
public final class GitFixture {
    /// Temporary folder holding the repository and anything made beside it (clones, worktrees).
    public let root: String
    /// The repository: its working tree, or the repository folder itself when bare.
    public let path: String
    /// Seconds added to the fixed epoch for the next commit: each commit is one minute later.
    private var clock = 0

    public init(bare: Bool = false, name: String = "repo") throws {
        root = NSTemporaryDirectory() + "shortwall-gittests-" + UUID().uuidString
        path = root + "/" + name
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        if bare { try git("init", "-q", "--bare") } else { try git("init", "-q") }
    }

    /// SHORTWALL_KEEP_FIXTURES=1 keeps the folders for a look after a failure.
    deinit {
        if ProcessInfo.processInfo.environment["SHORTWALL_KEEP_FIXTURES"] == nil { try? FileManager.default.removeItem(atPath: root) }
    }

    /// A path beside the repository, for clones and worktrees.
    public func sibling(_ name: String) -> String { root + "/" + name }

    // MARK: running git

    /// Runs git in the repository (or `directory`); throws with git's stderr when it fails.
    @discardableResult
    public func git(_ arguments: String..., in directory: String? = nil, date: String? = nil) throws -> String {
        try git(arguments, in: directory, date: date)
    }

    @discardableResult
    public func git(_ arguments: [String], in directory: String? = nil, date: String? = nil) throws -> String {
        clock += 60
        let when = date ?? "\(1_700_000_000 + clock) +0000"
        var environment = GitFixture.baseEnvironment(home: root)
        environment["GIT_AUTHOR_DATE"] = when
        environment["GIT_COMMITTER_DATE"] = when
        let result = try runProcess(try gitExecutable(), arguments, in: directory ?? path, environment: environment)
        guard result.exitedNormally, result.status == 0 else {
            throw FixtureError("git \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)")
        }
        return result.stdout
    }

    /// Runs a shell script in the repository with the same environment as `git`.
    @discardableResult
    public func shell(_ script: String, in directory: String? = nil) throws -> String {
        let result = try runProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", script], in: directory ?? path, environment: GitFixture.baseEnvironment(home: root))
        guard result.exitedNormally, result.status == 0 else { throw FixtureError("sh -c \(script) failed (\(result.status)): \(result.stderr)") }
        return result.stdout
    }

    /// Names, an isolated HOME and config given through the environment (git ≥ 2.31), so
    /// nothing from the machine's ~/.gitconfig (signing, autocrlf, hooks) changes the result.
    public static func baseEnvironment(home: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        let config = [
            ("init.defaultBranch", "main"), ("core.autocrlf", "false"), ("commit.gpgSign", "false"),
            ("tag.gpgSign", "false"), ("protocol.file.allow", "always"), ("core.fileMode", "true"),
            ("advice.detachedHead", "false"), ("gc.auto", "0"), ("maintenance.auto", "false"),
        ]
        environment["GIT_CONFIG_COUNT"] = String(config.count)
        for (i, (key, value)) in config.enumerated() {
            environment["GIT_CONFIG_KEY_\(i)"] = key
            environment["GIT_CONFIG_VALUE_\(i)"] = value
        }
        environment["HOME"] = home
        environment["XDG_CONFIG_HOME"] = home + "/.config"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_AUTHOR_NAME"] = "Ada Tester"
        environment["GIT_AUTHOR_EMAIL"] = "ada@example.com"
        environment["GIT_COMMITTER_NAME"] = "Ada Tester"
        environment["GIT_COMMITTER_EMAIL"] = "ada@example.com"
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["LC_ALL"] = "C"
        return environment
    }

    // MARK: files

    public func write(_ relativePath: String, _ text: String) throws {
        try write(relativePath, bytes: Array(text.utf8))
    }

    public func write(_ relativePath: String, bytes: [UInt8], in directory: String? = nil) throws {
        let url = URL(fileURLWithPath: (directory ?? path) + "/" + relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    public func read(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path + "/" + relativePath)))
    }

    /// `git mv`, creating the target's folder first (git mv does not).
    public func move(_ from: String, _ to: String) throws {
        let folder = URL(fileURLWithPath: path + "/" + to).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try git("mv", from, to)
    }

    /// Stages everything and commits; returns the new commit's id.
    @discardableResult
    public func commit(_ message: String = "change", in directory: String? = nil, date: String? = nil) throws -> String {
        try git("add", "-A", in: directory)
        try git("commit", "-q", "--allow-empty", "-m", message, in: directory, date: date)
        return try rev("HEAD", in: directory)
    }

    public func rev(_ revision: String, in directory: String? = nil) throws -> String {
        try git("rev-parse", "--verify", "-q", revision, in: directory).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The blob id git records for `path` at `revision` (`HEAD`, or "" for the index).
    public func blob(_ revision: String, _ path: String) throws -> String {
        try rev(revision + ":" + path)
    }
}

public struct FixtureError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

// MARK: processes

public struct ProcessResult {
    public var status: Int32
    public var exitedNormally: Bool
    public var stdoutData: Data
    public var stderr: String
    public var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
}

/// Runs a program to completion. Output goes through temporary files rather than pipes so a
/// large output can never fill a pipe buffer and dead-lock the wait.
public func runProcess(_ executable: URL, _ arguments: [String], in directory: String, environment: [String: String]? = nil) throws -> ProcessResult {
    let scratch = NSTemporaryDirectory() + "shortwall-gittests-out-" + UUID().uuidString
    let outPath = scratch + ".out", errPath = scratch + ".err"
    _ = FileManager.default.createFile(atPath: outPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)
    defer {
        try? FileManager.default.removeItem(atPath: outPath)
        try? FileManager.default.removeItem(atPath: errPath)
    }
    let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
    let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    if let environment { process.environment = environment }
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = out
    process.standardError = err
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    return ProcessResult(
        status: process.terminationStatus,
        exitedNormally: process.terminationReason == .exit,
        stdoutData: try Data(contentsOf: URL(fileURLWithPath: outPath)),
        stderr: String(decoding: try Data(contentsOf: URL(fileURLWithPath: errPath)), as: UTF8.self)
    )
}

public func gitExecutable() throws -> URL {
    for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let candidate = String(folder) + "/git"
        if FileManager.default.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate) }
    }
    throw FixtureError("git is not on PATH")
}

/// The built `shortwall` executable: it sits in the products folder beside the test bundle
/// (`swift build --build-tests` and `swift test` build every product). SHORTWALL_BINARY overrides.
public func shortwallBinary() throws -> URL {
    var folders: [URL] = []
    if let override = ProcessInfo.processInfo.environment["SHORTWALL_BINARY"] {
        return URL(fileURLWithPath: override)
    }
    // macOS: the .xctest bundle's parent; Linux: the test executable's own folder.
    for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
        folders.append(bundle.bundleURL.deletingLastPathComponent())
    }
    folders.append(Bundle.main.bundleURL)
    folders.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
    for folder in folders {
        let candidate = folder.appendingPathComponent("shortwall")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    throw FixtureError("shortwall is not built beside the tests (looked in \(folders.map(\.path))); run `swift build`")
}

/// Runs the built shortwall in `directory` (default: the fixture's repository).
public func shortwall(_ arguments: [String], in directory: String) throws -> ProcessResult {
    try runProcess(try shortwallBinary(), arguments, in: directory, environment: GitFixture.baseEnvironment(home: directory))
}

/// "line1\nline2\n…" — numbered lines make edits easy to state.
public func numberedLines(_ count: Int, prefix: String = "line") -> String {
    (1...count).map { "\(prefix)\($0)\n" }.joined()
}
