import Findings
@testable import PythonRules

/// Reviews a snippet as a whole file (or only `added` lines) under `path`.
func review(_ source: String, path: String = "app.py", added: Set<Int>? = nil, disabled: Set<String> = []) -> [Finding] {
    PythonReviewer(disabled: disabled).review(path: path, source: Array(source.utf8), addedLines: added)
}

/// Findings of one rule, as "line" numbers.
func lines(_ findings: [Finding], _ rule: String) -> [Int] {
    findings.filter { $0.rule == rule }.map(\.line).sorted()
}

/// An example's path (from a first line `# file: x.py`) and the lines marked `# expect`.
func parseExample(_ text: String) -> (path: String, expected: Set<Int>) {
    var path = "app.py"
    var expected = Set<Int>()
    for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        if i == 0, line.hasPrefix("# file: ") { path = String(line.dropFirst("# file: ".count)) }
        if line.hasSuffix("# expect") { expected.insert(i + 1) }
    }
    return (path, expected)
}
