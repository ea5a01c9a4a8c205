import Python

/// Lists, tuples, deques and dicts part by part: `values = [param, "safe"]; values[1]` is safe and
/// `values[0]` is not. A collection is followed through the methods that change it; anything the
/// analysis cannot follow (a non-constant index, an unknown method, handing it to a function that may
/// change it, a second name for it) drops the parts and leaves the join, which is what it was before.
extension Engine {
    /// A list or tuple literal.
    func sequenceLiteral(_ elts: [Expr]) -> Taint {
        let parts = elts.map(eval)
        if elts.contains(where: { if case .starred = $0.kind { return true } else { return false } }) {
            return parts.reduce(Taint.safe) { $0.combined(with: $1) }
        }
        return Taint.collection(parts)
    }

    /// A dict literal whose keys are all constants gets its entries.
    func dictShape(_ keys: [Expr?], _ values: [Expr]) -> Shape? {
        guard keys.count <= Shape.maxParts else { return nil }
        var entries: [Value: Taint] = [:]
        for (k, v) in zip(keys, values) {
            guard let k, let key = eval(k).constant else { return nil }
            entries[key] = eval(v).asPart
        }
        return .entries(entries)
    }

    /// `c[i]` with a constant index or key, or a slice with constant bounds.
    func part(of t: Taint, _ value: Expr, _ slice: Expr) -> Taint? {
        guard let shape = t.shape else { return nil }
        if case .slice = slice.kind { return sliced(t, value, slice) }
        guard let key = eval(slice).constant else { return nil }
        switch shape {
        case .elements(let parts):
            guard case .int(let i) = key else { return nil }
            let j = i < 0 ? parts.count + i : i
            return j >= 0 && j < parts.count ? t.part(parts[j]) : nil
        case .entries(let entries):
            return entries[key].map(t.part)
        default:
            guard case .int(let i) = key else { return nil }
            return character(t, at: i)
        }
    }

    /// `c[i] = x` into a collection with parts: true when handled.
    func storePart(_ base: Expr, _ slice: Expr, _ t: Taint) -> Bool {
        guard let d = base.dottedName, let old = env[d], let shape = old.shape, shape.isCollection,
              let key = eval(slice).constant else { return false }
        switch shape {
        case .elements(var parts):
            guard case .int(let i) = key else { return false }
            let j = i < 0 ? parts.count + i : i
            guard j >= 0, j < parts.count else { return false }
            parts[j] = t.asPart
            env[d] = rebuilt(old, .elements(parts))
        case .entries(var entries):
            entries[key] = t.asPart
            guard entries.count <= Shape.maxParts else { return false }
            env[d] = rebuilt(old, .entries(entries))
        default:
            return false
        }
        return true
    }

    /// A collection whose parts changed: its taint is again their join.
    func rebuilt(_ old: Taint, _ shape: Shape) -> Taint {
        var t: Taint
        switch shape {
        case .elements(let parts): t = Taint.collection(parts)
        case .entries(let entries): t = Taint.mapping(entries)
        default: return old
        }
        t.via = Taint.mergeLines(old.via, t.via)
        return t
    }

    /// `a, b = values` from a collection with exactly as many parts.
    func unpacked(_ t: Taint, into targets: [Expr]) -> [Taint]? {
        guard case .elements(let parts)? = t.shape, parts.count == targets.count,
              !targets.contains(where: { if case .starred = $0.kind { return true } else { return false } }) else { return nil }
        return parts.map(t.part)
    }

    /// `b = a` makes a second name for one list: a change through either would not be seen through the
    /// other, so neither keeps the parts.
    func unaliased(_ t: Taint, from value: Expr?) -> Taint {
        guard t.shape?.isCollection == true, let value, let src = value.dottedName else { return t }
        if let s = env[src] { env[src] = s.withoutShape }
        return t.withoutShape
    }

    /// `a = b = []`: one list under two names, the same.
    func shared(_ t: Taint, by names: Int) -> Taint {
        names > 1 && t.shape?.isCollection == true ? t.withoutShape : t
    }

    /// `del values[0]`, `del m["k"]`.
    func deleteParts(_ targets: [Expr]) {
        for target in targets {
            guard case .subscript(let base, let slice, _) = target.kind, let d = base.dottedName, let old = env[d],
                  let shape = old.shape, shape.isCollection else { continue }
            switch (shape, eval(slice).constant) {
            case (.elements(var parts), .int(let i)?):
                let j = i < 0 ? parts.count + i : i
                if j >= 0 && j < parts.count { parts.remove(at: j); env[d] = rebuilt(old, .elements(parts)) }
            case (.entries(var entries), let key?):
                entries.removeValue(forKey: key)
                env[d] = rebuilt(old, .entries(entries))
            default:
                env[d] = old.withoutShape
            }
        }
    }

