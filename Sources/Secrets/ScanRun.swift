import Findings
import Foundation

/// The state of one `scan` call: one keyword pass over the file, then the regexes of the patterns whose
/// keywords occurred, on the lines where they occurred (or over the file, for multiline patterns).
struct ScanRun {
    private struct Candidate {
        var finding: Finding
        var range: Range<Int>
        var pattern: Int
        var weak: Bool
    }

    let scanner: SecretScanner
    let path: String
    let content: [UInt8]
    let lines: Set<Int>?
    private var scratch: PCRE2Regex.Scratch?
    /// The path split once per file for the glob conditions of path-limited patterns.
    private var splitPath: Glob.SplitPath?
    /// Per pattern: 0 not yet checked, 1 applies to this path, 2 does not, 3 stopped after a runtime error.
    private var status: [UInt8]
    private var lineStamp: [Int]
    private var counter = LineCounter()
    private var found: [Candidate] = []
    /// Keyword occurrences of the current pass, kept to reuse its storage.
    private var hits: [KeywordMatcher.Hit] = []
    /// (line start, offset, characters from line start to offset) of the last column computed, so many
    /// findings on one huge line cost one pass over it, not one each.
    private var columnMemo = (line: -1, offset: 0, characters: 0)
    /// Whether the line starting at `line` carries a suppression marker; a huge line is searched once.
    private var suppressionMemo = (line: -1, suppressed: false)
    /// A test or example path lowers every finding's confidence; decided once per file.
    private lazy var inFixtures = PathKinds.looksLikeFixture(path)
    /// Whether the file starts like an XML or JSON document, for `hasSignature`; nil until asked.
    private var documentStart: Bool?

    init(scanner: SecretScanner, path: String, content: [UInt8], lines: Set<Int>?) {
        self.scanner = scanner
        self.path = path
        self.content = content
        self.lines = lines
        status = [UInt8](repeating: 0, count: scanner.compiled.count)
        lineStamp = [Int](repeating: -1, count: scanner.compiled.count)
    }

    mutating func execute() -> SecretScanner.ScanResult {
        let detailed = executeDetailed()
        return .init(findings: detailed.findings.map(\.finding), credentials: detailed.credentials)
    }

    /// The findings, each with whether its value is weak (for the example checks), and every credential's text.
    mutating func executeDetailed() -> (findings: [(finding: Finding, weak: Bool)], credentials: [Credential]) {
        let verdict = pathVerdict()
        if verdict.skipped { return ([], []) }
        let content = self.content
        content.withUnsafeBufferPointer { buffer in
            var multiline: [Int] = []
            // A change's added lines are usually a sliver of the file: look for keywords only there.
            let ranges = lines.map { ScanRun.byteRanges(of: $0, in: buffer) } ?? [0..<buffer.count]
            let keywords = scanner.keywordIndex(adding: applyingPathLimited(verdict))
            for range in ranges {
                keywordPass(keywords, buffer, from: range.lowerBound, to: range.upperBound, multiline: &multiline)
            }

            let everyLine = scanner.unconditional.filter { !scanner.compiled[$0].multiline }
            if !everyLine.isEmpty {
                var start = 0
                while start <= buffer.count {
                    let end = ScanRun.lineEnd(from: start, buffer)
                    runLine(everyLine, start: start, end: end, buffer)
                    start = end + 1
                }
            }
            multiline += scanner.unconditional.filter { scanner.compiled[$0].multiline }
            for p in multiline.sorted() where applies(p) {
                run(pattern: p, subject: 0..<buffer.count, lineMode: false, buffer)
            }
            structuredPass(buffer)
        }
        return deduplicated()
    }

