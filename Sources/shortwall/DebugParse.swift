import ArgumentParser
import Findings
import Foundation
import Python

struct DebugParse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse Python files; print `ok PATH N` (N statements at every depth) or `error PATH:LINE:COL: message`."
    )
    @Option(name: .customLong("python"), help: "Grammar version to follow: 3.11 or 3.12 (default).")
    var pythonVersion: String = "3.12"
    @Flag(help: "After each `ok` line, print the start-end line of every statement in walk order.")
    var lines = false
    @Flag(help: "Instead of `ok`, print `PATH<TAB>DUMP` with the tree in CPython's ast vocabulary.")
    var dump = false
    @Argument(help: "Python files to parse.") var files: [String]

    func run() throws {
        let version: PythonVersion
        switch pythonVersion {
        case "3.11": version = .v3_11
        case "3.12": version = .v3_12
        default: throw ValidationError("unsupported Python version \(pythonVersion); use 3.11 or 3.12")
        }
        var out = ""
        for path in files {
            // A file name (or a parse message quoting the file) never reaches the terminal as raw control characters.
            let file = printable(path)
            guard let data = FileManager.default.contents(atPath: path) else {
                out += "error \(file):0:0: cannot read file\n"
                continue
            }
            let result = parseModule([UInt8](data), version: version)
            if dump {
                if result.diagnostics.isEmpty { out += file + "\t" + dumpAST(result.module, version: version) + "\n" }
            } else if let first = result.diagnostics.first {
                out += "error \(file):\(first.position.line):\(first.position.column): \(printable(first.message))\n"
            } else {
                var count = 0
                var spans = ""
                for stmt in result.module.body {
                    stmt.walk {
                        count += 1
                        if lines { spans += " \($0.span.start.line)-\($0.span.end.line)" }
                    }
                }
                out += "ok \(file) \(count)\n"
                if lines { out += "lines\(spans)\n" }
            }
            if out.utf8.count > 1 << 16 {
                print(out, terminator: "")
                out = ""
            }
        }
        print(out, terminator: "")
    }
}
