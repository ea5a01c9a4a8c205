import Findings
import Foundation
import Python

/// Summaries of functions in other modules of the repository, so a call into `helpers.utils` is judged
/// by what the helper does (passes its parameter to a sink, returns it, escapes it), as a helper of the
/// same file is.
///
/// Imports of an imported module are followed `ModuleScope.depth` levels deep, cycles included (a imports
/// b, b imports a): each summary is built from finitely many engines, each iterating its own rounds to
/// the bound of `Engine.run`, and a call one level further is taken to return what it is given. The
/// depth alone decides where the cut falls, so a function summarized at one depth is the same summary
/// whoever asks, and can be cached and shared between threads (`ModuleCache` says when it also holds at
/// other depths and in other trees).
final class ModuleScope {
    /// How many levels of imports are followed from a reviewed file.
    static let depth = 3

    let source: ModuleSource
    let cache: ModuleCache
    let index: RuleIndex
    /// Levels of imports still followed from this file (0: calls into modules are cut).
    let depthLeft: Int
    /// While a summary is made from this scope: every file looked up for it, so the summary is reused
    /// in another tree only where those files are the same.
    let recorder: ModuleCache.Dependencies?
    /// This file's path relative to the root, nil when it is not under it (then only absolute imports).
    let path: String?
    /// Per callee as written, the function it reaches; memoized because a file calls the same few names often.
    private var resolved: [String: ImportedFunction?] = [:]
    /// Per module name and level (`os.path`, `1:utils`), the file it is in, if any: many callees share one.
    private var modules: [String: (path: String, id: String)?] = [:]
    /// Built on first use; `ModuleFacts` hands it to the next scope of the same module version.
    var bindingTable: [String: ImportBinding]?

    init(source: ModuleSource, cache: ModuleCache, index: RuleIndex, depthLeft: Int = ModuleScope.depth, path: String?,
         recorder: ModuleCache.Dependencies? = nil) {
        self.source = source; self.cache = cache; self.index = index; self.depthLeft = depthLeft; self.path = path
        self.recorder = recorder
    }

    /// What a name bound by an import refers to: `import a.b` binds `a` to module a; `from a import f`
    /// binds `f` to name f of module a; `from . import m` binds m to name m of the importing package.
    struct ImportBinding {
        var module: [String]
        var name: String?
        var level: Int
    }

    /// The function of a repository module that the callee `dotted` (as written) reaches in `file`.
    func function(called dotted: String, in file: FileContext) -> ImportedFunction? {
        if let known = resolved[dotted] { return known }
        let out = lookUp(dotted, in: file)
        resolved[dotted] = out
        return out
    }

    private func lookUp(_ dotted: String, in file: FileContext) -> ImportedFunction? {
        let parts = dotted.split(separator: ".").map(String.init)
        guard let root = parts.first, let b = bindings(file)[root] else { return nil }
        var module = b.module
        let name: String
        if parts.count == 1 {
            // `f(...)` after `from m import f`; after `import m`, calling `m` itself is no function call.
            guard let n = b.name else { return nil }
            name = n
        } else {
            if let n = b.name { module.append(n) }
            module += parts[1..<(parts.count - 1)]
            name = parts[parts.count - 1]
        }
        // Deeper chains are attribute reads on objects (`request.args.get`), not module paths.
        guard module.count <= 6, !module.isEmpty || b.level > 0 else { return nil }
        let key = "\(b.level):" + module.joined(separator: ".")
        let found: (path: String, id: String)?
        if let known = modules[key] { found = known } else {
            found = findModule(module, level: b.level)
            modules[key] = .some(found)
        }
        guard let found else { return nil }
        if depthLeft == 0 {
            recorder?.cut = true
            return ImportedFunction(info: nil, summary: Summary(), path: found.path)
        }
        return cache.function(name, of: found.path, id: found.id, scope: self)
    }

