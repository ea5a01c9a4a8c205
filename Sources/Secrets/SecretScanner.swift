// Secrets: the secret detector: PCRE2 patterns (Patterns/*.toml embedded at build time, plus those of the
// settings and gitleaks files), keyword prefilter, entropy, value filters and allowlists, credential stores.
// It imports CPCRE2, Findings, TOMLKit and Yams, and knows nothing of git.

import Findings
import Foundation

public enum SecretScannerError: Error, CustomStringConvertible, Equatable {
    case invalidRegex(id: String, reason: String)
    case invalidSecretGroup(id: String, group: Int, groups: Int)
    case duplicateID(String)
    case invalidPatternFile(origin: String, reason: String)

    public var description: String {
        switch self {
        case .invalidRegex(let id, let reason): return "pattern \(id): regex does not compile: \(reason)"
        case .invalidSecretGroup(let id, let group, let groups): return "pattern \(id): secretGroup \(group) but the regex has \(groups) groups"
        case .duplicateID(let id): return "pattern \(id) is defined twice"
        case .invalidPatternFile(let origin, let reason): return "\(origin): \(reason)"
        }
    }
}

/// Finds hardcoded secrets in file contents. Build once (every regex is compiled here, except those of the
/// embedded patterns, which wait for their first match), then call `scan` from any number of threads: all
/// match state is per call.
public final class SecretScanner: @unchecked Sendable {
    struct CompiledAllowlist {
        var regexes: [PCRE2Regex]
        var target: Allowlist.Target
        var stopwords: [[UInt8]]
        var paths: [PathMatcher]
        var requireAll: Bool

        var isPathOnly: Bool { regexes.isEmpty && stopwords.isEmpty && !paths.isEmpty }
    }

    /// A class so the hot path passes references, not copies of the pattern's strings and arrays.
    final class Compiled {
        let pattern: SecretPattern
        let regex: PCRE2Regex
        let group: Int
        let paths: [PathMatcher]
        let allowlists: [CompiledAllowlist]
        /// Values reported at lower confidence (`[pattern.weak]`).
        let weakValues: CompiledAllowlist?
        let signatures: [[UInt8]]
        let multiline: Bool
        /// Built once, shared by every finding of the pattern (a file can hold a million).
        let sentence: String

        init(pattern: SecretPattern, regex: PCRE2Regex, group: Int, paths: [PathMatcher], allowlists: [CompiledAllowlist],
             weakValues: CompiledAllowlist?) {
            self.pattern = pattern; self.regex = regex; self.group = group; self.paths = paths
            self.allowlists = allowlists; self.weakValues = weakValues; self.multiline = pattern.multiline
            self.signatures = pattern.signatures.map { Array($0.utf8) }
            sentence = pattern.description.inSentence
        }
    }

    /// One keyword matcher and, per keyword id, the patterns it enables.
    struct KeywordIndex {
        var matcher: KeywordMatcher
        /// Keyword id k enables `patternIDs[patternStart[k]..<patternStart[k + 1]]`.
        var patternStart: [Int32]
        var patternIDs: [Int32]
        var isEmpty: Bool { patternIDs.isEmpty }

        init(_ compiled: [Compiled], members: [Int]) {
            var ids: [[UInt8]: Int] = [:]
            var words: [[UInt8]] = []
            var patterns: [[Int32]] = []
            for index in members {
                let folded = compiled[index].pattern.keywords.map { Array($0.utf8).map(KeywordMatcher.fold) }.filter { !$0.isEmpty }
                for word in Set(folded) {
                    let id: Int
                    if let known = ids[word] { id = known } else { id = words.count; ids[word] = id; words.append(word); patterns.append([]) }
                    patterns[id].append(Int32(index))
                }
            }
            matcher = KeywordMatcher(keywords: words)
            patternStart = [0]
            patternIDs = []
            for p in patterns { patternIDs += p; patternStart.append(Int32(patternIDs.count)) }
        }
    }

    let compiled: [Compiled]
    let globalAllowlists: [CompiledAllowlist]
    /// Keywords of patterns that apply to every file: one pass over most files.
    let general: KeywordIndex
    private let generalPatterns: [Int]
    /// Patterns limited to some paths (`**/.npmrc`, `**/*.py`). A file that some of them apply to gets
    /// one pass with their keywords added to the general ones, so their keywords cost nothing elsewhere.
    let pathLimitedPatterns: [Int]
    /// Which of them may apply to a path, looked up by its segments.
    let pathIndex: PathIndex
    /// Those a file's content can select too (`signatures`), whatever its path.
    let signaturePatterns: [Int]
    private var combinedIndexes: [[Int]: KeywordIndex] = [:]
    /// What each path decides, made once per path (see `PathVerdicts`).
    let pathVerdicts = PathVerdicts()
    private let indexLock = NSLock()
    /// Patterns without keywords: they run on every line (or every file), which is slow but what they ask for.
    let unconditional: [Int]
    /// Per pattern, whether it runs over whole files; a plain array so the keyword loop retains nothing.
    let multilineFlags: [Bool]
    public let redact: Bool
    /// The patterns that values read by a parser (`StructuredValues`) are reported under: quoted values
    /// as a password assignment, plain ones as a config entry. Nil when the pattern is off.
    let structuredQuoted: Int?
    let structuredPlain: Int?
    let maxCaptures: Int
    let limits: PCRE2Regex.Limits

