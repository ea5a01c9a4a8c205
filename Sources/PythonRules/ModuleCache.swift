import Foundation
import Python

/// The summaries and parsed modules of one run, shared by every file's review (on several threads) and
/// bounded in bytes.
///
/// A summary is made per function asked for, not per module: the function, the helpers of its file it
/// calls, and the slice of the module-level code their names need (`ModuleUnits`), in an engine of its
/// own that is dropped after. It is kept by (module path, version, depth left, function name) together
/// with every file its making looked up, imports of imports included, and what each lookup found: in
/// another tree (the next commit of a history, the index after a stage) it is reused wherever those
/// files are the same versions, which is when making it again would do exactly the same work.
public final class ModuleCache: @unchecked Sendable {
    /// The files one summary's making looked up, in order, with the version each was found at (nil: none),
    /// and how deep its imports went.
    final class Dependencies {
        private(set) var list: [(path: String, id: String?)] = []
        private var seen: Set<String> = []
        /// A call was cut for depth (taken to return what it is given) somewhere below: the summary holds
        /// only at the depth it was made at.
        var cut = false
        /// Levels of imported modules summarized below this one (0: none).
        var height = 0

        func note(_ path: String, _ id: String?) {
            if seen.insert(path).inserted { list.append((path, id)) }
        }

        /// What a summary made (or reused) one level below needed.
        func absorb(_ v: Variant) {
            for d in v.dependencies { note(d.path, d.id) }
            if v.exactDepth != nil { cut = true }
            height = max(height, v.minDepth)
        }
    }

    /// One summary and the lookups it holds for.
    struct Variant {
        var dependencies: [(path: String, id: String?)]
        var result: ImportedFunction?
        var bytes: Int
        /// A summary without a cut holds at every depth from `minDepth` (its imports are followed as far
        /// as they go); one with a cut only at the depth it was made at.
        var exactDepth: Int?
        var minDepth: Int

        func holds(atDepth d: Int) -> Bool { exactDepth.map { $0 == d } ?? (d >= minDepth) }
    }

    /// The variants of one (module, version, name), newest first, guarded by the cache's lock. One lock
    /// per depth left is held while a summary is made at that depth; making it only asks summaries of a
    /// smaller depth, so locks are always taken in decreasing depth and no two threads can wait for
    /// each other.
    final class Entry: Budgeted, @unchecked Sendable {
        let locks = (0...ModuleScope.depth).map { _ in NSLock() }
        var variants: [Variant] = []
        var bytes = 0
        var lastUse: UInt64 = 0
    }

    /// A parsed module and its module-level units.
    final class Parsed: Budgeted, @unchecked Sendable {
        let context: FileContext
        let units: ModuleUnits
        let bytes: Int
        var lastUse: UInt64 = 0
        let facts = ModuleFacts()

        init(context: FileContext, units: ModuleUnits, bytes: Int) { self.context = context; self.units = units; self.bytes = bytes }
    }

    /// A module larger than this is not summarized: a generated file is no helper.
    static let maxModuleBytes = 1 << 20
    /// Estimated bytes of the parsed modules kept, and of the summaries kept (whole entries are evicted,
    /// least recently used first), counting `treeBytesPerSourceByte` per source byte, which overstates a
    /// tree about twice. On werkzeug's full history (peak RSS): parsed 48 MB 259 MB and 97 s user, 96 MB
    /// 284 MB and 86 s, 192 MB 328 MB and 79 s: a version evicted is parsed again at its next commit.
    let maxParsedBytes: Int
    let maxSummaryBytes: Int
    static let treeBytesPerSourceByte = 24
    /// Variants kept per entry (versions of the files it imports, depths): more at once is rare.
    static let maxVariants = 6
    /// Lookups remembered (per tree and path), and the size verdicts per version.
    static let maxLookups = 1 << 16
    /// Source read to learn a new version's size, kept until it is parsed.
    static let maxPendingBytes = 8 << 20

    private let lock = NSLock()
    private var lookups: [String: String?] = [:]
    private var fits: [String: Bool] = [:]
    private var pending: [String: [UInt8]] = [:]
    private var pendingBytes = 0
    private var parsed: [String: Parsed] = [:]
    private var parsedBytes = 0
    private var entries: [String: Entry] = [:]
    private var entryBytes = 0
    private var clock: UInt64 = 0

