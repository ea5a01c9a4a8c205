import ArgumentParser
import Foundation
import Python

struct DebugParse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse Python files; print `ok PATH N` (N statements at every depth) or `error PATH:LINE:COL: message`."
    )
    @Argument(help: "Python files to parse.") var files: [String]

    func run() throws {
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                print("error \(file):0:0: cannot read file")
                continue
            }
            let result = parseModule([UInt8](data))
            if let first = result.diagnostics.first {
                print("error \(file):\(first.position.line):\(first.position.column): \(first.message)")
            } else {
                var count = 0
                for stmt in result.module.body { stmt.walk { _ in count += 1 } }
                print("ok \(file) \(count)")
            }
        }
    }
}