    /// The first file that a module's dotted name can be in, tried as Python would find it: relative to
    /// the importing package for `from .x import`, else from the root, a `src/` folder, or the importing
    /// file's own folder (a script run from there).
    private func findModule(_ module: [String], level: Int) -> (path: String, id: String)? {
        let folder = path.map { p -> [String] in Array(p.split(separator: "/").dropLast().map(String.init)) } ?? []
        var bases: [[String]] = []
        if level > 0 {
            guard path != nil, level - 1 <= folder.count else { return nil }
            bases = [Array(folder.dropLast(level - 1))]
        } else {
            bases = [[], ["src"]]
            if !folder.isEmpty, folder != ["src"] { bases.append(folder) }
        }
        for base in bases {
            let stem = (base + module).joined(separator: "/")
            for candidate in module.isEmpty ? [stem + "/__init__.py"] : [stem + ".py", stem + "/__init__.py"] {
                let candidate = candidate.hasPrefix("/") ? String(candidate.dropFirst()) : candidate
                let id = cache.fileID(at: candidate, in: source)
                recorder?.note(candidate, id)
                guard let id else { continue }
                return (candidate, id)
            }
        }
        return nil
    }

    private func bindings(_ file: FileContext) -> [String: ImportBinding] {
        if let known = bindingTable { return known }
        var out: [String: ImportBinding] = [:]
        // The file's context has found its imports already (in walk order, as a walk would meet them).
        for s in file.importStatements {
            switch s.kind {
            case .import(let names):
                for a in names {
                    let parts = a.name.split(separator: ".").map(String.init)
                    if let alias = a.asname { out[alias] = ImportBinding(module: parts, name: nil, level: 0) }
                    else if let first = parts.first { out[first] = ImportBinding(module: [first], name: nil, level: 0) }
                }
            case .importFrom(let module, let names, let level):
                let parts = module.map { $0.split(separator: ".").map(String.init) } ?? []
                for a in names where a.name != "*" { out[a.asname ?? a.name] = ImportBinding(module: parts, name: a.name, level: level) }
            default: break
            }
        }
        bindingTable = out
        return out
    }

    /// The scope a module imported from here is summarized in (at depth 0 its calls into modules are
    /// cut), noting what it looks up in `recorder`.
    func nested(for modulePath: String, recorder: ModuleCache.Dependencies) -> ModuleScope? {
        guard depthLeft > 0 else { return nil }
        return ModuleScope(source: source, cache: cache, index: index, depthLeft: depthLeft - 1, path: modulePath, recorder: recorder)
    }
}

/// The parameters a call fills: of a function of this file, or of an imported one.
protocol ParameterList {
    var name: String { get }
    /// Positional parameter names callers fill, without `self`/`cls` for methods.
    var params: [String] { get }
    /// Parameter names in argument order: positional ones, then keyword-only ones.
    var allParams: [String] { get }
}

extension FunctionInfo: ParameterList {}

/// A function of another module with its summary, and that module's path for messages.
struct ImportedFunction: Sendable {
    /// nil one level past the depth followed: the call is then taken to return what it is given (what a
    /// recursive helper of one file, `def f(x, n): return f(x, n - 1) if n else x`, converges to).
    /// Only the signature is kept: a `FunctionInfo` would keep the function's syntax tree alive in the cache.
    let info: Signature?
    let summary: Summary
    let path: String
    /// A generator's summary has no return values (it yields them): its calls keep what an unknown
    /// call gives.
    var isGenerator = false

    /// What a caller needs of the function: its name and parameters.
    struct Signature: ParameterList, Sendable {
        let name: String
        let params: [String]
        let allParams: [String]

        init(_ f: FunctionInfo) { name = f.name; params = f.params; allParams = f.allParams }
    }

    static func yields(_ f: FunctionInfo) -> Bool {
        var found = false
        for s in f.def.body {
            s.walk { st in
                for e in st.childExpressions where !found {
                    e.walk { x in
                        switch x.kind {
                        case .yield, .yieldFrom: found = true
                        default: break
                        }
                    }
                }
            }
        }
        return found
    }
}

extension Engine {
    /// How many rounds summaries are iterated for at most (the bound of `run`'s loop).
    static let summaryRounds = 6

    /// Summaries of `roots` and the functions of this file they call, iterated to a fixed point as in
    /// `run` (same bound), without reporting anything: the file is another module, not the reviewed one.
    /// `known`: functions whose summaries are already in `summaries` (not analyzed again). The module's
    /// values (`analyzeModule`) must be set first.
    func summarize(_ roots: [String], known: Set<String> = []) -> [String: Summary] {
        let functions = needed(roots, known: known)
        let needed = Set(functions.map(\.key))
        var work = functions
        for _ in 0..<Engine.summaryRounds where !work.isEmpty {
            var changed = Set<String>()
            for f in work {
                let before = summaries[f.key]?.signature
                analyze(f)
                if summaries[f.key]?.signature != before { changed.insert(f.key) }
            }
            work = changed.isEmpty ? [] : functions.filter { !calls(of: $0).isDisjoint(with: changed) }
        }
        return summaries.filter { needed.contains($0.key) }
    }