    /// Finds keywords from byte `from` to `to` (a line boundary) and runs the patterns they name on their
    /// lines, each line once, as the pass leaves it; multiline patterns are only collected.
    private mutating func keywordPass(_ keywords: SecretScanner.KeywordIndex, _ buffer: UnsafeBufferPointer<UInt8>,
                                      from: Int, to: Int, multiline: inout [Int]) {
        guard !keywords.isEmpty else { return }
        // Locals, so the loop does not retain the scanner's arrays on every hit.
        let patternStart = keywords.patternStart
        let patternIDs = keywords.patternIDs
        let multilineFlags = scanner.multilineFlags
        var lineStart = from, lineEnd = from - 1
        var candidates: [Int] = []
        // A slice of starts at a time: a 50 MB line of keywords must not become one 50 MB list of hits.
        var sliceStart = from
        while sliceStart < to {
            let sliceEnd = min(to, sliceStart + ScanRun.keywordSlice)
            hits.removeAll(keepingCapacity: true)
            keywords.matcher.collect(in: buffer, starts: sliceStart..<sliceEnd, end: to, into: &hits)
            sliceStart = sliceEnd
            for hit in hits {
                // Keywords hold no newline, so a keyword lies on the line where it starts.
                let at = hit.start
                if at > lineEnd {
                    candidates.sort()
                    runLine(candidates, start: lineStart, end: lineEnd, buffer)
                    candidates.removeAll(keepingCapacity: true)
                    lineStart = ScanRun.lineStart(before: at, floor: lineEnd + 1, buffer)
                    lineEnd = ScanRun.lineEnd(from: at, buffer)
                }
                let keyword = Int(hit.keyword)
                for j in Int(patternStart[keyword])..<Int(patternStart[keyword + 1]) {
                    let p = Int(patternIDs[j])
                    if lineStamp[p] == lineStart || lineStamp[p] == -2 { continue }
                    if multilineFlags[p] {
                        lineStamp[p] = -2
                        multiline.append(p)
                    } else {
                        lineStamp[p] = lineStart
                        candidates.append(p)
                    }
                }
            }
        }
        candidates.sort()
        runLine(candidates, start: lineStart, end: lineEnd, buffer)
    }

    /// Password values of YAML, JSON and TOML files read by a parser, for what the line patterns cannot
    /// see (flow mappings, inline tables, values below their key). Only when the keyword pass met a
    /// password word (on the lines given, for a change), so ordinary files are never parsed.
    private mutating func structuredPass(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let quoted = scanner.structuredQuoted, StructuredValues.format(of: path) != nil else { return }
        let plain = scanner.structuredPlain
        guard lineStamp[quoted] != -1 || plain.map({ lineStamp[$0] != -1 }) == true else { return }
        for value in StructuredValues.passwordValues(path: path, content: content) {
            let start = ScanRun.lineStart(before: value.range.lowerBound, floor: 0, buffer)
            if let lines, !lines.contains(counter.line(at: start, buffer)) { continue }
            let p = !value.quoted && plain.map({ applies($0) }) == true ? plain! : quoted
            guard applies(p) else { continue }
            consider(p, secret: value.range, match: value.range, line: nil, buffer)
        }
    }

    /// The path-limited patterns that apply to this file: those the path index says a glob matches, and
    /// those whose signature the file holds, less those a path-only allowlist excludes. All are settled
    /// here, so `applies` never matches their globs again. In pattern order (it keys the keyword index).
    private mutating func applyingPathLimited(_ verdict: PathVerdict) -> [Int] {
        for p in scanner.pathLimitedPatterns { status[p] = 2 }
        var applying = verdict.byPath
        for p in verdict.bySignature where hasSignature(scanner.compiled[p].signatures) { applying.append(p) }
        if applying.count > verdict.byPath.count { applying.sort() }
        for p in applying { status[p] = 1 }
        return applying
    }

    /// The path's verdict, made on the first scan of that path (see `PathVerdicts`).
    private mutating func pathVerdict() -> PathVerdict {
        if let known = scanner.pathVerdicts.verdict(for: path) { return known }
        let skipped = scanner.globalAllowlists.contains(where: { $0.isPathOnly && pathMatches($0.paths) })
        var matched = scanner.pathIndex.lookup(path)
        for (p, matcher) in scanner.pathIndex.others where !matched.contains(p) && pathMatches([matcher]) { matched.insert(p) }
        var verdict = PathVerdict(skipped: skipped, byPath: [], bySignature: [])
        for p in scanner.pathLimitedPatterns {
            let c = scanner.compiled[p]
            let byPath = matched.contains(p)
            guard byPath || !c.signatures.isEmpty else { continue }
            if c.allowlists.contains(where: { $0.isPathOnly && pathMatches($0.paths) }) { continue }
            if byPath { verdict.byPath.append(p) } else { verdict.bySignature.append(p) }
        }
        scanner.pathVerdicts.keep(verdict, for: path)
        return verdict
    }

    /// Bytes of starts per keyword slice: small enough that a slice's hits stay few, large enough that
    /// slicing costs nothing.
    static let keywordSlice = 1 << 16

    // MARK: Lines

