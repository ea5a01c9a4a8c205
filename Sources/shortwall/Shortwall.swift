import ArgumentParser

@main
struct Shortwall: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Finds hardcoded secrets and Python security flaws in what a git change adds.",
        subcommands: [Debug.self]
    )
}

struct Debug: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect Shortwall's view of a repository or a file.",
        subcommands: [DebugParse.self, DebugSecrets.self]
    )
}
