// swift-tools-version:6.0
import Foundation
import PackageDescription

let package = Package(
    name: "Shortwall",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "shortwall", targets: ["shortwall"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // C libraries, wrapped once each (Git wraps libgit2, Secrets wraps PCRE2).
        .systemLibrary(name: "CGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CPCRE2", pkgConfig: "libpcre2-8", providers: [.apt(["libpcre2-dev"])]),

        // The value every detector produces and every report consumes.
        .target(name: "Findings"),

        // Git → detectors → Review → Report → CLI; data flows one way.
        .target(name: "Git", dependencies: ["CGit2"]),
        .target(
            name: "Secrets",
            dependencies: ["CPCRE2", "Findings", .product(name: "TOMLKit", package: "TOMLKit"), .product(name: "Yams", package: "Yams")],
            plugins: ["EmbedPatterns"]
        ),
        // Threads with stacks deep enough for walks over a parse tree; shared by the parser, the rules and
        // Review's parallel map, so work already on such a thread runs in place.
        .target(name: "LargeStack"),
        // The parser is optimized even in debug builds: the stdlib agreement tests parse 30 MB.
        .target(name: "Python", dependencies: ["LargeStack"], swiftSettings: [.unsafeFlags(["-O"])]),
        .target(name: "PythonRules", dependencies: ["Python", "Findings"]),
        // Python dependency pins against OSV advisories (folders of YAML/JSON records, or a zip export).
        .target(
            name: "Dependencies",
            dependencies: [
                "Findings", .product(name: "TOMLKit", package: "TOMLKit"), .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(
            name: "Review",
            dependencies: ["Git", "Secrets", "PythonRules", "Dependencies", "Findings", "LargeStack", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        .target(name: "Report", dependencies: ["Findings"]),
        .executableTarget(
            name: "shortwall",
            dependencies: [
                "Git", "Secrets", "Python", "PythonRules", "Dependencies", "Review", "Report", "Findings",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            plugins: ["EmbedPatterns"]
        ),

        // Embeds Patterns/*.toml (into Secrets) and Hooks/* (into the CLI) so the binary works when copied anywhere.
        // It reads the pattern files with TOMLKit and checks their regexes with PCRE2, at build time.
        .executableTarget(name: "embed-patterns", dependencies: ["CPCRE2", .product(name: "TOMLKit", package: "TOMLKit")]),
        .plugin(name: "EmbedPatterns", capability: .buildTool(), dependencies: ["embed-patterns"]),

        // One test target per module, plus EndToEndTests, which runs the built CLI. TestFixtures holds what
        // several of them share: throwaway git repositories, the built binary, sample findings.
        .target(name: "TestFixtures", dependencies: ["Findings"], path: "Tests/Fixtures"),
        .testTarget(name: "FindingsTests", dependencies: ["Findings"]),
        .testTarget(name: "GitTests", dependencies: ["Git", "TestFixtures"]),
        .testTarget(name: "SecretsTests", dependencies: ["Secrets", "Findings"]),
        .testTarget(name: "LargeStackTests", dependencies: ["LargeStack"]),
        .testTarget(name: "PythonTests", dependencies: ["Python", "LargeStack"]),
        .testTarget(name: "PythonRulesTests", dependencies: ["PythonRules", "Python", "Findings"]),
        .testTarget(
            name: "DependenciesTests",
            dependencies: ["Dependencies", "Findings", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // CredentialFixtures: files shaped like real credential stores and configs, read by the tests at run time.
        .testTarget(name: "EndToEndTests", dependencies: ["Findings", "TestFixtures"], exclude: ["CredentialFixtures"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Findings", "TestFixtures"]),
        .testTarget(name: "ReviewTests", dependencies: ["Review", "Secrets", "PythonRules", "Findings", "TestFixtures"]),
    ],
    swiftLanguageModes: [.v5]
)

// bench/fuzz-config.sh and bench/fuzz-python.sh set SHORTWALL_FUZZ to build the libFuzzer harnesses of the
// config parser and of the Python tokenizer and parser, with the modules they reach instrumented for
// coverage. An ordinary build or test run never sees them.
if ProcessInfo.processInfo.environment["SHORTWALL_FUZZ"] != nil {
    let coverage: [SwiftSetting] = [.unsafeFlags(["-sanitize=fuzzer"])]
    for target in package.targets where ["Findings", "Secrets", "Review", "Python"].contains(target.name) {
        target.swiftSettings = (target.swiftSettings ?? []) + coverage
    }
    // The scripts link libFuzzer without its `main` (SwiftPM gives every executable its own).
    package.targets += [
        .target(name: "FuzzDriver", path: "bench/fuzz/driver"),
        .executableTarget(name: "fuzz-config", dependencies: ["Review", "Secrets", "FuzzDriver"], path: "bench/fuzz/config", swiftSettings: coverage),
        .executableTarget(name: "fuzz-python", dependencies: ["Python", "FuzzDriver"], path: "bench/fuzz/python", swiftSettings: coverage),
    ]
}