    private let errorLock = NSLock()
    private var recordedErrors: [String] = []
    private var errorKeys: Set<String> = []

    public convenience init(patterns: [SecretPattern], allowlist: Allowlist = .init(), redact: Bool = true) throws {
        try self.init(patterns: patterns, allowlists: allowlist.isEmpty ? [] : [allowlist], redact: redact)
    }

    public convenience init(patterns: [SecretPattern], allowlists: [Allowlist], redact: Bool = true) throws {
        try self.init(patterns: patterns, allowlists: allowlists, redact: redact, limits: .init())
    }

    init(patterns: [SecretPattern], allowlists: [Allowlist], redact: Bool, limits: PCRE2Regex.Limits) throws {
        var seen: Set<String> = []
        var compiled: [Compiled] = []
        for p in patterns {
            guard seen.insert(p.id).inserted else { throw SecretScannerError.duplicateID(p.id) }
            let regex: PCRE2Regex
            do { regex = try PCRE2Regex.compiling(p.regex) } catch {
                throw SecretScannerError.invalidRegex(id: p.id, reason: "\(error)")
            }
            let group = p.secretGroup ?? (regex.captureCount > 0 ? 1 : 0)
            guard group >= 0, group <= regex.captureCount else {
                throw SecretScannerError.invalidSecretGroup(id: p.id, group: group, groups: regex.captureCount)
            }
            compiled.append(Compiled(
                pattern: p, regex: regex, group: group,
                paths: try p.paths.map { try SecretScanner.compilePath($0, id: p.id) },
                allowlists: try p.allowlists.map { try SecretScanner.compile($0, id: p.id) },
                weakValues: try p.weak.map { try SecretScanner.compile($0, id: p.id) }))
        }
        self.compiled = compiled
        self.globalAllowlists = try allowlists.map { try SecretScanner.compile($0, id: "allowlist") }

        let hasKeywords = compiled.indices.filter { i in compiled[i].pattern.keywords.contains { !$0.isEmpty } }
        self.generalPatterns = hasKeywords.filter { compiled[$0].paths.isEmpty }
        self.general = KeywordIndex(compiled, members: generalPatterns)
        // Including those a file's content can select (`signatures`): `applies` checks the path or the
        // signature before the file's keyword pass, so their keywords cost nothing in other files.
        self.pathLimitedPatterns = hasKeywords.filter { !compiled[$0].paths.isEmpty }
        self.pathIndex = PathIndex(compiled.map(\.paths), members: pathLimitedPatterns)
        self.signaturePatterns = pathLimitedPatterns.filter { !compiled[$0].signatures.isEmpty }
        self.unconditional = compiled.indices.filter { !hasKeywords.contains($0) }
        self.multilineFlags = compiled.map(\.multiline)
        self.redact = redact
        self.limits = limits
        self.structuredQuoted = compiled.firstIndex { $0.pattern.id == "generic-password-assignment" }
        self.structuredPlain = compiled.firstIndex { $0.pattern.id == "generic-password-config" }
        let allRegexes = compiled.map(\.regex) + compiled.flatMap { $0.paths.regexes + $0.allowlists.flatMap { $0.regexes + $0.paths.regexes } }
            + compiled.flatMap { $0.weakValues?.regexes ?? [] }
            + globalAllowlists.flatMap { $0.regexes + $0.paths.regexes }
        self.maxCaptures = allRegexes.map(\.captureCount).max() ?? 0
    }

    /// The keyword index for files that the path-limited patterns `applying` apply to, built once per
    /// distinct set (a repository has few: one per kind of file).
    func keywordIndex(adding applying: [Int]) -> KeywordIndex {
        if applying.isEmpty { return general }
        indexLock.lock(); defer { indexLock.unlock() }
        if let known = combinedIndexes[applying] { return known }
        let made = KeywordIndex(compiled, members: generalPatterns + applying)
        if combinedIndexes.count < 256 { combinedIndexes[applying] = made }
        return made
    }

    private static func compilePath(_ path: PathPattern, id: String) throws -> PathMatcher {
        switch path {
        case .glob(let g): return .glob(Glob(g))
        case .regex(let r):
            do { return .regex(try PCRE2Regex.compiling(r)) } catch {
                throw SecretScannerError.invalidRegex(id: id, reason: "path \(path): \(error)")
            }
        }
    }

