import Findings
/// Path globs, matched against repository-relative paths with "/": the config's `exclude` and
/// `allowlist.paths`, and the `paths` of secret patterns. (gitleaks path regexes stay regexes.)
///
/// - `*` matches any run of characters within one path segment, `?` one character, `[a-z]` / `[!a-z]`
///   a character class, `\x` the character x.
/// - `**` as a whole segment matches any number of segments, including none: `**/*.min.js`, `docs/**`.
/// - A pattern without "/" matches at any depth, as in .gitignore: `*.min.js` is `**/*.min.js`.
///   A leading "/" anchors it to the repository root instead: `/setup.py`.
/// - A pattern that matches a folder matches everything inside it: `docs`, `docs/` and `tests/fixtures`
///   each cover the files below them.
/// - `{a,b}` is alternation: `*.{yml,yaml}`.
public struct Glob: Hashable, Sendable {
    public let pattern: String
    /// One segment list per brace alternative.
    private let alternatives: [[Segment]]
    /// Per alternative, its longest run of literal characters as UTF-8: a path that lacks it cannot match.
    /// Secret patterns test a few dozen globs against every file, and this rejects nearly all of them
    /// without the segment-by-segment match.
    private let requiredLiterals: [[UInt8]]

    private enum Token: Hashable, Sendable {
        case literal(Unicode.Scalar)
        case any
        case star
        case set([ClosedRange<UInt32>], negated: Bool)
    }

    private enum Segment: Hashable, Sendable {
        case anyDepth
        case tokens([Token])
    }

    public init(_ pattern: String) {
        self.pattern = pattern
        alternatives = Glob.expandBraces(pattern).map(Glob.segments)
        requiredLiterals = alternatives.map(Glob.longestLiteral)
    }

    private static func longestLiteral(_ segments: [Segment]) -> [UInt8] {
        var best: [UInt8] = [], run: [UInt8] = []
        func close() { if run.count > best.count { best = run }; run = [] }
        for segment in segments {
            guard case .tokens(let tokens) = segment else { close(); continue }
            for token in tokens {
                if case .literal(let c) = token { run += Array(String(Character(c)).utf8) } else { close() }
            }
            close()
        }
        return best
    }

    private static func segments(_ pattern: String) -> [Segment] {
        var p = Substring(pattern)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        let anchored = p.hasPrefix("/")
        while p.hasPrefix("/") { p = p.dropFirst() }
        while p.hasSuffix("/") { p = p.dropLast() }
        var parts = p.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if !anchored && parts.count == 1 { parts.insert("**", at: 0) }
        var segments: [Segment] = []
        for part in parts {
            if part == "**" {
                // Consecutive "**" mean the same as one, and collapsing them keeps matching linear.
                if segments.last != .anyDepth { segments.append(.anyDepth) }
            } else {
                segments.append(.tokens(Glob.tokenize(part)))
            }
        }
        return segments
    }

    /// `a{b,c}d{e,f}` → abde, abdf, acde, acdf; an unbalanced brace is a literal.
    private static func expandBraces(_ pattern: String) -> [String] {
        let chars = Array(pattern)
        guard let open = chars.firstIndex(of: "{") else { return [pattern] }
        var depth = 0, close: Int?
        var commas: [Int] = []
        for i in open..<chars.count {
            if chars[i] == "{" { depth += 1 }
            if chars[i] == "}" { depth -= 1; if depth == 0 { close = i; break } }
            if chars[i] == ",", depth == 1 { commas.append(i) }
        }
        guard let close, !commas.isEmpty else { return [pattern] }
        let head = String(chars[..<open]), tail = String(chars[(close + 1)...])
        let bounds = [open] + commas + [close]
        var expanded: [String] = []
        for k in 0..<(bounds.count - 1) {
            let option = String(chars[(bounds[k] + 1)..<bounds[k + 1]])
            expanded += expandBraces(head + option + tail)
        }
        return expanded
    }

    public func matches(_ path: String) -> Bool { matches(SplitPath(path)) }

    /// For matching one path against many globs: split it once.
    public func matches(_ path: SplitPath) -> Bool {
        for (segments, literal) in zip(alternatives, requiredLiterals)
        where path.contains(literal) && Glob.matches(segments, path.names) {
            return true
        }
        return false
    }