    /// Calls that neither change a collection passed to them nor keep it: it keeps its parts.
    static let readOnlyCalls: Set<String> = [
        "len", "str", "repr", "list", "tuple", "sorted", "reversed", "enumerate", "zip", "iter", "print", "min", "max",
        "sum", "any", "all", "set", "frozenset", "dict", "isinstance", "bool", "int", "float", "hash", "id", "type",
        "collections.deque", "json.dumps", "format",
    ]
    static let numericMethods: Set<String> = ["count", "startswith", "endswith", "isdigit", "isalpha", "isalnum", "isdecimal",
                                               "isnumeric", "isspace", "islower", "isupper", "istitle", "isidentifier", "isascii"]
    static let readOnlyMethods: Set<String> = ["join", "format", "index", "count", "get", "startswith", "endswith", "extend"]

    /// Methods of a list, deque or dict with parts, followed part by part; nil where the ordinary call
    /// handling applies (after the receiver lost its parts if the method may change it).
    func collectionMethod(_ c: Call, receiverTaint: Taint?, argTaints: [Taint]) -> Taint? {
        if let t = configOption(c, argTaints: argTaints) { return t }
        guard let m = c.method, let r = receiverTaint, let shape = r.shape, shape.isCollection,
              let d = c.receiver?.dottedName, env[d] != nil else { return nil }
        func forget() -> Taint? { env[d] = r.withoutShape; return nil }
        guard c.keywords.isEmpty else { return forget() }
        let constantArg = c.args.first.flatMap { eval($0).constant }
        switch shape {
        case .elements(var parts):
            switch (m, argTaints.count) {
            case ("append", 1), ("appendleft", 1):
                if m == "append" { parts.append(argTaints[0].asPart) } else { parts.insert(argTaints[0].asPart, at: 0) }
            case ("insert", 2):
                guard case .int(let i)? = constantArg else { return forget() }
                let j = i < 0 ? max(parts.count + i, 0) : min(i, parts.count)
                parts.insert(argTaints[1].asPart, at: j)
            case ("extend", 1):
                guard case .elements(let more)? = argTaints[0].shape else { return forget() }
                parts += more
            case ("pop", 0), ("popleft", 0), ("pop", 1):
                var j = m == "popleft" ? 0 : parts.count - 1
                if argTaints.count == 1 {
                    guard case .int(let i)? = constantArg else { return forget() }
                    j = i < 0 ? parts.count + i : i
                }
                guard j >= 0, j < parts.count else { return forget() }
                let out = r.part(parts.remove(at: j))
                env[d] = rebuilt(r, .elements(parts))
                return out
            case ("remove", 1):
                // `values.remove(values[0])` removes the first part, whatever its value.
                if case .subscript(let base, let index, _) = c.args[0].kind, base.dottedName == d, eval(index).constant == .int(0),
                   !parts.isEmpty {
                    parts.removeFirst()
                    break
                }
                guard let x = constantArg else { return forget() }
                // The first equal part goes; a part of unknown value before it might be the one.
                guard let j = parts.firstIndex(where: { $0.constant.map { Engine.equal($0, x) } ?? true }),
                      parts[j].constant != nil else { return forget() }
                parts.remove(at: j)
            case ("clear", 0):
                parts = []
            case ("reverse", 0):
                parts.reverse()
            case ("copy", 0):
                return r
            case ("index", _), ("count", _):
                return nil
            default:
                return forget()
            }
            guard parts.count <= Shape.maxParts else { env[d] = Taint.collection(parts); return .safe }
            env[d] = rebuilt(r, .elements(parts))
            return .safe
        case .entries(var entries):
            switch (m, argTaints.count) {
            case ("get", 1), ("get", 2), ("pop", 1), ("pop", 2), ("setdefault", 2):
                guard let key = constantArg else { return m == "get" ? nil : forget() }
                if let v = entries[key] {
                    if m == "pop" { entries.removeValue(forKey: key); env[d] = rebuilt(r, .entries(entries)) }
                    return r.part(v)
                }
                let fallback = argTaints.count == 2 ? argTaints[1] : Taint.constant(.none)
                if m == "setdefault" {
                    entries[key] = fallback.asPart
                    env[d] = rebuilt(r, .entries(entries))
                }
                // A missing key gives the default; joined with the rest, since a key written where the
                // analysis could not see it would be missing here.
                return fallback.combined(with: r.withoutShape)
            case ("update", 1):
                guard case .entries(let more)? = argTaints[0].shape else { return forget() }
                entries.merge(more) { _, new in new }
            case ("clear", 0):
                entries = [:]
            case ("copy", 0):
                return r
            case ("keys", 0), ("values", 0), ("items", 0):
                return nil
            default:
                return forget()
            }
            guard entries.count <= Shape.maxParts else { env[d] = Taint.mapping(entries).withoutShape; return .safe }
            env[d] = rebuilt(r, .entries(entries))
            return .safe
        default:
            return nil
        }
    }