    public convenience init() { self.init(maxParsedBytes: 96 << 20, maxSummaryBytes: 24 << 20) }

    /// Smaller budgets for tests of eviction.
    init(maxParsedBytes: Int, maxSummaryBytes: Int) {
        self.maxParsedBytes = maxParsedBytes; self.maxSummaryBytes = maxSummaryBytes
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock(); defer { lock.unlock() }
        return body()
    }

    private func tick() -> UInt64 { clock += 1; return clock }

    /// The version of the module file at `path` of the source's tree, nil if there is none or it is too
    /// large to summarize; the source is asked once per path and tree.
    func fileID(at path: String, in source: ModuleSource) -> String? {
        let key = source.treeID + "\u{0}" + path
        if let known = locked({ lookups[key] }) { return known }
        var found: String? = nil
        if let id = source.fileID(at: path) {
            if let ok = locked({ fits[id] }) {
                found = ok ? id : nil
            } else if let file = source.file(at: path) {
                // A version seen for the first time is read to learn its size; it is parsed next, mostly.
                let ok = file.bytes.count <= ModuleCache.maxModuleBytes
                locked {
                    if fits.count >= ModuleCache.maxLookups { fits.removeAll() }
                    fits[file.id] = ok
                    guard ok else { return }
                    if pendingBytes + file.bytes.count > ModuleCache.maxPendingBytes { pending.removeAll(); pendingBytes = 0 }
                    if pending.updateValue(file.bytes, forKey: file.id) == nil { pendingBytes += file.bytes.count }
                }
                found = ok ? file.id : nil
            }
        }
        locked {
            if lookups.count >= ModuleCache.maxLookups { lookups.removeAll() }
            lookups[key] = .some(found)
        }
        return found
    }

    /// The summary of `name`, a function of the module at `path` (version `id`), for a caller in `scope`.
    func function(_ name: String, of path: String, id: String, scope: ModuleScope) -> ImportedFunction? {
        let depth = min(max(scope.depthLeft, 0), ModuleScope.depth)
        let key = path + "\u{0}" + id + "\u{0}" + name
        let entry = locked { () -> Entry in
            let e = entries[key] ?? Entry()
            if entries[key] == nil { entries[key] = e }
            e.lastUse = tick()
            return e
        }
        entry.locks[depth].lock(); defer { entry.locks[depth].unlock() }
        for v in locked({ entry.variants }) where v.holds(atDepth: depth)
            && v.dependencies.allSatisfy({ fileID(at: $0.path, in: scope.source) == $0.id }) {
            scope.recorder?.absorb(v)
            return v.result
        }
        let dependencies = Dependencies()
        let made = make(name, of: path, id: id, scope: scope, recording: dependencies)
        func variant(_ r: ImportedFunction?) -> Variant {
            Variant(dependencies: dependencies.list, result: r, bytes: ModuleCache.estimate(dependencies.list, r),
                    exactDepth: dependencies.cut ? depth : nil, minDepth: dependencies.height + 1)
        }
        let mine = variant(made.result)
        locked {
            store(mine, in: entry, key: key)
            // The file's other functions summarized on the way (helpers of this one) are kept as well:
            // asked for later, they need not be analyzed again.
            for (helper, r) in made.helpers {
                let k = path + "\u{0}" + id + "\u{0}" + helper
                let e = entries[k] ?? Entry()
                if entries[k] == nil { entries[k] = e }
                store(variant(r), in: e, key: k)
            }
            ModuleCache.evict(&entries, total: &entryBytes, budget: maxSummaryBytes)
        }
        scope.recorder?.absorb(mine)
        return made.result
    }

    /// Adds a variant to an entry (under the lock), counting its bytes while the entry is in the table.
    private func store(_ v: Variant, in entry: Entry, key: String) {
        entry.variants.insert(v, at: 0)
        if entry.variants.count > ModuleCache.maxVariants { entry.variants.removeLast() }
        let bytes = entry.variants.reduce(0) { $0 + $1.bytes }
        if entries[key] === entry { entryBytes += bytes - entry.bytes }
        entry.bytes = bytes
        entry.lastUse = tick()
    }

