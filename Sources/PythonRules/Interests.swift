import Findings
import Python

/// Which calls a rule's call hook wants to see, as data. The engine builds one index from every rule's
/// pattern (see `CallIndex`) and hands a call only to the hooks whose pattern matches it; a hook still
/// decides what, if anything, the call means. A pattern matches a call when any one of its parts does.
struct CallPattern: Sendable, Hashable {
    /// Qualified callee names, after the file's import aliases: "subprocess.run", "flask.redirect".
    var names: [String] = []
    /// Bare names that no import of the file defines (builtins and local functions): "eval", "open".
    var builtins: [String] = []
    /// Qualified-name prefixes, each ending in a dot and starting with a whole module name: "random.", "jwt.".
    var prefixes: [String] = []
    /// Qualified names with one of these dotted segments before the last: `jwt` in "google.auth.jwt.decode".
    var segments: [String] = []
    /// Method calls by the attribute called, with a condition on the receiver.
    var methods: [Method] = []
    /// Calls passing one of these keyword arguments (`verify=`, `DEBUG=`); "**" stands for a `**mapping` splat.
    var keywords: [String] = []
    /// Every call that passes at least one named keyword argument.
    var anyKeyword = false
    /// Every call.
    var everyCall = false

    struct Method: Sendable, Hashable {
        var name: String
        var receiver: Receiver = .any
        init(_ name: String, receiver: Receiver = .any) { self.name = name; self.receiver = receiver }
    }

    var isEmpty: Bool {
        names.isEmpty && builtins.isEmpty && prefixes.isEmpty && segments.isEmpty && methods.isEmpty && keywords.isEmpty && !anyKeyword && !everyCall
    }

    /// Methods with no condition on the receiver.
    static func methods(_ names: String...) -> [Method] { names.map { Method($0) } }

    /// The plain reading of the pattern, one part after the other. The engine uses `CallIndex` instead; rules
    /// use this for tables of their own (and the dispatch test compares the two).
    func matches(_ c: Call, in file: FileContext) -> Bool {
        if everyCall { return true }
        if let n = c.name {
            if names.contains(n) { return true }
            if c.isBareName, builtins.contains(n) { return true }
            if prefixes.contains(where: { n.hasPrefix($0) }) { return true }
            if segments.contains(where: { n.split(separator: ".").dropLast().contains(Substring($0)) }) { return true }
        }
        if let m = c.method, let r = c.receiver, methods.contains(where: { $0.name == m && $0.receiver.matches(r, in: file) }) { return true }
        if anyKeyword, c.keywords.contains(where: { $0.arg != nil }) { return true }
        return c.keywords.contains { keywords.contains($0.arg ?? "**") }
    }

    /// What the pattern covers, for `shortwall rules --json`.
    var description: RuleInterests {
        RuleInterests(calls: names, builtins: builtins, prefixes: prefixes, segments: segments,
                      methods: methods.map { RuleInterests.Method(name: $0.name, receiver: $0.receiver.description) },
                      keywords: keywords, anyKeyword: anyKeyword, everyCall: everyCall)
    }
}

/// A condition on the receiver of a method call, as data (a `where` clause in a `case` of several
/// patterns binds only to the last one; a table entry cannot).
indirect enum Receiver: Sendable, Hashable {
    case any
    /// The receiver's last name is one of these: `headers` in `resp.headers.add(...)`.
    case named([String])
    /// The receiver's dotted name, lower-cased, contains one of these: "session" in `db.session.commit()`.
    case nameContains([String])
    /// The receiver's dotted name, lower-cased, ends with one of these: "objects" in `Article.objects.create()`.
    case nameEndsWith([String])
    /// The receiver is a call whose qualified callee ends in one of these names: `Path(p).read_text()`.
    case callTo([String])
    /// The receiver's qualified dotted name has one of these segments: `jwt` in `authlib.jose.jwt.decode()`.
    case module([String])
    /// Either condition.
    case either(Receiver, Receiver)

    func matches(_ r: Expr, in file: FileContext) -> Bool {
        switch self {
        case .any:
            return true
        case .named(let names):
            guard let n = r.lastName else { return false }
            return names.contains(n)
        case .nameContains(let words):
            guard let d = r.dottedName?.lowercased() else { return false }
            return words.contains { d.contains($0) }
        case .nameEndsWith(let words):
            guard let d = r.dottedName?.lowercased() else { return false }
            return words.contains { d.hasSuffix($0) }
        case .callTo(let names):
            guard case .call(let f, _, _) = r.kind, let q = file.qualified(f) else { return false }
            let last = q.split(separator: ".").last.map(String.init) ?? q
            return names.contains(last)
        case .module(let segments):
            guard let q = file.qualified(r) else { return false }
            return q.split(separator: ".").contains { segments.contains(String($0)) }
        case .either(let a, let b):
            return a.matches(r, in: file) || b.matches(r, in: file)
        }
    }

    var description: String? {
        func list(_ words: [String]) -> String { words.joined(separator: ", ") }
        switch self {
        case .any: return nil
        case .named(let w): return "receiver named \(list(w))"
        case .nameContains(let w): return "receiver name contains \(list(w))"
        case .nameEndsWith(let w): return "receiver name ends with \(list(w))"
        case .callTo(let w): return "receiver is a call to \(list(w))"
        case .module(let w): return "receiver is in module \(list(w))"
        case .either(let a, let b): return [a.description, b.description].compactMap { $0 }.joined(separator: " or ")
        }
    }
}