    /// A path cut into its segments, as globs read it.
    public struct SplitPath: Sendable {
        let names: [[Unicode.Scalar]]
        /// The path's UTF-8, for the literal prefilter.
        private let bytes: [UInt8]
        public init(_ path: String) {
            var p = Substring(path)
            while p.hasPrefix("./") { p = p.dropFirst(2) }
            while p.hasPrefix("/") { p = p.dropFirst() }
            names = p.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.unicodeScalars) }
            bytes = Array(p.utf8)
        }

        func contains(_ literal: [UInt8]) -> Bool { bytes.containsBytes(literal) }
    }

    private static func matches(_ segments: [Segment], _ names: [[Unicode.Scalar]]) -> Bool {
        if segments.isEmpty { return false }
        // reachable[j]: the pattern segments seen so far can consume exactly the first j path segments.
        // Updated in place (one array per match: secret patterns test their paths for every file).
        var reachable = [Bool](repeating: false, count: names.count + 1)
        reachable[0] = true
        for segment in segments {
            var any = false
            switch segment {
            case .anyDepth:
                var seen = false
                for j in 0...names.count {
                    seen = seen || reachable[j]
                    reachable[j] = seen
                }
                any = seen
            case .tokens(let tokens):
                // Descending, so reachable[j] is still the previous step's value when j + 1 is written.
                for j in stride(from: names.count - 1, through: 0, by: -1) {
                    reachable[j + 1] = reachable[j] && Glob.match(tokens, names[j])
                    any = any || reachable[j + 1]
                }
                reachable[0] = false
            }
            if !any { return false }
        }
        // Matching a leading part of the path is enough: that part is a folder holding the file.
        // An empty match (a pattern of only "**") covers everything.
        return true
    }

    public static func matchesAny(_ globs: [Glob], _ path: String) -> Bool {
        guard !globs.isEmpty else { return false }
        let split = SplitPath(path)
        return globs.contains { $0.matches(split) }
    }

    private static func tokenize(_ part: String) -> [Token] {
        let scalars = Array(part.unicodeScalars)
        var tokens: [Token] = []
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            switch c {
            case "*":
                if tokens.last != .star { tokens.append(.star) }
                i += 1
            case "?":
                tokens.append(.any); i += 1
            case "\\" where i + 1 < scalars.count:
                tokens.append(.literal(scalars[i + 1])); i += 2
            case "[":
                if let (token, end) = parseSet(scalars, from: i) {
                    tokens.append(token); i = end
                } else {
                    tokens.append(.literal(c)); i += 1   // An unclosed "[" is just a character.
                }
            default:
                tokens.append(.literal(c)); i += 1
            }
        }
        return tokens
    }

    /// Parses `[...]` starting at `start`; returns the token and the index after "]".
    private static func parseSet(_ s: [Unicode.Scalar], from start: Int) -> (Token, Int)? {
        var i = start + 1
        var negated = false
        if i < s.count, s[i] == "!" || s[i] == "^" { negated = true; i += 1 }
        var ranges: [ClosedRange<UInt32>] = []
        var first = true
        while i < s.count {
            if s[i] == "]" && !first { return (.set(ranges, negated: negated), i + 1) }
            first = false
            var lo = s[i]
            if lo == "\\", i + 1 < s.count { i += 1; lo = s[i] }
            if i + 2 < s.count, s[i + 1] == "-", s[i + 2] != "]" {
                let hi = s[i + 2]
                if lo.value <= hi.value { ranges.append(lo.value...hi.value) }
                i += 3
            } else {
                ranges.append(lo.value...lo.value)
                i += 1
            }
        }
        return nil
    }

    /// Wildcard match of one segment; on a mismatch, retries from the last "*" one character further.
    /// Stars never span "/", so this greedy retry is exact and at worst quadratic in the segment length.
    private static func match(_ tokens: [Token], _ name: [Unicode.Scalar]) -> Bool {
        var t = 0, n = 0
        var starToken = -1, starName = 0
        while n < name.count {
            if t < tokens.count, tokens[t] != .star, single(tokens[t], name[n]) {
                t += 1; n += 1
            } else if t < tokens.count, tokens[t] == .star {
                starToken = t; starName = n; t += 1
            } else if starToken >= 0 {
                t = starToken + 1; starName += 1; n = starName
            } else {
                return false
            }
        }
        while t < tokens.count, tokens[t] == .star { t += 1 }
        return t == tokens.count
    }

    private static func single(_ token: Token, _ c: Unicode.Scalar) -> Bool {
        switch token {
        case .literal(let l): return l == c
        case .any: return true
        case .star: return true
        case .set(let ranges, let negated): return ranges.contains { $0.contains(c.value) } != negated
        }
    }
}