    /// `roots` and the functions of this file they call, transitively, in file order (not through `known`).
    func needed(_ roots: [String], known: Set<String> = []) -> [FunctionInfo] {
        var needed = Set<String>()
        var frontier = roots
        while let k = frontier.popLast() {
            guard !known.contains(k), needed.insert(k).inserted, let f = functionsByKey[k] else { continue }
            frontier.append(contentsOf: calls(of: f))
        }
        return file.functions.filter { needed.contains($0.key) }
    }

    /// The function of another repository module this call reaches, unless a rule or the call tables
    /// already know the call (a project module named like a library is then still judged as that library).
    func importedFunction(_ c: Call) -> ImportedFunction? {
        guard let modules else { return nil }
        // Most calls are of names no import binds (methods of locals, builtins): find the root name
        // before building any text.
        var root = c.callee
        while case .attribute(let base, _, _) = root.kind { root = base }
        guard case .name(let n, _) = root.kind, file.imports[n] != nil, let dotted = c.callee.dottedName else { return nil }
        // Asked before the summary is made: a call the tables or a rule know never uses it, and making
        // it anyway cost whole modules (`re._parser.parse`, which a `parse` pattern knows, under `re.compile`).
        if let q = c.name, Tables.callFacts[q] != nil { return nil }
        if !index.calls.named(c, in: file).intersection(active).isEmpty { return nil }
        return modules.function(called: dotted, in: file)
    }

    /// What an imported function returns for this call. A source it reads is placed at the call (its own
    /// lines are another file's), and named with where it is.
    func importedResult(_ c: Call, _ target: ImportedFunction, arguments: Taint, otherwise: Taint) -> Taint {
        guard let info = target.info else { return arguments }
        if target.isGenerator { return otherwise }
        var returns = target.summary.returns
        if var r = returns, r.origin != nil || !r.via.isEmpty {
            r.origin = r.origin.map { o in
                Origin(description: "\(o.description) (line \(o.line) of \(target.path)), returned by \(info.name)()",
                       line: c.expr.span.start.line, column: c.expr.span.start.column + 1)
            }
            r.via = []
            returns = r
        }
        return apply(returns, of: info, to: c)
    }

    /// A call to an imported function whose parameter reaches a sink is that sink, reported at the call.
    func applyImportedSummary(_ c: Call, _ target: ImportedFunction) {
        guard let info = target.info else { return }
        let names = info.allParams
        // In parameter order, and each parameter's sinks by line and key: which parameter a finding names
        // must not depend on dictionary order (it differed between two runs of one binary).
        for (p, records) in target.summary.sinks.sorted(by: { $0.key < $1.key }) {
            guard let a = argument(c, p, of: info) else { continue }
            let t = eval(a)
            for rec in records.sorted(by: { ($0.value.line, $0.key) < ($1.value.line, $1.key) }).map(\.value) {
                guard t.dangerous(for: rec.sinkClass), let rule = rulesByID[rec.rule] else { continue }
                let pname = p < names.count ? names[p] : "#\(p)"
                // Line numbers of the helper's own file are named with it; this file's lines are not it.
                let at = "(line \(rec.line) of \(target.path))"
                let final = rec.final.map { "\($0) in \(target.path)" } ?? "\(rec.sink) \(at)"
                let helper = "\(info.name)() of \(target.path)"
                let sink = rec.hops < 3
                    ? "\(helper), which passes its parameter '\(pname)' to \(rec.sink) \(at)"
                    : "\(helper), which passes its parameter '\(pname)' through \(rec.hops) more helper calls to \(final)"
                var hit = Hit(span: a.span, value: t, sinkClass: rec.sinkClass, sink: sink, reportUnknown: false)
                hit.span = c.expr.span
                handle([hit], rule: rule, record: SinkRecord(rule: rec.rule, sink: sink, line: c.expr.span.start.line, sinkClass: rec.sinkClass,
                                                             reportUnknown: rec.reportUnknown, hops: rec.hops + 1, final: final))
            }
        }
    }
}
