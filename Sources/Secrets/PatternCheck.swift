import Foundation

/// Checks pattern files against their own examples, so a pattern cannot land without proof that it
/// finds what it claims and stays quiet on what it should. Used by the test suite over every embedded
/// file, and usable on a user's `--config` patterns.
public enum PatternCheck {
    /// Every problem found, as "origin: id: what is wrong"; empty when all patterns are sound.
    public static func problems(in patterns: [SecretPattern]) -> [String] {
        var problems: [String] = []
        var seen: [String: String] = [:]
        for p in patterns {
            let at = "\(p.origin): \(p.id)"
            if let other = seen[p.id] { problems.append("\(at): duplicate id (also in \(other))") }
            seen[p.id] = p.origin
            if !isKebabCase(p.id) { problems.append("\(at): id is not kebab-case") }
            if p.keywords.isEmpty { problems.append("\(at): no keywords, so the regex would run on every line") }
            if p.matches.isEmpty { problems.append("\(at): no [[pattern.matches]] example") }
            if p.nonMatches.isEmpty { problems.append("\(at): no [[pattern.nonMatches]] example") }
            let scanner: SecretScanner
            do { scanner = try SecretScanner(patterns: [p], redact: false) } catch {
                problems.append("\(at): \(error)"); continue
            }
            let path = examplePath(for: p)
            for example in p.matches {
                let detailed = scanner.scanDetailed(path: path, content: Array(example.text.utf8)).filter { $0.finding.rule == p.id }
                let findings = detailed.map(\.finding)
                if findings.isEmpty {
                    problems.append("\(at): no finding in match example \(quoted(example.text))")
                } else if let expected = example.secret, !findings.contains(where: { $0.secret == expected }) {
                    let got = findings.compactMap(\.secret).map(quoted).joined(separator: ", ")
                    problems.append("\(at): expected secret \(quoted(expected)) in \(quoted(example.text)), got \(got)")
                } else if !detailed.contains(where: { $0.weak == example.weak && (example.secret == nil || $0.finding.secret == example.secret) }) {
                    problems.append("\(at): match example \(quoted(example.text)) should be reported as \(example.weak ? "a weak" : "a strong") value")
                }
            }
            for text in p.nonMatches {
                let findings = scanner.scan(path: path, content: Array(text.utf8), lines: nil).filter { $0.rule == p.id }
                if let f = findings.first {
                    problems.append("\(at): finding \(quoted(f.secret ?? "")) in non-match example \(quoted(text))")
                }
            }
            if !scanner.errors.isEmpty { problems += scanner.errors.map { "\(at): \($0)" } }
        }
        return problems
    }

    /// A file name the pattern's path globs accept, so path-limited patterns can be tried on their examples.
    static func examplePath(for p: SecretPattern) -> String {
        guard let first = p.paths.first, case .glob(let glob) = first else { return "example.txt" }
        var path = glob.replacingOccurrences(of: "**/", with: "").replacingOccurrences(of: "**", with: "x")
            .replacingOccurrences(of: "*", with: "x").replacingOccurrences(of: "?", with: "x")
        if let brace = path.firstIndex(of: "{"), let comma = path[brace...].firstIndex(where: { $0 == "," || $0 == "}" }),
           let close = path[brace...].firstIndex(of: "}") {
            path = String(path[..<brace]) + path[path.index(after: brace)..<comma] + path[path.index(after: close)...]
        }
        return path
    }

    private static func isKebabCase(_ id: String) -> Bool {
        !id.isEmpty && id.first != "-" && id.last != "-" && !id.contains("--")
            && id.allSatisfy { ($0.isLetter && $0.isLowercase && $0.isASCII) || ($0.isNumber && $0.isASCII) || $0 == "-" }
    }

    private static func quoted(_ s: String) -> String {
        let short = s.count > 120 ? String(s.prefix(120)) + "…" : s
        return "\"" + short.replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
