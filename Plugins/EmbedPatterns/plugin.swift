import Foundation
import PackagePlugin

/// Turns Patterns/*.toml into Swift source compiled into the Secrets module,
/// so the default patterns travel inside the binary.
@main
struct EmbedPatterns: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appending(path: "Patterns")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "toml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedPatterns.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) secret pattern files",
                executable: try context.tool(named: "embed-patterns").url,
                arguments: [output.path] + files.map(\.path),
                inputFiles: files + [folder],
                outputFiles: [output]
            ),
        ]
    }
}
