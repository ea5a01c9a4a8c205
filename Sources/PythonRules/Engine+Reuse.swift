import Python

/// What one analysis of a function read and left, so that `run` can skip analyzing it again when nothing
/// it read has changed since: the fixed-point rounds re-analyze every caller of a function whose summary
/// changed, though a caller analyzed after that change already saw it; and the reporting pass analyzes
/// again the helpers and storing methods the rounds just analyzed.
///
/// An analysis of `f` reads, besides the syntax of the file (fixed during a run): the module's values
/// (`globals`), the fields of its own class, and the summaries of the functions its calls resolve to
/// (every one through `resolve`, which notes them). It writes its summary, its class's fields and, while
/// reporting, findings; nothing else it leaves is read by a later analysis (environment, parameters and
/// the expression cache start afresh; the guard memo is a function of the function's key, so files with
/// two functions of one key are left out). Equal reads give equal writes, so reusing replays the writes.
/// Findings are replayed only when none of their keys is already reported, where merging would differ.
struct AnalysisRecord {
    var globals: Int
    var fieldsBefore: [String: Taint]?
    var callees: [(key: String, summary: Summary?)]
    var summary: Summary?
    var fieldsAfter: [String: Taint]?
    /// The findings it made, when it ran as the reporting pass would (nil: it did not).
    var emitted: [String: RawFinding]?
}

extension Summary {
    static func same(_ a: Summary?, _ b: Summary?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (x?, y?): return x.returns == y.returns && x.sinks == y.sinks
        default: return false
        }
    }
}

extension Engine {
    private var canReuse: Bool { reuseAnalyses && functionsByKey.count == file.functions.count }

    /// Analyzes `f` and records what it read and left. `emits`: `f` is reported on later, so its findings
    /// are made (kept aside, not reported) for the reporting pass to reuse. Before the reporting pass
    /// nothing is reported yet, so `found` starts and ends empty here.
    func analyzeRecorded(_ f: FunctionInfo, emits: Bool) {
        guard canReuse else { analyze(f); return }
        let fieldsBefore = f.className.flatMap { fields[$0] }
        let before = summaries[f.key]
        let wasEmitting = emitting
        emitting = emits
        reads = []
        analyze(f)
        let read = reads ?? []
        reads = nil
        emitting = wasEmitting
        let emitted = emits ? found : nil
        found = [:]
        records[ObjectIdentifier(f)] = AnalysisRecord(
            globals: globalsGeneration, fieldsBefore: fieldsBefore,
            callees: read.map { k in (k, k == f.key ? before : summaries[k]) },
            summary: summaries[f.key], fieldsAfter: f.className.flatMap { fields[$0] }, emitted: emitted)
    }

    /// The record of `f`'s last analysis if analyzing it now would read the same (and, while reporting,
    /// it made its findings and none of them is reported yet).
    func reusable(_ f: FunctionInfo) -> AnalysisRecord? {
        guard canReuse, let r = records[ObjectIdentifier(f)], r.globals == globalsGeneration else { return nil }
        if emitting {
            guard let e = r.emitted, e.keys.allSatisfy({ found[$0] == nil }) else { return nil }
        }
        guard r.fieldsBefore == f.className.flatMap({ fields[$0] }) else { return nil }
        for c in r.callees where !Summary.same(summaries[c.key], c.summary) { return nil }
        return r
    }

    func reuse(_ r: AnalysisRecord, for f: FunctionInfo) {
        summaries[f.key] = r.summary
        if let cls = f.className { fields[cls] = r.fieldsAfter }
        if emitting, let e = r.emitted { for (k, v) in e { found[k] = v } }
        reused += 1
    }
}
