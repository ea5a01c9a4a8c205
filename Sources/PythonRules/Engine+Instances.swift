import Python

/// Objects that rules follow by what made them: a predictable random generator's draws are as weak as
/// `random.random()`'s, and a requests Session's calls have no timeout unless each passes one.
extension Engine {
    func markInstances(_ c: Call, receiverTaint: Taint?, result: inout Taint) {
        if let n = c.name {
            if Tables.predictableGenerators.contains(n) { result.tags.insert(.randomGenerator) }
            if Tables.httpSessions.contains(n) { result.tags.insert(.httpSession) }
        }
        guard let m = c.method, let r = receiverTaint, r.tags.contains(.randomGenerator), Tables.generatorDraws.contains(m) else { return }
        result.tags.insert(.weakRandom)
        // rng.shuffle(chars) leaves the list in a predictable order.
        if m == "shuffle" || m == "permutation", let d = c.args.first?.dottedName { env[d] = lookupName(d).with(tag: .weakRandom) }
    }
}

extension Tables {
    /// Constructors of predictable generators; `random.SystemRandom()` (os.urandom) is not one.
    static let predictableGenerators: Set<String> = [
        "random.Random", "numpy.random.default_rng", "numpy.random.RandomState", "numpy.random.Generator",
        "numpy.random.mtrand.RandomState",
    ]

    /// Methods of `random.Random` and numpy's `Generator`/`RandomState` that draw values.
    static let generatorDraws: Set<String> = predictableRandom.reduce(into: Set(["integers", "bytes", "permutation", "choice", "random"])) {
        if let last = $1.split(separator: ".").last { $0.insert(String(last)) }
    }

    /// requests' Session (and its old lower-case alias). httpx clients are left out on purpose: they time out
    /// after 5 seconds unless told otherwise.
    static let httpSessions: Set<String> = ["requests.Session", "requests.session", "requests.sessions.Session"]
}
