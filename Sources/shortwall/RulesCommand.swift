import ArgumentParser
import Dependencies
import Findings
import Foundation
import Report
import Review

/// `shortwall rules`: every secret pattern, Python rule and dependency rule.
struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "List every secret pattern, Python rule and dependency rule with id, severity, CWE and title.")
    @Option(help: "Configuration file (adds, disables or overrides rules).") var config: String?
    @Option(help: advisoriesHelp) var advisories: String?
    @Flag(help: "Print JSON, with the calls, methods and imports each Python rule looks at.") var json = false

    func run() throws {
        let (settings, reviewer) = try Job.settingsAndReviewer(root: FileManager.default.currentDirectoryPath,
                                                               commandLine: .init(config: config, advisories: advisories))
        // The dependency rules are listed either way; without advisory data they are off.
        var rules = reviewer.rules
        if reviewer.dependencies == nil { rules += settings.dependencies.activeRules }
        rules.sort { ($0.kind.rawValue, $0.id) < ($1.kind.rawValue, $1.id) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(printableJSON(String(decoding: try encoder.encode(rules), as: UTF8.self)))
            return
        }
        // Ids and titles of a config's own patterns are the config's text: shown printable.
        let idWidth = min(44, rules.map { printable($0.id).count }.max() ?? 10)
        for rule in rules {
            let cwe = rule.cwe.map { "CWE-\($0)" } ?? "-"
            let id = printable(rule.id)
            let paddedID = id.padding(toLength: max(idWidth, id.count), withPad: " ", startingAt: 0)
            print("\(paddedID)  \(rule.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))  \(cwe.padding(toLength: 8, withPad: " ", startingAt: 0))  \(printable(rule.title))")
        }
        let secrets = rules.filter { $0.kind == .secret }.count
        let dependency = rules.filter { $0.kind == .dependency }.count
        print("\n\(secrets) secret patterns, \(rules.count - secrets - dependency) Python rules, \(dependency) dependency rules")
        if let path = settings.dependencies.advisories {
            print("Dependency check: on, advisories from \(printable(path))")
        } else {
            print("Dependency check: off (no advisory data; give --advisories PATH or advisories = \"PATH\" in .shortwall.toml)")
        }
    }
}
