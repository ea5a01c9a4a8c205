#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Python
import Synchronization

/// A value computed on its first use and kept. The context of an imported module is cached and shared
/// by the reviews of several threads, so the first use computes under a lock (a later one only reads).
/// `make` must not read the same memo.
struct Memo<Value: Sendable>: ~Copyable, Sendable {
    private let state = Mutex<Value?>(nil)

    init() {}

    func value(_ make: () -> Value) -> Value {
        state.withLock { known in
            if let known { return known }
            let made = make()
            known = made
            return made
        }
    }
}

/// A file's functions by `FunctionInfo.key` (the first of each key) and by bare name (the first of each).
struct FunctionTables: Sendable {
    var byKey: [String: FunctionInfo] = [:]
    var byName: [String: FunctionInfo] = [:]

    init(_ functions: [FunctionInfo]) {
        for f in functions {
            if byName[f.name] == nil { byName[f.name] = f }
            if byKey[f.key] == nil { byKey[f.key] = f }
        }
    }
}

/// The indexes over a file that not every review reads, built on first use. An imported module's
/// context is made for a few summaries and never asks which names the file calls; a restricted review
/// asks where `==` is only in the statements it analyzes.
extension FileContext {
    /// Names of functions called anywhere in the file (bare or as `self.name`/`cls.name`).
    static func calledNames(in module: Module) -> Set<String> {
        var called = Set<String>()
        // `Stmt.walk(_:statement:expression:)` allocates nothing per node: this runs over every reviewed file.
        Stmt.walk(module.body, expression: { x in
            guard case .call(let f, _, _) = x.kind else { return }
            switch f.kind {
            case .name(let n, _): called.insert(n)
            case .attribute(let v, let attr, _):
                if case .name(let n, _) = v.kind, n == "self" || n == "cls" { called.insert(attr) }
            default: break
            }
        })
        return called
    }

    /// Byte offsets `i` (ascending) where `bytes[i]` is the `=` of `==` or `!=`.
    static func equalityOffsets(_ bytes: [UInt8]) -> [Int] {
        var out: [Int] = []
        bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress, buf.count > 1 else { return }
            var i = 1
            while i < buf.count, let hit = memchr(base + i, 0x3D, buf.count - i) {
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if buf[at - 1] == 0x3D || buf[at - 1] == 0x21 { out.append(at) }
                i = at + 1
            }
        }
        return out
    }

    /// Is some element of the ascending `offsets` in `lower..<upper`?
    static func holdsOffset(_ offsets: [Int], in lower: Int, _ upper: Int) -> Bool {
        var lo = 0, hi = offsets.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if offsets[mid] < lower { lo = mid + 1 } else { hi = mid }
        }
        return lo < offsets.count && offsets[lo] < upper
    }
}
