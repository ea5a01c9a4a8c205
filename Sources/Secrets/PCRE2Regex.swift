import CPCRE2
import Synchronization

/// The one place PCRE2 pointers live. A compiled pattern is immutable after init and may be shared
/// between threads; everything a match mutates lives in a `Scratch`, which each scan owns.
/// Patterns run in byte mode (no PCRE2_UTF): input may be invalid UTF-8 and must never be rejected.
final class PCRE2Regex: @unchecked Sendable {
    struct CompileError: Error, CustomStringConvertible {
        var message: String
        var offset: Int
        var description: String { "\(message) at offset \(offset)" }
    }

    enum Outcome {
        /// Byte ranges of the whole match and of each capture group (nil when the group did not take part).
        case match(whole: Range<Int>, groups: [Range<Int>?])
        case noMatch
        /// Match, depth, heap or JIT stack limit hit, or another runtime failure.
        case failure(String)
    }

    /// Nil until a deferred pattern's first match compiles it (see `init(deferred:captureCount:)`);
    /// written only under `lock`, before `ready` is set.
    private var code: OpaquePointer?
    /// Why a deferred pattern did not compile at its first match.
    private var deferredError: String?
    let pattern: String
    let captureCount: Int
    /// JIT compilation waits for a pattern's first match: a pre-commit run touches a handful of the 300
    /// patterns, and compiling all of them up front took 4 of its 43 ms.
    private let wantsJIT: Bool
    /// Compiled (and JIT-compiled when wanted), so a match may start.
    private let ready = Atomic<Bool>(false)
    private let lock = Mutex<Void>(())

    init(_ pattern: String, caseless: Bool = false, jit: Bool = true) throws {
        var errorCode: Int32 = 0
        var errorOffset = 0
        let options: UInt32 = caseless ? PCRE2_CASELESS : 0
        let compiled = pattern.utf8CString.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            buffer.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: buffer.count) {
                pcre2_compile_8($0, buffer.count - 1, options, &errorCode, &errorOffset, nil)
            }
        }
        guard let compiled else {
            throw CompileError(message: PCRE2Regex.message(for: errorCode), offset: errorOffset)
        }
        code = compiled
        self.pattern = pattern
        var count: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        captureCount = Int(count)
        wantsJIT = jit
        if !jit { ready.store(true, ordering: .releasing) }
    }

    /// A pattern known to compile, with its number of capture groups, compiled only before its first
    /// match: most of the embedded patterns never meet their keywords in a pre-commit run, and compiling
    /// all 300 up front was a tenth of its instructions. The build checked them (see embed-patterns).
    init(deferred pattern: String, captureCount: Int, jit: Bool = true) {
        code = nil
        self.pattern = pattern
        self.captureCount = captureCount
        wantsJIT = jit
    }

    /// Compiles a deferred pattern and JIT-compiles the pattern before its first match, once. JIT
    /// compilation changes the compiled code, so no thread may match until it is done: latecomers wait on
    /// the lock. JIT failure (unsupported platform, out of memory) is not fatal: the interpreter still works.
    @inline(__always)
    func prepare() {
        if ready.load(ordering: .acquiring) { return }
        lock.withLock { _ in
            if ready.load(ordering: .acquiring) { return }
            if code == nil {
                var errorCode: Int32 = 0
                var errorOffset = 0
                let bytes = Array(pattern.utf8)
                code = pcre2_compile_8(bytes, bytes.count, 0, &errorCode, &errorOffset, nil)
                if code == nil { deferredError = "\(PCRE2Regex.message(for: errorCode)) at offset \(errorOffset)" }
            }
            if wantsJIT, let code { _ = pcre2_jit_compile_8(code, PCRE2_JIT_COMPLETE) }
            ready.store(true, ordering: .releasing)
        }
    }

    deinit { if let code { pcre2_code_free_8(code) } }

    /// Whether PCRE2 has compiled the pattern yet (a deferred one waits for its first match).
    var isCompiled: Bool { lock.withLock { _ in code != nil } }

    /// Per-thread match state: match data big enough for any pattern of a scanner, a match context with
    /// limits, and a JIT stack. Not thread-safe; make one per scan call.
    final class Scratch {
        fileprivate let matchData: OpaquePointer
        fileprivate let context: OpaquePointer
        private let jitStack: OpaquePointer?

        init(maxCaptures: Int, limits: Limits) {
            matchData = pcre2_match_data_create_8(UInt32(maxCaptures + 1), nil)!
            context = pcre2_match_context_create_8(nil)!
            pcre2_set_match_limit_8(context, limits.match)
            pcre2_set_depth_limit_8(context, limits.depth)
            pcre2_set_heap_limit_8(context, limits.heapKiB)
            jitStack = pcre2_jit_stack_create_8(32 * 1024, limits.jitStackBytes, nil)
            if let jitStack { pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(jitStack)) }
        }

        deinit {
            if let jitStack { pcre2_jit_stack_free_8(jitStack) }
            pcre2_match_context_free_8(context)
            pcre2_match_data_free_8(matchData)
        }
    }

    /// Bounds on one pcre2_match call, so a catastrophic pattern costs bounded time and reports an error.
    struct Limits: Sendable {
        var match: UInt32 = 2_000_000
        var depth: UInt32 = 10_000
        var heapKiB: UInt32 = 20 * 1024
        var jitStackBytes: Int = 1024 * 1024
    }

    /// First match in `subject[start...]`; offsets are relative to the start of `subject`.
    func firstMatch(in subject: UnsafeBufferPointer<UInt8>, from start: Int, scratch: Scratch) -> Outcome {
        guard start <= subject.count else { return .noMatch }
        prepare()
        // A deferred pattern that this PCRE2 cannot compile (the build's could) is a gap, not a crash.
        guard let code else { return .failure("regex does not compile: \(deferredError ?? "unknown error")") }
        // A zero-length subject still needs a valid pointer.
        var empty: UInt8 = 0
        let rc: Int32 = withUnsafePointer(to: &empty) { emptyPointer in
            pcre2_match_8(code, subject.baseAddress ?? emptyPointer, subject.count, start, 0,
                          scratch.matchData, scratch.context)
        }
        if rc == PCRE2_ERROR_NOMATCH { return .noMatch }
        if rc < 0 { return .failure(PCRE2Regex.message(for: rc)) }
        let ovector = pcre2_get_ovector_pointer_8(scratch.matchData)!
        let pairs = rc == 0 ? Int(pcre2_get_ovector_count_8(scratch.matchData)) : Int(rc)
        let whole = Int(ovector[0])..<max(Int(ovector[0]), Int(ovector[1]))
        var groups: [Range<Int>?] = []
        if captureCount > 0 {
            groups.reserveCapacity(captureCount)
            for i in 1...captureCount {
                let lo = ovector[2 * i], hi = ovector[2 * i + 1]
                // Unset groups are PCRE2_UNSET (~0); groups past `pairs` were not reached.
                if i < pairs, lo != Int.max && lo != ~0, hi >= lo { groups.append(Int(lo)..<Int(hi)) } else { groups.append(nil) }
            }
        }
        return .match(whole: whole, groups: groups)
    }

    /// Convenience for allowlists and tests: does the pattern match anywhere in `bytes`?
    func matches(_ bytes: [UInt8], scratch: Scratch) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            if case .match = firstMatch(in: buffer, from: 0, scratch: scratch) { return true }
            return false
        }
    }

    private static func message(for code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = pcre2_get_error_message_8(code, &buffer, buffer.count)
        guard length > 0 else { return "PCRE2 error \(code)" }
        return String(decoding: buffer[0..<Int(length)], as: UTF8.self)
    }
}