/// A set of rules by their index in the rule list, in two machine words: every call expression builds one.
struct RuleMask: Sendable, Hashable {
    static let capacity = 128
    private(set) var lo: UInt64 = 0
    private(set) var hi: UInt64 = 0

    init() {}
    init(_ i: Int) { insert(i) }

    var isEmpty: Bool { lo | hi == 0 }
    mutating func insert(_ i: Int) { if i < 64 { lo |= 1 << UInt64(i) } else if i < 128 { hi |= 1 << UInt64(i - 64) } }
    func contains(_ i: Int) -> Bool { i < 64 ? lo & (1 << UInt64(i)) != 0 : i < 128 && hi & (1 << UInt64(i - 64)) != 0 }
    mutating func formUnion(_ o: RuleMask) { lo |= o.lo; hi |= o.hi }
    func intersection(_ o: RuleMask) -> RuleMask { var m = self; m.lo &= o.lo; m.hi &= o.hi; return m }

    /// Calls `body` with each member, smallest first (rule order), without allocating.
    func forEach(_ body: (Int) -> Void) {
        var w = lo
        while w != 0 { body(w.trailingZeroBitCount); w &= w - 1 }
        w = hi
        while w != 0 { body(64 + w.trailingZeroBitCount); w &= w - 1 }
    }
}

/// Call patterns of many owners (rules) in one index, so a call costs a few dictionary lookups however
/// many rules there are, rather than one closure per rule.
struct CallIndex: Sendable {
    private var byName: [String: RuleMask] = [:]
    private var byBuiltin: [String: RuleMask] = [:]
    /// Prefixes by the module name they start with ("random" → [("random.", …)]).
    private var byRoot: [String: [(prefix: String, owners: RuleMask)]] = [:]
    /// ".jwt." for segment "jwt", and "jwt." to test the first segment.
    private var bySegment: [(inner: String, first: String, owners: RuleMask)] = []
    private var byMethod: [String: [(receiver: Receiver, owners: RuleMask)]] = [:]
    private var byKeyword: [String: RuleMask] = [:]
    private var onAnyKeyword = RuleMask()
    private var onEveryCall = RuleMask()

    /// `patterns[i]` belongs to owner `i`.
    init(_ patterns: [CallPattern]) {
        precondition(patterns.count <= RuleMask.capacity, "more call patterns than RuleMask holds; widen it")
        for (i, p) in patterns.enumerated() {
            let me = RuleMask(i)
            for n in p.names { byName[n, default: RuleMask()].formUnion(me) }
            for n in p.builtins { byBuiltin[n, default: RuleMask()].formUnion(me) }
            for pre in p.prefixes {
                precondition(pre.hasSuffix("."), "prefix \(pre) must end in a dot")
                let root = String(pre.prefix(while: { $0 != "." }))
                byRoot[root, default: []].append((pre, me))
            }
            for seg in p.segments { bySegment.append(("." + seg + ".", seg + ".", me)) }
            for m in p.methods { byMethod[m.name, default: []].append((m.receiver, me)) }
            for k in p.keywords { byKeyword[k, default: RuleMask()].formUnion(me) }
            if p.anyKeyword { onAnyKeyword.formUnion(me) }
            if p.everyCall { onEveryCall.formUnion(me) }
        }
    }

    /// The owners whose pattern matches the call.
    func owners(_ c: Call, in file: FileContext) -> RuleMask {
        var out = named(c, in: file)
        out.formUnion(onEveryCall)
        for k in c.keywords {
            if k.arg != nil { out.formUnion(onAnyKeyword) }
            if let m = byKeyword[k.arg ?? "**"] { out.formUnion(m) }
        }
        return out
    }

    /// The owners whose pattern names the call itself (its name, module, or method), not only its keywords.
    func named(_ c: Call, in file: FileContext) -> RuleMask {
        var out = RuleMask()
        if let n = c.name {
            if let m = byName[n] { out.formUnion(m) }
            if c.isBareName, let m = byBuiltin[n] { out.formUnion(m) }
            if !byRoot.isEmpty, let dot = n.utf8.firstIndex(of: UInt8(ascii: ".")), let entries = byRoot[String(n[..<dot])] {
                for e in entries where n.hasPrefix(e.prefix) { out.formUnion(e.owners) }
            }
            for e in bySegment where n.hasPrefix(e.first) || n.contains(e.inner) { out.formUnion(e.owners) }
        }
        if let m = c.method, let r = c.receiver, let entries = byMethod[m] {
            for e in entries where e.receiver.matches(r, in: file) { out.formUnion(e.owners) }
        }
        return out
    }
}
