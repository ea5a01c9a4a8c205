// shortwall: the command line. It declares the arguments, calls one Review function per job, renders the
// findings with Report and exits with the job's code; it holds no review logic. It may import every module.

import ArgumentParser
import Findings
import Foundation
import Git
import Review

@main
struct Shortwall: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shortwall",
        abstract: "Finds hardcoded secrets and Python security flaws in what a git change adds.",
        discussion: """
        Jobs:
          shortwall staged             pre-commit: what is staged (install with `shortwall hook install`)
          shortwall diff main...HEAD   pull request: what the branch adds
          shortwall history            audit: every commit on every ref
        Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or runtime error
        (also when part of the scan could not be done and nothing at or above --fail-on was found).
        """,
        version: shortwallVersion,
        subcommands: [Staged.self, CommitCommand.self, Diff.self, History.self, Scan.self, BaselineCommand.self, Hook.self, Rules.self, Debug.self]
    )

    /// Runs the command; every failure is one line on stderr and exit code 2, findings are exit code 1.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as OneLineError {
            fail(error.description)
        } catch let error as ConfigError {
            let more = error.count > 1 ? " (and \(error.count - 1) more problem\(error.count == 2 ? "" : "s"))" : ""
            fail((error.description.split(separator: "\n").first.map(String.init) ?? "") + more)
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Foundation.exit(0)
            }
            let line = message.split(separator: "\n").first.map(String.init) ?? "\(error)"
            fail(line.hasPrefix("Error: ") ? String(line.dropFirst(7)) : line, usage: true)
        }
    }

    static func fail(_ message: String, usage: Bool = false) -> Never {
        printError(message + (usage ? " (see `shortwall --help`)" : ""))
        Foundation.exit(2)
    }
}

/// One line on stderr. Messages quote config values, paths and rule ids from the repository, so control
/// characters are shown as escapes: an OSC sequence in a config value must not reach a terminal or CI log.
func printError(_ message: String) {
    FileHandle.standardError.write(Data(("shortwall: " + printable(message) + "\n").utf8))
}

func warn(_ message: String) { printError("warning: " + message) }

let shortwallVersion = "0.1.0"

struct Debug: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug",
        abstract: "Inspect Shortwall's view of a repository or a file.",
        subcommands: [DebugChanges.self, DebugParse.self, DebugSecrets.self]
    )
}
