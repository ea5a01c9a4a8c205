import Git
import Review

/// Errors the CLI reports as one line on stderr with exit code 2, each typed by its cause.
protocol OneLineError: Error, CustomStringConvertible {}

/// A report or hook file could not be written, moved or removed.
struct FileError: OneLineError {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Installing or removing a git hook was refused or failed.
struct HookError: OneLineError {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The options cannot work together (a bare repository has nowhere to put a baseline by default).
struct UsageError: OneLineError {
    let description: String
    init(_ description: String) { self.description = description }
}

extension GitError: OneLineError {}
extension BaselineError: OneLineError {}
extension ScanPathError: OneLineError {}