    /// Byte ranges of the given 1-based lines, consecutive lines merged, each ending at its newline.
    static func byteRanges(of lines: Set<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        guard let base = buffer.baseAddress else { return lines.contains(1) ? [0..<0] : [] }
        let raw = UnsafeRawBufferPointer(buffer)
        var ranges: [Range<Int>] = []
        // `start` is where line `line` starts. The wanted lines in order: between two of them, whole
        // stretches of `chunk` bytes are skipped by counting their newlines, the rest line by line. A
        // stretch holding the next wanted line is walked line by line, and not counted again
        // (`walkUntil`): wanted lines come in runs, and each would count it once more.
        var line = 1, start = 0, walkUntil = 0
        let chunk = 256
        for wanted in lines.filter({ $0 >= 1 }).sorted() {
            while line < wanted {
                if start >= walkUntil && start + chunk <= buffer.count {
                    let n = newlineCount(UnsafeRawBufferPointer(rebasing: raw[start..<start + chunk]))
                    if n < wanted - line {
                        line += n
                        start += chunk
                        continue
                    }
                    walkUntil = start + chunk
                }
                guard start < buffer.count, let hit = memchr(base + start, 0x0A, buffer.count - start) else { return ranges }
                start = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
                line += 1
            }
            let end = lineEnd(from: start, buffer)
            if let previous = ranges.last, previous.upperBound + 1 == start {
                ranges[ranges.count - 1] = previous.lowerBound..<end
            } else {
                ranges.append(start..<end)
            }
        }
        return ranges
    }

    private static func lineStart(before at: Int, floor: Int, _ buffer: UnsafeBufferPointer<UInt8>) -> Int {
        var i = at
        while i > floor && buffer[i - 1] != 0x0A { i -= 1 }
        return i
    }

    /// Index of the newline ending the line containing `from`, or the buffer length.
    private static func lineEnd(from: Int, _ buffer: UnsafeBufferPointer<UInt8>) -> Int {
        guard from < buffer.count, let base = buffer.baseAddress else { return buffer.count }
        guard let hit = memchr(base + from, 0x0A, buffer.count - from) else { return buffer.count }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    private mutating func runLine(_ patterns: [Int], start: Int, end: Int, _ buffer: UnsafeBufferPointer<UInt8>) {
        guard !patterns.isEmpty, end >= start else { return }
        if let lines, !lines.contains(counter.line(at: start, buffer)) { return }
        // Windows line endings: the \r is not part of any secret.
        let trimmedEnd = end > start && buffer[end - 1] == 0x0D ? end - 1 : end
        for p in patterns where applies(p) {
            run(pattern: p, subject: start..<trimmedEnd, lineMode: true, buffer)
        }
    }

    private mutating func applies(_ p: Int) -> Bool {
        if status[p] == 0 {
            let c = scanner.compiled[p]
            var ok = c.paths.isEmpty || pathMatches(c.paths) || hasSignature(c.signatures)
            if ok, c.allowlists.contains(where: { $0.isPathOnly && pathMatches($0.paths) }) { ok = false }
            status[p] = ok ? 1 : 2
        }
        return status[p] == 1
    }

    /// The file's content names its format (`<FileZilla3`, `"encryptedPassword"`) even if its name does not.
    /// Signatures are of XML and JSON stores, so only a file that starts like a document (`<`, `{`, `[`)
    /// is searched: source files, which mention `password` all the time, are never read again for them.
    private mutating func hasSignature(_ signatures: [[UInt8]]) -> Bool {
        guard !signatures.isEmpty else { return false }
        if documentStart == nil {
            let first = content.prefix(4096).drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }.first
            documentStart = first == UInt8(ascii: "<") || first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        }
        guard documentStart == true else { return false }
        return content.withUnsafeBufferPointer { buffer in signatures.contains { Filters.find($0, in: buffer) } }
    }

    private mutating func pathMatches(_ matchers: [PathMatcher]) -> Bool {
        for matcher in matchers {
            switch matcher {
            case .glob(let glob):
                if splitPath == nil { splitPath = Glob.SplitPath(path) }
                if glob.matches(splitPath!) { return true }
            case .regex(let regex): if regex.matches(Array(path.utf8), scratch: scratchSpace()) { return true }
            }
        }
        return false
    }

    private mutating func scratchSpace() -> PCRE2Regex.Scratch {
        if let scratch { return scratch }
        let made = PCRE2Regex.Scratch(maxCaptures: scanner.maxCaptures, limits: scanner.limits)
        scratch = made
        return made
    }

