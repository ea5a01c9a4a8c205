import ArgumentParser
import Findings
import Foundation
import Review

/// `shortwall rules`: every secret pattern and Python rule.
struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List every secret pattern and Python rule with id, severity, CWE and title.")
    @Option(help: "Configuration file (adds, disables or overrides rules).") var config: String?
    @Flag(help: "Print JSON, with the calls, methods and imports each Python rule looks at.") var json = false

    func run() throws {
        let (_, reviewer) = try Job.settingsAndReviewer(root: FileManager.default.currentDirectoryPath, commandLine: .init(config: config))
        let rules = reviewer.rules.sorted { ($0.kind.rawValue, $0.id) < ($1.kind.rawValue, $1.id) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(rules), as: UTF8.self))
            return
        }
        let idWidth = min(44, rules.map(\.id.count).max() ?? 10)
        for rule in rules {
            let cwe = rule.cwe.map { "CWE-\($0)" } ?? "-"
            let id = rule.id.padding(toLength: max(idWidth, rule.id.count), withPad: " ", startingAt: 0)
            print("\(id)  \(rule.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))  \(cwe.padding(toLength: 8, withPad: " ", startingAt: 0))  \(rule.title)")
        }
        let secrets = rules.filter { $0.kind == .secret }.count
        print("\n\(secrets) secret patterns, \(rules.count - secrets) Python rules")
    }
}
