import Foundation
import XCTest

/// A throwaway git repository in a temporary folder, driven by the real `git` and the built `shortwall`.
final class Sandbox {
    let root: URL
    var path: String { root.path }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("shortwall-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
    }

    /// A folder that git makes itself (a linked worktree), removed with the sandbox like any other.
    init(existing path: String) {
        root = URL(fileURLWithPath: path)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Killed after the run's timeout (a hang), or ended by a signal (a crash).
        var timedOut = false
        var crashed = false
    }

    @discardableResult
    func git(_ arguments: String..., allowFailure: Bool = false) throws -> String {
        let result = try run("/usr/bin/env", ["git"] + arguments, environment: Sandbox.gitEnvironment)
        if result.status != 0 && !allowFailure {
            throw NSError(domain: "git", code: Int(result.status), userInfo: [NSLocalizedDescriptionKey: "git \(arguments.joined(separator: " ")): \(result.stderr)"])
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs the built binary in this repository.
    func shortwall(_ arguments: String...) throws -> Result {
        try run(Sandbox.binary.path, arguments, environment: ["NO_COLOR": "1"])
    }

    /// Runs the built binary, killing it if it has not finished after `timeout` seconds.
    func shortwall(_ arguments: [String], timeout: TimeInterval) throws -> Result {
        try run(Sandbox.binary.path, arguments, environment: ["NO_COLOR": "1"], timeout: timeout)
    }

    func write(_ relative: String, _ text: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func commit(_ message: String, files: [String: String]) throws -> String {
        for (name, text) in files { try write(name, text) }
        try git("add", "-A")
        try git("commit", "-q", "-m", message)
        return try git("rev-parse", "HEAD")
    }

    func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil, timeout: TimeInterval? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = root
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        if let stdin {
            let input = Pipe()
            process.standardInput = input
            try process.run()
            input.fileHandleForWriting.write(stdin.data(using: .utf8)!)
            try input.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        let killed = Killed()
        if let timeout {
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [weak process] in
                guard let process, process.isRunning else { return }
                killed.value = true
                process.terminate()
            }
        }
        // Read both pipes before waiting so a large report never blocks the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
                      timedOut: killed.value, crashed: process.terminationReason == .uncaughtSignal && !killed.value)
    }

    static let gitEnvironment = [
        "GIT_AUTHOR_NAME": "Ada Author", "GIT_AUTHOR_EMAIL": "ada@example.com",
        "GIT_COMMITTER_NAME": "Ada Author", "GIT_COMMITTER_EMAIL": "ada@example.com",
        "GIT_AUTHOR_DATE": "2024-01-02T03:04:05Z", "GIT_COMMITTER_DATE": "2024-01-02T03:04:05Z",
        "GIT_CONFIG_NOSYSTEM": "1", "HOME": FileManager.default.temporaryDirectory.path,
    ]

    /// The `shortwall` executable that `swift build` put beside the test bundle.
    static let binary: URL = {
        // On Linux the bundle URL is the build folder itself; elsewhere it is the .xctest inside it.
        var folder = Bundle(for: Sandbox.self).bundleURL
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent("shortwall")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return Bundle(for: Sandbox.self).bundleURL.deletingLastPathComponent().appendingPathComponent("shortwall")
    }()

    /// Parses a JSON report's findings.
    static func findings(_ json: String) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return try XCTUnwrap(object?["findings"] as? [[String: Any]], "no findings array in: \(json.prefix(300))")
    }

    /// Parses a JSON report's summary.
    static func summary(_ json: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return try XCTUnwrap(object?["summary"] as? [String: Any], "no summary in: \(json.prefix(300))")
    }
}

/// Set from the timer's thread, read after the process ended.
private final class Killed: @unchecked Sendable {
    private let lock = NSLock()
    private var killed = false
    var value: Bool {
        get { lock.lock(); defer { lock.unlock() }; return killed }
        set { lock.lock(); killed = newValue; lock.unlock() }
    }
}

/// Fake credentials shaped like real ones, built at run time so this file holds no secret-shaped literal.
enum Fake {
    static let awsKeyID = "AKIA" + "Q3EXW7ZL5MNB2RTY"
    static let githubToken = "ghp_" + "8fK2mQ7vX1pL9sR4tW6yZ3bN5cJ0hD2gA7eU"
    static let stripeKey = "sk_live_" + "51Hx9QmR4tY7uI2oP5aS8dF3gH6jK9lZ"
}