    // MARK: Matching

    private mutating func run(pattern p: Int, subject: Range<Int>, lineMode: Bool, _ buffer: UnsafeBufferPointer<UInt8>) {
        let c = scanner.compiled[p]
        let sub = UnsafeBufferPointer(rebasing: buffer[subject])
        let scratch = scratchSpace()
        var start = 0
        while start <= sub.count {
            switch c.regex.firstMatch(in: sub, from: start, scratch: scratch) {
            case .noMatch:
                return
            case .failure(let message):
                scanner.recordError(pattern: c.pattern.id, path: path, message: message)
                status[p] = 3
                return
            case .match(let whole, let groups):
                let secret = c.group == 0 ? whole : groups[c.group - 1]
                if let secret, !secret.isEmpty {
                    consider(p, secret: (secret.lowerBound + subject.lowerBound)..<(secret.upperBound + subject.lowerBound),
                             match: (whole.lowerBound + subject.lowerBound)..<(whole.upperBound + subject.lowerBound),
                             line: lineMode ? subject : nil, buffer)
                }
                start = whole.isEmpty ? whole.upperBound + 1 : whole.upperBound
            }
        }
    }

    private mutating func consider(_ p: Int, secret range: Range<Int>, match: Range<Int>, line: Range<Int>?, _ buffer: UnsafeBufferPointer<UInt8>) {
        let c = scanner.compiled[p]
        // In line mode the subject is the line; a multiline match needs its own line bounds.
        let lineStart = line?.lowerBound ?? ScanRun.lineStart(before: range.lowerBound, floor: 0, buffer)
        let lineEnd = line?.upperBound ?? ScanRun.lineEnd(from: range.lowerBound, buffer)
        let lineNumber = counter.line(at: lineStart, buffer)
        if c.pattern.multiline, let lines, !lines.contains(lineNumber) { return }
        let secret = content[range]
        let reportsWeak = c.pattern.reportsWeak
        // A weak value is one the entropy floor or the stock-word filters would drop; patterns that report
        // them (passwords) keep it at lower confidence. What is not a value at all is always dropped.
        var weak = false
        if let minimum = c.pattern.entropy, !c.pattern.store, !Entropy.passes(secret, minimum: minimum) {
            guard reportsWeak else { return }
            weak = true
        }
        let lineSlice = content[lineStart..<lineEnd]
        let candidate = Filters.Candidate(secret: secret, line: lineSlice, path: path)
        switch Filters.verdict(candidate, placeholders: c.pattern.placeholders, generic: c.pattern.isGeneric, store: c.pattern.store) {
        case .keep: break
        case .drop: return
        case .weak: guard reportsWeak else { return }; weak = true
        }
        if suppressionMemo.line != lineStart { suppressionMemo = (lineStart, Filters.suppressed(lineSlice)) }
        if suppressionMemo.suppressed { return }
        if range.upperBound > lineEnd {
            // A multi-line secret may carry the marker on its last line instead.
            let lastStart = ScanRun.lineStart(before: max(range.upperBound - 1, lineStart), floor: lineStart, buffer)
            if Filters.suppressed(content[lastStart..<ScanRun.lineEnd(from: lastStart, buffer)]) { return }
        }
        let matched = content[match]
        if allowlisted(c.allowlists, secret: secret, match: matched, line: lineSlice)
            || allowlisted(scanner.globalAllowlists, secret: secret, match: matched, line: lineSlice) { return }
        if !weak, let weakValues = c.weakValues, allowlisted([weakValues], secret: secret, match: matched, line: lineSlice) { weak = true }

        // Where the secret ends, for endLine/endColumn.
        var endLine = lineNumber
        var endLineStart = lineStart
        var i = range.lowerBound
        while i < range.upperBound {
            if buffer[i] == 0x0A { endLine += 1; endLineStart = i + 1 }
            i += 1
        }
        let column = columnOf(range.lowerBound, lineStart: lineStart, buffer)
        let endColumn = endLine == lineNumber
            ? column + ScanRun.characters(buffer, range)
            : ScanRun.characters(buffer, endLineStart..<range.upperBound) + 1
        let finding = FindingBuilder.finding(
            c, path: path, inFixtures: inFixtures, secret: secret, line: content[lineStart..<lineEnd],
            lineNumber: lineNumber, column: column, endLine: endLine, endColumn: endColumn, redact: scanner.redact, weak: weak)
        found.append(Candidate(finding: finding, range: range, pattern: p, weak: weak))
    }