    /// Makes the summary of `name`: only that function and what it needs are analyzed. `helpers`: the
    /// summaries of the other module-level functions of the file analyzed with it.
    private func make(_ name: String, of path: String, id: String, scope: ModuleScope, recording dependencies: Dependencies)
        -> (result: ImportedFunction?, helpers: [(String, ImportedFunction)]) {
        guard let module = module(path: path, id: id, source: scope.source),
              let inner = scope.nested(for: path, recorder: dependencies) else { return (nil, []) }
        let context = module.context
        let facts = module.facts
        guard let f = context.functions.first(where: { $0.key == name }), f.className == nil else {
            // A package's `__init__.py` that re-exports a helper (`from .utils import escape`).
            facts.prepare(inner)
            let found = inner.function(called: name, in: context)
            facts.keep(nil, scope: inner)
            return (found, [])
        }
        let engine = facts.engine(for: context, index: scope.index, scope: inner)
        engine.modules = inner
        let needed = engine.needed([f.key])
        engine.analyzeModule(including: module.units.slice(reading: facts.names(readBy: needed)))
        let summaries = engine.summarize([f.key])
        facts.keep(engine, scope: inner)
        func imported(_ g: FunctionInfo) -> ImportedFunction? {
            summaries[g.key].map { ImportedFunction(info: ImportedFunction.Signature(g), summary: $0, path: path, isGenerator: facts.yields(g)) }
        }
        var helpers: [(String, ImportedFunction)] = []
        var seen: Set<String> = [f.key]
        for g in needed where g.className == nil && seen.insert(g.key).inserted && engine.functionsByKey[g.key] === g {
            if let r = imported(g) { helpers.append((g.key, r)) }
        }
        return (imported(f), helpers)
    }

    /// A module parsed once per version and path (its path decides its relative imports and test status).
    private func module(path: String, id: String, source: ModuleSource) -> Parsed? {
        let key = id + "\u{0}" + path
        let known = locked { () -> (Parsed?, [UInt8]?) in
            if let p = parsed[key] { p.lastUse = tick(); return (p, nil) }
            guard let bytes = pending.removeValue(forKey: id) else { return (nil, nil) }
            pendingBytes -= bytes.count
            return (nil, bytes)
        }
        if let p = known.0 { return p }
        guard let bytes = known.1 ?? source.file(at: path).map(\.bytes), bytes.count <= ModuleCache.maxModuleBytes else { return nil }
        let context = FileContext(path: path, bytes: bytes, module: parseModule(bytes).module)
        let made = Parsed(context: context, units: ModuleUnits(context.module),
                          bytes: 4096 + bytes.count * ModuleCache.treeBytesPerSourceByte)
        return locked {
            if let p = parsed[key] { return p }
            made.lastUse = tick()
            parsed[key] = made
            parsedBytes += made.bytes
            ModuleCache.evict(&parsed, total: &parsedBytes, budget: maxParsedBytes)
            return made
        }
    }

    /// Rough bytes of one variant: its lookups and its summary's records.
    private static func estimate(_ dependencies: [(path: String, id: String?)], _ result: ImportedFunction?) -> Int {
        var n = 256
        for d in dependencies { n += 64 + d.path.utf8.count + (d.id?.utf8.count ?? 0) }
        guard let r = result else { return n }
        n += r.path.utf8.count + 128
        if let info = r.info { n += info.allParams.reduce(info.name.utf8.count) { $0 + $1.utf8.count + 24 } }
        for records in r.summary.sinks.values {
            for rec in records.values { n += 160 + rec.sink.utf8.count + rec.rule.utf8.count + (rec.final?.utf8.count ?? 0) }
        }
        if let t = r.summary.returns { n += 160 + (t.origin?.description.utf8.count ?? 0) + 8 * t.via.count }
        return n
    }

    /// Drops the least recently used values until the total is three quarters of the budget.
    private static func evict<V: Budgeted>(_ table: inout [String: V], total: inout Int, budget: Int) {
        guard total > budget else { return }
        for (key, value) in table.sorted(by: { $0.value.lastUse < $1.value.lastUse }) {
            guard total > budget / 4 * 3 else { break }
            table.removeValue(forKey: key)
            total -= value.bytes
        }
    }
}

/// A cached value with its estimated size and when it was last used.
protocol Budgeted: AnyObject {
    var bytes: Int { get }
    var lastUse: UInt64 { get }
}
