import Findings

extension Reviewer {
    /// A finding's text quotes the lines from its start to its end (a long statement: the first 200) and
    /// the line its data came from.
    static func linesShown(_ f: Finding) -> [Int] {
        let last = min(max(f.line, f.endLine ?? f.line), f.line + 200)
        var lines = Array(f.line...max(f.line, last))
        if let s = f.source { lines.append(s.line) }
        return lines
    }

    /// Every credential on the lines a finding shows, redacted from its snippet, message, fix and data
    /// source, whichever detector found the credential and whichever rule made the finding: a secret
    /// pattern's snippet showing a second token, a command-injection snippet on a line with a token.
    static func redacting(_ findings: [Finding], credentials: [Credential]) -> [Finding] {
        guard !credentials.isEmpty else { return findings }
        var byLine: [Int: [String]] = [:]
        for c in credentials { byLine[c.line, default: []].append(c.text) }
        return findings.map { finding in
            let secrets = linesShown(finding).flatMap { byLine[$0] ?? [] }
            guard !secrets.isEmpty else { return finding }
            var f = finding
            f.snippet = f.snippet.map { Redaction.redact($0, hiding: secrets) }
            f.message = Redaction.redact(f.message, hiding: secrets)
            f.fix = Redaction.redact(f.fix, hiding: secrets)
            if let s = f.source { f.source!.description = Redaction.redact(s.description, hiding: secrets) }
            return f
        }
    }
}
