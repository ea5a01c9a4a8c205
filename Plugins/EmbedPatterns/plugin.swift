import Foundation
import PackagePlugin

/// Turns data files into Swift source compiled into a module, so they travel inside the binary:
/// Patterns/*.toml into Secrets (`EmbeddedPatterns`), Hooks/* into the CLI (`EmbeddedHooks`).
@main
struct EmbedPatterns: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let (folderName, typeName, keep): (String, String, (URL) -> Bool) = target.name == "Secrets"
            ? ("Patterns", "EmbeddedPatterns", { $0.pathExtension == "toml" })
            : ("Hooks", "EmbeddedHooks", { !$0.lastPathComponent.hasPrefix(".") })
        let folder = context.package.directoryURL.appending(path: folderName)
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter(keep)
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: typeName + ".swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) files of \(folderName)/",
                executable: try context.tool(named: "embed-patterns").url,
                arguments: [typeName, output.path] + files.map(\.path),
                inputFiles: files + [folder],
                outputFiles: [output]
            ),
        ]
    }
}