    private mutating func allowlisted(_ lists: [SecretScanner.CompiledAllowlist], secret: ArraySlice<UInt8>,
                                      match: ArraySlice<UInt8>, line: ArraySlice<UInt8>) -> Bool {
        guard !lists.isEmpty else { return false }
        let scratch = scratchSpace()
        for list in lists {
            var outcomes: [Bool] = []
            if !list.regexes.isEmpty {
                let target: [UInt8]
                switch list.target {
                case .secret: target = Array(secret)
                case .match: target = Array(match)
                case .line: target = Array(line)
                }
                outcomes.append(list.regexes.contains { $0.matches(target, scratch: scratch) })
            }
            if !list.stopwords.isEmpty {
                let lower = secret.lowercasedASCII()
                outcomes.append(list.stopwords.contains { lower.containsBytes($0) })
            }
            if !list.paths.isEmpty { outcomes.append(pathMatches(list.paths)) }
            if outcomes.isEmpty { continue }
            if list.requireAll ? outcomes.allSatisfy({ $0 }) : outcomes.contains(true) { return true }
        }
        return false
    }

    private mutating func columnOf(_ offset: Int, lineStart: Int, _ buffer: UnsafeBufferPointer<UInt8>) -> Int {
        var from = lineStart, characters = 0
        if columnMemo.line == lineStart && columnMemo.offset <= offset { from = columnMemo.offset; characters = columnMemo.characters }
        characters += ScanRun.characters(buffer, from..<offset)
        columnMemo = (lineStart, offset, characters)
        return characters + 1
    }

    /// UTF-8 characters in a byte range: bytes that are not continuation bytes.
    private static func characters(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var n = 0
        for i in range where buffer[i] & 0xC0 != 0x80 { n += 1 }
        return n
    }

    /// Overlapping findings describe one secret: keep the specific pattern over a generic one, then the
    /// more severe, then the longer secret, then the earlier pattern. Every candidate's text is a
    /// credential, kept or not: a generic match that lost to a specific one still must not be shown.
    private func deduplicated() -> (findings: [(finding: Finding, weak: Bool)], credentials: [Credential]) {
        func better(_ a: Candidate, _ b: Candidate) -> Bool {
            let pa = scanner.compiled[a.pattern].pattern, pb = scanner.compiled[b.pattern].pattern
            if pa.isGeneric != pb.isGeneric { return !pa.isGeneric }
            if pa.severity != pb.severity { return pa.severity > pb.severity }
            if a.range.count != b.range.count { return a.range.count > b.range.count }
            return a.pattern < b.pattern
        }
        let ordered = found.sorted { $0.range.lowerBound != $1.range.lowerBound ? $0.range.lowerBound < $1.range.lowerBound : better($0, $1) }
        var kept: [Candidate] = []
        // Sorted by start, so the only kept finding a new one can overlap is the one reaching furthest.
        var furthest = -1
        for c in ordered {
            if furthest >= 0, kept[furthest].range.overlaps(c.range) {
                if better(c, kept[furthest]) { kept[furthest] = c }
                continue
            }
            kept.append(c)
            if furthest < 0 || c.range.upperBound > kept[furthest].range.upperBound { furthest = kept.count - 1 }
        }
        var credentials: [Credential] = []
        for c in found {
            credentials += Credential.lines(of: String(decoding: content[c.range], as: UTF8.self), from: c.finding.line)
        }
        let findings: [(finding: Finding, weak: Bool)] = kept.map { (finding: $0.finding, weak: $0.weak) }
            .sorted { (a: (finding: Finding, weak: Bool), b: (finding: Finding, weak: Bool)) in
                (a.finding.line, a.finding.column, a.finding.rule) < (b.finding.line, b.finding.column, b.finding.rule)
            }
        return (findings, credentials)
    }
}

/// 1-based line numbers by counting newlines forward from the last question; scans ask in
/// increasing order almost always, so the whole file is counted about once.
struct LineCounter {
    private var offset = 0
    private var line = 1

    mutating func line(at target: Int, _ buffer: UnsafeBufferPointer<UInt8>) -> Int {
        if target < offset { offset = 0; line = 1 }
        guard let base = buffer.baseAddress else { return line }
        var i = offset
        while i < target, let hit = memchr(base + i, 0x0A, target - i) {
            line += 1
            i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
        }
        offset = target
        return line
    }
}
