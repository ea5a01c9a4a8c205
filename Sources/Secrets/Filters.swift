import Findings
import Foundation

/// False-positive filters: reasons a string a pattern matched is not a live secret.
/// Each returns a short reason (for debugging and tests) or nil. All work on bytes and are only called
/// for regex matches, so clarity wins over speed here.
enum Filters {
    /// Keys published in vendor documentation; never real, always filtered.
    static let documentedExamples: [[UInt8]] = [
        "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AKIAI44QH8DHBEXAMPLE", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "pk_test_TYooMQauvdEDq54NiTphI7jx",
        "sk_test_BQokikJOvBiI2HlWgH4olfQ2",
        // The signature of the token shown on jwt.io.
        "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        "xoxb-not-a-real-token-this-will-not-work",
    ].map { Array($0.utf8) }

    static let lockFiles: Set<String> = [
        "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock", "poetry.lock",
        "Pipfile.lock", "pdm.lock", "uv.lock", "go.sum", "Cargo.lock", "composer.lock", "Gemfile.lock",
        "packages.lock.json", "flake.lock", "mix.lock", "pubspec.lock", "Podfile.lock", "gradle.lockfile",
        "Package.resolved", "conda-lock.yml",
    ]

    /// Context for one candidate: the secret and the line it starts on, as byte slices of the file.
    struct Candidate {
        var secret: ArraySlice<UInt8>
        /// The line the secret starts on, without the newline.
        var line: ArraySlice<UInt8>
        var path: String
    }

    /// What the filters make of a candidate: a value to report, a weak value (typed by a person: a stock
    /// word, a name, a short run), or not a value at all (a reference, a template, a mask, an example key).
    enum Verdict: Equatable {
        case keep
        case weak(String)
        case drop(String)
    }

    /// The first filter that rejects the candidate, or nil to report it.
    /// `generic`: the pattern is a fallback (`generic-…`). Only those are held to the identifier filter: a
    /// provider pattern's regex already demands its provider's name or prefix next to the value, so a
    /// 40-hex or UUID value there (`DEEPGRAM_KEY = "3f9a…"`, `SNYK_KEY=0d8a…-…`) is the key, not a commit id.
    static func rejection(_ c: Candidate, placeholders: Bool, generic: Bool = true) -> String? {
        switch verdict(c, placeholders: placeholders, generic: generic) {
        case .keep: return nil
        case .weak(let reason), .drop(let reason): return reason
        }
    }

    /// `store`: the file's format says the value is a credential (a `.pgpass` entry, a FileZilla `<Pass>`),
    /// so only what is clearly not a value is dropped; stock words and template words are kept there.
    static func verdict(_ c: Candidate, placeholders: Bool, generic: Bool = true, store: Bool = false) -> Verdict {
        if let r = documentedExample(c.secret) { return .drop(r) }
        guard placeholders else { return .keep }
        if let r = environmentLookup(c) ?? templateVariable(c.secret) ?? mask(c.secret) { return .drop(r) }
        if store { return .keep }
        if let r = templateWord(c.secret) ?? constantName(c) ?? lockFileHash(c) ?? subresourceIntegrity(c)
            ?? (generic ? identifierWithoutContext(c) : nil) { return .drop(r) }
        if let r = repeatedOrSequential(c.secret) ?? placeholderWord(c.secret) ?? nameLike(c.secret) ?? repeatsItsKey(c) { return .weak(r) }
        return .keep
    }

    static func documentedExample(_ secret: ArraySlice<UInt8>) -> String? {
        documentedExamples.contains { secret.containsBytes($0) } ? "documented example key" : nil
    }

    private static let envCalls: [[UInt8]] = [
        "environ[", "environ.get(", "getenv(", "process.env", "env[", "env.fetch(", "env(", "environment.getenvironmentvariable(",
        "system.getenv(", "os.getenv", "os.environ", "import.meta.env", "secrets.", "vars.", "config(", "settings.",
    ].map { Array($0.utf8) }

