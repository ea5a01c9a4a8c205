import Python

/// What kind of sink a sanitizer makes a value safe for: `secure_filename` clears `.path` but a
/// file name is still dangerous inside SQL.
enum SinkClass: Int, Sendable, Hashable, BitIndexed {
    case sql, command, code, template, html, path, url, header, xml, deserialization, ldap, xpath
    var bitIndex: Int { rawValue }
    init?(bitIndex: Int) { self.init(rawValue: bitIndex) }
}

/// Facts about a value that some rules need besides where it came from.
enum Tag: Int, Sendable, Hashable, BitIndexed {
    /// Built by string formatting or concatenation from at least one non-literal part.
    case built
    /// Built from a literal that looks like HTML markup.
    case html
    /// A URL whose literal prefix already fixes scheme and host ("https://api.example.com/...").
    case fixedHost
    /// The output of pickle/dill/marshal serialization (or an encoding of it).
    case pickled
    /// An open tar archive.
    case tarArchive
    /// A file uploaded by the client (request.files[...]).
    case upload
    /// A hash or MAC digest (`.hexdigest()`, `hmac.digest()`).
    case digest
    /// A path made absolute and free of `..` (realpath, abspath, normpath, Path.resolve).
    case normalized
    /// A hash object of a broken algorithm (MD5, SHA-1, ...), and the digest it yields.
    case weakHash, weakDigest
    /// Made by a predictable generator (the random module, numpy.random).
    case weakRandom
    /// One path component (`os.path.basename`), which may still be `..` until a check rules it out.
    case baseName
    /// `replace("<", "&lt;")`, `replace(">", "&gt;")`, `replace("&", "&amp;")`, `replace("\r", "")`,
    /// `replace("\n", "")` applied (see `Engine.replacementSanitizer`).
    case escapedLT, escapedGT, escapedAmp, removedCR, removedLF
    /// Proved by a check to start with `/`, not to start with `//`, to hold no `\` (see `Engine.completingLocalPath`).
    case rootRelative, singleSlash, noBackslash
    /// A predictable generator object (`random.Random()`, `numpy.random.default_rng()`), whose draws are weakRandom;
    /// and a `requests.Session`, whose calls wait forever without a timeout.
    case randomGenerator, httpSession

    var bitIndex: Int { rawValue }
    init?(bitIndex: Int) { self.init(rawValue: bitIndex) }
}

/// Where attacker-controlled data entered.
struct Origin: Sendable, Hashable {
    var description: String
    var line: Int
    var column: Int
}

/// The abstract value of an expression for the taint analysis.
/// `level` covers everything except the enclosing function's parameters, which are tracked
/// separately in `params` so a function's summary can say which parameters reach which sinks.
struct Taint: Sendable, Equatable {
    enum Level: Int, Comparable, Sendable {
        case safe, unknown, tainted
        static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    var level: Level
    var origin: Origin? = nil
    /// Indices of the enclosing function's parameters whose values flow into this one.
    var params: BitSet<Int> = []
    /// Sink classes a sanitizer has made the client/unknown part of this value safe for.
    var cleared: BitSet<SinkClass> = []
    /// The same for the part that comes from the enclosing function's parameters (kept apart so that
    /// `x = param if c else sys.argv[1]` does not lose what either part was cleared for).
    var paramCleared: BitSet<SinkClass> = []
    var tags: BitSet<Tag> = []
    /// Lines of the assignments the value passed through, so an edit on any of them counts as a change.
    var via: [Int] = []
    /// What is known of the value's contents (a constant, a collection's parts, a string's literal ends).
    var shape: Shape? = nil

    static let safe = Taint(level: .safe)
    static let unknown = Taint(level: .unknown)

    static func tainted(_ origin: Origin) -> Taint { Taint(level: .tainted, origin: origin) }

    /// Does this value carry anything other than literals and constants?
    var isNonTrivial: Bool { level > .safe || !params.isEmpty }

    /// Could the client/unknown part of this value hurt at a sink of class `c`?
    func levelDangerous(for c: SinkClass?) -> Bool {
        guard level > .safe else { return false }
        if let c, cleared.contains(c) { return false }
        return true
    }

    /// Could the parameter part of this value hurt at a sink of class `c`?
    func paramsDangerous(for c: SinkClass?) -> Bool {
        guard !params.isEmpty else { return false }
        if let c, paramCleared.contains(c) { return false }
        return true
    }

    /// Could this value hurt at a sink of class `c`?
    func dangerous(for c: SinkClass?) -> Bool { levelDangerous(for: c) || paramsDangerous(for: c) }

    /// The value of an expression built from both parts (concatenation, containers, `x or y`…).
    func combined(with other: Taint) -> Taint {
        var out = self
        // A value built from two has neither's shape; the callers that know better set it.
        out.shape = nil
        if !isNonTrivial {
            out = other
            out.shape = nil
            out.tags.formUnion(tags)
            return out
        }
        if !other.isNonTrivial {
            out.tags.formUnion(other.tags)
            return out
        }
        if other.level > level || (other.level == level && origin == nil) {
            out.level = other.level
            out.origin = other.origin ?? origin
        }
        // What a sanitizer cleared stays cleared when the other part is strictly less dangerous
        // (`join(app.config["DIR"], secure_filename(name))`): the danger came only from the sanitized part.
        if level > other.level {
            out.cleared = cleared
        } else if other.level > level {
            out.cleared = other.cleared
        } else {
            out.cleared = cleared.intersection(other.cleared)
        }
        if !params.isEmpty && !other.params.isEmpty {
            out.paramCleared = paramCleared.intersection(other.paramCleared)
        } else if !other.params.isEmpty {
            out.paramCleared = other.paramCleared
        }
        out.params.formUnion(other.params)
        out.tags.formUnion(other.tags)
        out.via = Taint.mergeLines(via, other.via)
        return out
    }

    /// The join of two control-flow paths: the worse of both.
    func joined(with other: Taint) -> Taint {
        var out = combined(with: other)
        // A value safe on one path and dangerous on the other is dangerous; `combined` already does that.
        if !isNonTrivial && !other.isNonTrivial { out.tags = tags.union(other.tags) }
        out.shape = Shape.join(shape, other.shape)
        return out
    }

    func passing(line: Int) -> Taint {
        guard isNonTrivial, via.last != line else { return self }
        var out = self
        out.via = Taint.mergeLines(via, [line])
        return out
    }

    func with(tag: Tag) -> Taint { var t = self; t.tags.insert(tag); return t }
    func clearing(_ c: SinkClass...) -> Taint {
        var t = self
        t.cleared.formUnion(c)
        t.paramCleared.formUnion(c)
        return t
    }

    static func mergeLines(_ a: [Int], _ b: [Int]) -> [Int] {
        if b.isEmpty { return a }
        if a.isEmpty { return b }
        var out = a
        for l in b where !out.contains(l) { out.append(l) }
        // Long chains only need a bounded witness; keep the most recent lines.
        return out.count > 16 ? Array(out.suffix(16)) : out
    }
}
