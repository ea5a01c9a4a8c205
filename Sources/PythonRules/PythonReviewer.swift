import Findings
import Python

/// Placeholder until the rules land (issue 5).
public struct PythonReviewer: Sendable {
    public init() {}
    /// Reviews a whole file for context, reporting only findings whose sink or source is on `addedLines`
    /// (every line when nil).
    public func review(path: String, source: [UInt8], addedLines: Set<Int>?) -> [Finding] { [] }
    public var rules: [RuleInfo] { [] }
}
