import ArgumentParser
import Dispatch
import Findings
import Foundation
import Secrets

/// Runs the secret detector alone over files, for throughput measurements (bench/secrets.sh) and for
/// checking patterns by hand. No git, no config: the embedded patterns only.
struct DebugSecrets: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secrets",
        abstract: "Scan files or folders with the embedded secret patterns; print findings, bytes and MB/s."
    )
    @Argument(help: "Files or folders (folders are walked recursively).") var paths: [String]
    @Option(help: "Only files whose name ends with one of these suffixes, comma-separated (e.g. .py,.js).")
    var suffixes: String?
    @Option(help: "Extra pattern TOML file ([[pattern]] tables), added to the embedded patterns.")
    var patterns: String?
    @Flag(help: "Print each finding.") var verbose = false
    @Flag(help: "Show secrets unredacted in --verbose output.") var noRedact = false

    func run() throws {
        let wanted = suffixes?.split(separator: ",").map(String.init) ?? []
        var files: [(String, [UInt8])] = []
        var bytes = 0
        for path in paths {
            for file in DebugSecrets.walk(path) where wanted.isEmpty || wanted.contains(where: { file.hasSuffix($0) }) {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                files.append((file, [UInt8](data)))
                bytes += data.count
            }
        }
        var config = SecretSettings()
        config.redact = !noRedact
        if let patterns {
            try config.addPatterns(toml: try String(contentsOfFile: patterns, encoding: .utf8), origin: patterns)
        }
        let (scanner, warnings) = try SecretScanner.build(config)
        for warning in warnings { print("warning: \(warning)") }
        // Regexes are JIT-compiled at first use; do it before the clock starts.
        scanner.compileAll()
        // One thread, timed by its own CPU clock: the figure is per core even on a loaded machine.
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = DebugSecrets.threadCPUSeconds()
        var findings = 0
        for (path, content) in files {
            let found = scanner.scan(path: path, content: content, lines: nil)
            findings += found.count
            if verbose {
                // File names and lines come from the files scanned: never raw control characters on a terminal.
                for f in found { print(printable("\(f.file):\(f.line):\(f.column): \(f.rule) \(f.secret ?? "") | \(f.snippet ?? "")")) }
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let cpu = DebugSecrets.threadCPUSeconds() - cpuStart
        let mb = Double(bytes) / 1_000_000
        print("patterns \(scanner.rules.count) files \(files.count) findings \(findings) bytes \(bytes)"
            + " wall \(String(format: "%.3f", seconds))s cpu \(String(format: "%.3f", cpu))s"
            + " MB/s per core \(String(format: "%.1f", mb / max(cpu, 1e-9)))")
        for error in scanner.errors { print("error: \(error)") }
        // Calibration: one table load per byte over the same bytes, so a figure taken on a loaded or slow
        // machine can be judged against what a trivial pass achieves there.
        var table = [UInt8](repeating: 0, count: 256)
        for i in 0..<256 { table[i] = UInt8(truncatingIfNeeded: i &* 7) }
        let calStart = DebugSecrets.threadCPUSeconds()
        var sum = 0
        table.withUnsafeBufferPointer { t in
            for (_, content) in files { content.withUnsafeBufferPointer { b in for x in b { sum &+= Int(t[Int(x)]) } } }
        }
        let calCPU = DebugSecrets.threadCPUSeconds() - calStart
        print("calibration: a table-lookup pass over the same bytes runs at \(String(format: "%.1f", mb / max(calCPU, 1e-9))) MB/s per core (checksum \(sum % 10))")
    }

    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    static func walk(_ path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return [path] }
        guard let enumerator = FileManager.default.enumerator(atPath: path) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let full = path + "/" + relative
            var dir: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &dir), !dir.boolValue { files.append(full) }
        }
        return files.sorted()
    }
}