    private static func compile(_ a: Allowlist, id: String) throws -> CompiledAllowlist {
        CompiledAllowlist(
            regexes: try a.regexes.map { r in
                do { return try PCRE2Regex.compiling(r) } catch {
                    throw SecretScannerError.invalidRegex(id: id, reason: "allowlist \(r): \(error)")
                }
            },
            target: a.regexTarget,
            stopwords: a.stopwords.map { Array($0.utf8).map(KeywordMatcher.fold) },
            paths: try a.paths.map { try compilePath($0, id: id) },
            requireAll: a.requireAll)
    }

    /// One rule per pattern, for `shortwall rules` and SARIF.
    public var rules: [RuleInfo] { compiled.map(\.pattern.ruleInfo) }

    public var patterns: [SecretPattern] { compiled.map(\.pattern) }

    /// Runtime pattern failures (match/depth/heap limits), one per pattern and file, in the order seen.
    public var errors: [String] {
        errorLock.lock(); defer { errorLock.unlock() }
        return recordedErrors
    }

    func recordError(pattern: String, path: String, message: String) {
        errorLock.lock(); defer { errorLock.unlock() }
        let key = pattern + "\u{0}" + path
        guard recordedErrors.count < 1000, errorKeys.insert(key).inserted else { return }
        recordedErrors.append("pattern \(pattern) on \(path): \(message); matching stopped for this pattern on this file")
    }

    /// JIT-compiles every pattern now rather than at its first match, so a benchmark times matching only.
    public func compileAll() {
        for c in compiled { c.regex.prepare() }
    }

    /// Scans `content` of `path`; when `lines` is given, reports only secrets that start on those 1-based lines.
    public func scan(path: String, content: [UInt8], lines: Set<Int>? = nil) -> [Finding] {
        scanWithCredentials(path: path, content: content, lines: lines).findings
    }

    /// What a scan found, and the plain text of every secret it matched, for Review's redaction step.
    public struct ScanResult: Sendable {
        public var findings: [Finding]
        public var credentials: [Credential]
    }

    public func scanWithCredentials(path: String, content: [UInt8], lines: Set<Int>? = nil) -> ScanResult {
        if let lines, lines.isEmpty { return ScanResult(findings: [], credentials: []) }
        var run = ScanRun(scanner: self, path: normalizedPath(path), content: content, lines: lines)
        return run.execute()
    }

    /// `scan`, with whether each finding's value is weak (reported at lower confidence).
    func scanDetailed(path: String, content: [UInt8]) -> [(finding: Finding, weak: Bool)] {
        var run = ScanRun(scanner: self, path: normalizedPath(path), content: content, lines: nil)
        return run.executeDetailed().findings
    }
}

extension SecretScanner {
    /// The patterns embedded in the binary, by file name, for tests and `shortwall rules`.
    public static var embeddedPatternFiles: [(name: String, contents: String)] { EmbeddedPatterns.files }

    /// Every pattern of every embedded file, without examples, with the problems found while loading
    /// them. Parsed once per process: the CLI asks twice when a config names rules (to check the ids,
    /// then to build).
    public static func embeddedPatterns() throws -> PatternLoadResult { try loadedEmbedded.get() }

    /// The embedded files with their example tables taken out: only the test suite reads examples.
    static var embeddedRuntimePatternFiles: [(name: String, contents: String)] { EmbeddedPatterns.runtimeFiles }

    /// Read from the pattern files at build time (embed-patterns), so a run parses no TOML; the test suite
    /// checks that `loadPatterns` reads the same from the files.
    private static let loadedEmbedded = Result { () throws -> PatternLoadResult in
        var result = PatternLoadResult()
        (result.patterns, result.allowlists) = EmbeddedPatterns.patternTable()
        return result
    }

    private static let shared: Result<SecretScanner, Error> = Result {
        let loaded = try embeddedPatterns()
        return try SecretScanner(patterns: loaded.patterns, allowlists: loaded.allowlists)
    }

    /// The embedded patterns, compiled once per process and shared.
    public static func `default`() throws -> SecretScanner { try shared.get() }
}

/// A compiled path condition: a glob from Shortwall's pattern files, or a path regex from a gitleaks file.
enum PathMatcher {
    case glob(Glob)
    case regex(PCRE2Regex)
}

extension Array where Element == PathMatcher {
    var regexes: [PCRE2Regex] { compactMap { if case .regex(let r) = $0 { return r } else { return nil } } }
}

/// Paths are matched without a leading "./" or "/" so "a/b.py" and "./a/b.py" agree.
func normalizedPath(_ path: String) -> String {
    var p = Substring(path)
    while p.hasPrefix("./") { p = p.dropFirst(2) }
    while p.hasPrefix("/") { p = p.dropFirst() }
    return String(p)
}
