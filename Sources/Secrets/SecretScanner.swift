import Findings

/// Placeholder until the engine lands (issue 3).
public struct SecretScanner: Sendable {
    public init() {}
    /// Scans `content` of `path`; when `lines` is given, reports only matches that start on those 1-based lines.
    public func scan(path: String, content: [UInt8], lines: Set<Int>?) -> [Finding] { [] }
    public var rules: [RuleInfo] { [] }
}

extension SecretScanner {
    /// The patterns embedded in the binary, by file name, for tests and `shortwall rules`.
    public static var embeddedPatternFiles: [(name: String, contents: String)] { EmbeddedPatterns.files }
}