    /// `conf.set("section", "key", v)` then `conf.get("section", "key")` (configparser): the option is
    /// kept as a name of its own, which no Python name can spell, so branches and joins treat it like a
    /// variable. Only a local receiver; any other `get` is the ordinary call.
    func configOption(_ c: Call, argTaints: [Taint]) -> Taint? {
        guard let m = c.method, m == "set" || m == "get", let d = c.receiver?.dottedName, env[d] != nil, c.keywords.isEmpty,
              c.args.count == (m == "set" ? 3 : 2), case .string(let section)? = argTaints[0].constant,
              case .string(let option)? = argTaints[1].constant else { return nil }
        let key = d + "\u{1F}" + section + "\u{1F}" + option
        if m == "get" { return env[key] }
        env[key] = argTaints[2].withoutShape
        return nil
    }

    /// What a call's result is known to hold beyond its taint: `len` of something known, copies of a
    /// collection (`list(x)`, `deque(x)`), `str` of a constant, a formatted string's literal ends.
    /// Collections handed to other calls lose their parts (the callee may change them).
    func refine(_ c: Call, argTaints: [Taint], receiverTaint: Taint?, result: inout Taint) {
        let name = c.name ?? ""
        if !Engine.readOnlyCalls.contains(name), !Engine.readOnlyMethods.contains(c.method ?? "") {
            for a in c.args + c.keywords.map(\.value) {
                if let d = a.dottedName, let v = env[d], v.shape?.isCollection == true { env[d] = v.withoutShape }
            }
        }
        let first = argTaints.first
        switch (name, argTaints.count) {
        case ("len", 1):
            if let s = first?.constant, case .string(let text) = s {
                result.shape = .value(.int(text.unicodeScalars.count))
            } else if case .elements(let parts)? = first?.shape {
                result.shape = .value(.int(parts.count))
            } else if case .entries(let entries)? = first?.shape {
                result.shape = .value(.int(entries.count))
            } else if let d = c.args.first?.dottedName {
                result.shape = .length(of: d, plus: 0)
            }
        case ("list", 0), ("collections.deque", 0):
            result = Taint.collection([])
        case ("dict", 0):
            result = Taint.mapping([:])
        case ("list", 1), ("tuple", 1), ("collections.deque", 1):
            if case .elements? = first?.shape, let f = first { result = f }
        case ("range", 1), ("range", 2), ("range", 3):
            // A short range of constants is a list of them: `for i in range(0):` never runs.
            let bounds = argTaints.compactMap { $0.constant?.integer }
            guard bounds.count == argTaints.count else { break }
            let (start, stop, step) = bounds.count == 1 ? (0, bounds[0], 1) : (bounds[0], bounds[1], bounds.count == 3 ? bounds[2] : 1)
            let span = stop.subtractingReportingOverflow(start)
            guard step != 0, !span.overflow else { break }
            let count = span.partialValue.dividedReportingOverflow(by: step)
            guard !count.overflow, count.partialValue <= Shape.maxParts else { break }
            result = Taint.collection(stride(from: start, to: stop, by: step).map { .constant(.int($0)) })
        case ("reversed", 1):
            if case .elements(let parts)? = first?.shape, let f = first { result = f.part(Taint.collection(parts.reversed())) }
        case ("str", 1):
            switch first?.shape {
            case .value(.string(let s))?: result.shape = .value(.string(s))
            case .value(.int(let i))?: result.shape = .value(.string(String(i)))
            case .value(.bool(let b))?: result.shape = .value(.string(b ? "True" : "False"))
            case .value(.none)?: result.shape = .value(.string("None"))
            case .text?: result.shape = first?.shape
            default: break
            }
        default:
            if let m = c.method, Engine.numericMethods.contains(m) {
                // A count or a yes/no answer carries no text.
                result = .safe
            }
            if c.method == "format", case .value(.string(let f))? = receiverTaint?.shape {
                result.shape = formatShape(f)
                if let used = Engine.positionalFields(f), c.keywords.isEmpty, used.allSatisfy({ $0 < argTaints.count }) {
                    // Only the arguments the format string names reach the result.
                    let tags = result.tags
                    result = used.reduce(Taint.safe) { $0.combined(with: argTaints[$1]) }.shaped(formatShape(f))
                    // What the literal says (HTML, a fixed host) still holds when data is formatted into it.
                    if result.isNonTrivial { result.tags.formUnion(tags) }
                }
            }
            if c.method == "replace", case .value(.string(let s))? = receiverTaint?.shape, c.args.count == 2,
               case .string(let old)? = argTaints.first?.constant, !old.isEmpty, !s.contains(old) {
                // Nothing to replace: the constant comes back unchanged.
                result = .constant(.string(s))
            }
            if c.method == "split", case .text(let prefix, _)? = receiverTaint?.shape, argTaints.count == 2,
               case .string(let sep)? = argTaints[0].constant, case .int(let k)? = argTaints[1].constant,
               let parts = Engine.splitPrefix(prefix, sep, k) {
                result = result.shaped(.elements(parts.map { .constant(.string($0)) } + [result.withoutShape]))
            }
            if let m = c.method, case .value(.string(let s))? = receiverTaint?.shape, c.keywords.isEmpty,
               let folded = Engine.stringMethod(s, m, argTaints.map(\.constant)) {
                result.shape = folded
            }
        }
    }
}