    /// `os.environ["X"]`, `getenv("X")`, `process.env.X`, `${VAR}`, `$VAR`: the code reads the secret, it does not hold it.
    static func environmentLookup(_ c: Candidate) -> String? {
        let secret = c.secret.lowercasedASCII()
        if envCalls.contains(where: { secret.containsBytes($0) }) { return "environment lookup" }
        // `$VAR` / `${VAR}` / `$env:VAR` as the whole value.
        if let first = secret.first, first == UInt8(ascii: "$") {
            let rest = secret.dropFirst().filter { $0 != UInt8(ascii: "{") && $0 != UInt8(ascii: "}") && $0 != UInt8(ascii: ":") }
            if !rest.isEmpty, rest.allSatisfy({ $0.isIdentifierByte }) { return "environment variable reference" }
        }
        // The secret is the name inside a lookup: `os.environ["API_KEY"]` with the group capturing `API_KEY`.
        if let start = c.secret.indices.first, start >= c.line.startIndex {
            let before = c.line[max(c.line.startIndex, start - 40)..<start].lowercasedASCII()
            let trimmed = before.trimmingTrailing { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: " ") }
            if envCalls.contains(where: { trimmed.hasSuffixBytes($0) }) || trimmed.hasSuffixBytes(Array("process.env.".utf8)) {
                return "environment lookup"
            }
        }
        return nil
    }

    /// `${X}`, `{{ x }}`, `%(x)s`, `<your-token>`, `{api_key}`, `$(cmd)`, `#{x}`: a template, not a value.
    static func templateVariable(_ secret: ArraySlice<UInt8>) -> String? {
        let markers: [[UInt8]] = ["${", "{{", "}}", "%(", "$(", "#{", "{%"].map { Array($0.utf8) }
        if markers.contains(where: { secret.containsBytes($0) }) { return "template variable" }
        if let f = secret.first, let l = secret.last {
            if f == UInt8(ascii: "<") && l == UInt8(ascii: ">") { return "template variable" }
            if f == UInt8(ascii: "{") && l == UInt8(ascii: "}") && secret.count < 64 { return "template variable" }
        }
        return nil
    }

    private static let maskBytes: Set<UInt8> = [UInt8(ascii: "x"), UInt8(ascii: "*"), UInt8(ascii: "#"), UInt8(ascii: ".")]
    /// The UTF-8 bytes of `•`, which password fields display.
    private static let bulletBytes: Set<UInt8> = [0xE2, 0x80, 0xA2]
    private static let maskWords: [[UInt8]] = ["redacted", "[hidden]", "<hidden>", "[masked]", "<masked>", "[removed]", "<removed>"]
        .map { Array($0.utf8) }

    /// `********`, `xxxxxxxx`, `****abcd`, `••••••`, `[redacted]`: a value someone hid, not a value.
    static func mask(_ secret: ArraySlice<UInt8>) -> String? {
        guard secret.count < 100 else { return nil }
        let lower = Array(secret.lowercasedASCII())
        var run = 1
        for i in lower.indices.dropFirst() {
            run = lower[i] == lower[i - 1] ? run + 1 : 1
            if run >= 4 && maskBytes.contains(lower[i]) { return "mask" }
        }
        if !lower.isEmpty && lower.allSatisfy({ maskBytes.contains($0) || bulletBytes.contains($0) }) { return "mask" }
        if maskWords.contains(where: { lower[...].containsBytes($0) }) { return "mask" }
        return nil
    }

    /// `xxxxxxxx`, `********`, `aaaaaaaa`, `123456`, `abcdef`: typed by a person, not generated.
    static func repeatedOrSequential(_ secret: ArraySlice<UInt8>) -> String? {
        // Long secrets (key blocks) contain runs by chance, e.g. "AAAAAAAA" in OpenSSH keys.
        guard secret.count < 100 else { return nil }
        let bytes = Array(secret.lowercasedASCII())
        var same = 1, up = 1, down = 1
        for i in bytes.indices.dropFirst() {
            let a = bytes[i - 1], b = bytes[i]
            same = b == a ? same + 1 : 1
            let alnum = a.isAlnum && b.isAlnum
            up = alnum && b == a &+ 1 ? up + 1 : 1
            down = alnum && b &+ 1 == a ? down + 1 : 1
            let masking = b == UInt8(ascii: "x") || b == UInt8(ascii: "*") || b == UInt8(ascii: "#") || b == UInt8(ascii: ".")
            if same >= (masking ? 4 : 6) { return "repeated characters" }
            if up >= 6 || down >= 6 { return "sequential characters" }
        }
        if bytes.count >= 6 && Set(bytes).count <= 2 { return "repeated characters" }
        return nil
    }

    private static let placeholderSubstrings: [[UInt8]] = [
        "example", "dummy", "changeme", "change_me", "change-me", "changeit", "placeholder", "redacted", "your_", "your-",
        "<your", "yourapi", "yourkey", "yoursecret", "yourtoken", "yourpassword", "insert_", "insert-", "insertyour",
        "replace_me", "replaceme", "replace-me", "fake", "sample", "notreal", "not_real", "not-real", "not_a_real",
        "not-a-real", "lorem", "ipsum", "xxxx", "****", "....", "<redacted>", "mysecret", "my_secret", "mypassword",
        "secret_here", "key_here", "token_here", "password_here",
    ].map { Array($0.utf8) }

    /// `changeme`, `your-password-here`, `<your-token>`, `example-key`: the words of a sample file, which
    /// nobody uses as a real value. Not applied in credential stores, where the file is the real thing.
    static func templateWord(_ secret: ArraySlice<UInt8>) -> String? {
        let lower = secret.lowercasedASCII()
        return placeholderSubstrings.contains(where: { lower.containsBytes($0) }) ? "placeholder" : nil
    }

    /// Words people type as stand-ins. A secret made only of these and short numbers is a placeholder.
    private static let placeholderWords: Set<[UInt8]> = Set([
        "test", "testing", "tests", "mock", "fake", "dummy", "demo", "sample", "example", "foo", "bar", "baz", "qux",
        "my", "your", "our", "the", "a", "api", "key", "keys", "secret", "secrets", "token", "tokens", "password",
        "passwd", "pass", "pwd", "access", "auth", "private", "public", "client", "id", "value", "here", "goes", "put",
        "changeme", "admin", "root", "user", "username", "default", "none", "null", "nil", "undefined", "true", "false",
        "abc", "xyz", "string", "str", "some", "dev", "local", "localhost", "prod", "staging", "db", "database", "app",
        "service", "server", "hello", "world", "bearer", "new", "old", "temp", "tmp", "todo", "fixme", "xxx", "unknown",
        "empty", "blank", "invalid", "valid", "dev", "development", "production", "s3cr3t", "p4ssw0rd", "letmein",
        "qwerty", "welcome", "guest", "super",
    ].map { Array($0.utf8) })

    static func placeholderWord(_ secret: ArraySlice<UInt8>) -> String? {
        if let r = templateWord(secret) { return r }
        let lower = secret.lowercasedASCII()
        var words = 0
        var allWords = true
        for segment in lower.split(whereSeparator: { !$0.isAlnum }) {
            if segment.allSatisfy({ $0.isDigit }) && segment.count <= 6 { continue }
            if placeholderWords.contains(Array(segment)) { words += 1 } else { allWords = false; break }
        }
        return allWords && words > 0 ? "placeholder words" : nil
    }

    /// Integrity hashes in lock files look exactly like base64 or hex keys.
    static func lockFileHash(_ c: Candidate) -> String? {
        let name = c.path.split(separator: "/").last.map(String.init) ?? c.path
        guard lockFiles.contains(name) else { return nil }
        var secret = c.secret
        for prefix in ["sha1-", "sha256-", "sha384-", "sha512-", "h1:", "sha256:", "sha512:"] {
            if secret.lowercasedASCII().starts(with: prefix.utf8) { secret = secret.dropFirst(prefix.utf8.count); break }
        }
        return secret.allSatisfy({ $0.isAlnum || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "=") })
            ? "hash in lock file" : nil
    }

    /// `integrity="sha384-…"` on script and link tags, and `integrity` fields elsewhere.
    static func subresourceIntegrity(_ c: Candidate) -> String? {
        let prefixes = ["sha256-", "sha384-", "sha512-"].map { Array($0.utf8) }
        let secret = c.secret.lowercasedASCII()
        if prefixes.contains(where: { secret.starts(with: $0) }) { return "subresource integrity hash" }
        if let start = c.secret.indices.first, start >= c.line.startIndex {
            let before = c.line[max(c.line.startIndex, start - 8)..<start].lowercasedASCII()
            if prefixes.contains(where: { before.hasSuffixBytes($0) }) { return "subresource integrity hash" }
        }
        let (before, after) = context(c)
        if (before + after).lowercasedASCII().containsBytes(Array("integrity".utf8)),
           c.secret.allSatisfy({ $0.isAlnum || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "=") }) {
            return "subresource integrity hash"
        }
        return nil
    }

    private static let credentialWords: [[UInt8]] = [
        "secret", "token", "passw", "pwd", "apikey", "api_key", "api-key", "auth", "credential", "private_key",
        "privatekey", "access_key", "accesskey", "bearer", "signing", "client_key",
    ].map { Array($0.utf8) }

    /// A 40/64-hex git object id or a UUID is an identifier unless the line names it as a credential.
    static func identifierWithoutContext(_ c: Candidate) -> String? {
        let s = Array(c.secret)
        let isHex = !s.isEmpty && s.allSatisfy { $0.isHexDigit }
        let commit = isHex && (s.count == 40 || s.count == 64)
        let uuid = s.count == 36 && s.enumerated().allSatisfy { i, b in
            [8, 13, 18, 23].contains(i) ? b == UInt8(ascii: "-") : b.isHexDigit
        }
        guard commit || uuid else { return nil }
        // The line around the secret, without the secret itself.
        let (before, after) = context(c)
        let lower = (before + after).lowercasedASCII()
        if credentialWords.contains(where: { lower.containsBytes($0) }) { return nil }
        return commit ? "git object id" : "UUID"
    }

    /// `PASSWORD = "PASSWORD"`: an upper-case constant holding its own name (an enum case, the name of an
    /// environment variable or a form field), not a value. `IRC_PASS=irc_pass` is a value: see `repeatsItsKey`.
    static func constantName(_ c: Candidate) -> String? {
        guard c.secret.count >= 3, c.secret.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || $0.isDigit || $0 == UInt8(ascii: "_") }) else { return nil }
        let (before, _) = context(c, radius: 80)
        let name = before.trimmingTrailing { !$0.isIdentifierByte }.reversed().prefix { $0.isIdentifierByte }.reversed()
        return name.elementsEqual(c.secret) ? "constant holding its own name" : nil
    }

    /// `IRC_PASS=irc_pass`, `AdminPassword=AdminPassword123`: the value's letters are the name's, so a
    /// person typed the name again (plus digits), which is guessable by anyone who reads the key.
    static func repeatsItsKey(_ c: Candidate) -> String? {
        let letters = c.secret.filter { $0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A }.map { $0 | 0x20 }
        guard letters.count >= 3 else { return nil }
        let (before, _) = context(c, radius: 80)
        // The name: the last run of identifier characters (and dots and dashes) before the separator.
        var name: [UInt8] = []
        var sawName = false
        for b in before.reversed() {
            if b.isIdentifierByte || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") {
                sawName = true
                if b.isAlnum && !b.isDigit { name.append(b | 0x20) }
            } else if sawName { break }
        }
        name.reverse()
        return name[...].containsBytes(letters) ? "value repeats its key" : nil
    }

    /// `bare-quoted-string`, `Proxy-Authorization`, `getAuthToken`: names made of words, which generic
    /// patterns meet constantly (`token_type = 'quoted-string'`). Generated secrets have digits or
    /// case changes every couple of characters; these have neither.
    static func nameLike(_ secret: ArraySlice<UInt8>) -> String? {
        let separators: Set<UInt8> = [0x2D, 0x5F, 0x2E, 0x20]  // - _ . space
        guard secret.allSatisfy({ ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || separators.contains($0) }) else { return nil }
        for segment in secret.split(whereSeparator: { separators.contains($0) }) {
            guard segment.count >= 2 else { return nil }
            // camelCase pieces: a new piece starts at each upper-case letter after a lower-case one.
            var piece = 0
            var previousLower = false
            var pieces: [Int] = []
            for b in segment {
                let upper = b >= 0x41 && b <= 0x5A
                if upper && previousLower { pieces.append(piece); piece = 0 }
                piece += 1
                previousLower = !upper
            }
            pieces.append(piece)
            if pieces.count > 1 && pieces.contains(where: { $0 < 3 }) { return nil }
            // Inside a piece only the first letter may be upper case, or all of it (an acronym).
            let letters = Array(segment)
            var start = 0
            for length in pieces {
                let rest = letters[(start + 1)..<(start + length)]
                let allUpper = letters[start..<(start + length)].allSatisfy { $0 >= 0x41 && $0 <= 0x5A }
                if !allUpper && rest.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) { return nil }
                start += length
            }
        }
        return "name made of words"
    }

    static let suppressions: [[UInt8]] = ["shortwall:allow", "gitleaks:allow", "pragma: allowlist secret"].map { Array($0.utf8) }

    /// Markers are matched as written (lower case, as the tools that defined them document), in place
    /// over the raw line: a 50 MB minified line with many candidates must not be copied per candidate.
    static func suppressed(_ line: ArraySlice<UInt8>) -> Bool {
        line.withUnsafeBufferPointer { hay in suppressions.contains { find($0, in: hay) } }
    }

    /// memchr for the first byte, memcmp for the rest.
    static func find(_ needle: [UInt8], in hay: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = hay.baseAddress, let first = needle.first, hay.count >= needle.count else { return needle.isEmpty }
        var i = 0
        let last = hay.count - needle.count
        while i <= last {
            guard let hit = memchr(base + i, Int32(first), last - i + 1) else { return false }
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if needle.withUnsafeBufferPointer({ memcmp(base + at, $0.baseAddress!, needle.count) }) == 0 { return true }
            i = at + 1
        }
        return false
    }

    /// Up to `radius` bytes of the line on each side of the secret: enough for `integrity="…"` or a
    /// variable name, bounded on huge lines.
    static func context(_ c: Candidate, radius: Int = 200) -> (before: ArraySlice<UInt8>, after: ArraySlice<UInt8>) {
        let start = min(max(c.secret.startIndex, c.line.startIndex), c.line.endIndex)
        let end = min(max(c.secret.endIndex, start), c.line.endIndex)
        return (c.line[max(c.line.startIndex, start - radius)..<start], c.line[end..<min(c.line.endIndex, end + radius)])
    }
}

extension UInt8 {
    var isDigit: Bool { self >= 0x30 && self <= 0x39 }
    var isAlnum: Bool { isDigit || (self | 0x20 >= 0x61 && self | 0x20 <= 0x7A) }
    var isHexDigit: Bool { isDigit || (self | 0x20 >= 0x61 && self | 0x20 <= 0x66) }
    var isIdentifierByte: Bool { isAlnum || self == 0x5F }
}

extension Collection where Element == UInt8 {
    func lowercasedASCII() -> ArraySlice<UInt8> { ArraySlice(map { KeywordMatcher.fold($0) }) }

    func trimmingTrailing(_ predicate: (UInt8) -> Bool) -> ArraySlice<UInt8> {
        var a = ArraySlice(self)
        while let l = a.last, predicate(l) { a = a.dropLast() }
        return a
    }
}
