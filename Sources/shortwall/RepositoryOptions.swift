import ArgumentParser
import Foundation
import Git

struct RepositoryOptions: ParsableArguments {
    @Option(name: .long, help: "The repository (default: discovered from the current folder, like git).")
    var repo: String?

    func open() throws -> Repository {
        try Repository(discoveringFrom: repo ?? FileManager.default.currentDirectoryPath)
    }
}
