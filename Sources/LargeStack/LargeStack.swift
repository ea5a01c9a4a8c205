// LargeStack: threads with a stack big enough for recursive work over a parse tree, and the worker pool
// built on them. It owns nothing else and imports only the C library; the Python parser, the Python rules
// and Review's parallel map share it so that work already on such a thread runs in place.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

private final class StackJob {
    let bytes: Int
    let body: () -> Void
    init(bytes: Int, _ body: @escaping () -> Void) { self.bytes = bytes; self.body = body }
}

private final class ResultBox<T> { var value: T? }

/// The stack size of each thread this file started, so work already on such a thread runs in place.
private let stackSizeKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, nil)
    return key
}()

/// Starts a thread with a `bytes` stack running `body`, or returns nil when the system refuses one.
private func startThread(bytes: Int, _ body: @escaping () -> Void) -> pthread_t? {
    var attr = pthread_attr_t()
    pthread_attr_init(&attr)
    defer { pthread_attr_destroy(&attr) }
    pthread_attr_setstacksize(&attr, bytes)
    let ctx = Unmanaged.passRetained(StackJob(bytes: bytes, body)).toOpaque()
    #if canImport(Darwin)
    var thread: pthread_t?
    #else
    var thread = pthread_t()
    #endif
    let rc = pthread_create(&thread, &attr, { raw in
        #if canImport(Darwin)
        let job = Unmanaged<StackJob>.fromOpaque(raw).takeRetainedValue()
        #else
        let job = Unmanaged<StackJob>.fromOpaque(raw!).takeRetainedValue()
        #endif
        pthread_setspecific(stackSizeKey, UnsafeRawPointer(bitPattern: job.bytes))
        job.body()
        return nil
    }, ctx)
    if rc != 0 {
        Unmanaged<StackJob>.fromOpaque(ctx).release()
        return nil
    }
    #if canImport(Darwin)
    return thread!
    #else
    return thread
    #endif
}

/// Runs `work` on a thread with a generous stack and waits for it. The parser and the rules recurse
/// over the AST (bounded by the parser's nesting limits), and debug-build frames are large; callers may
/// be on small-stack worker threads. On a thread that this file started with at least `bytes`, `work`
/// runs in place: starting and tearing down a 64 MB-stack thread per file was a fifth of the history
/// audit's time. Nested calls share that stack, so they must come from shallow code (a reviewer calling
/// the parser, not a rule deep in a walk).
public func onLargeStack<T>(bytes: Int = 64 << 20, _ work: @escaping () -> T) -> T {
    if Int(bitPattern: pthread_getspecific(stackSizeKey)) >= bytes { return work() }
    let box = ResultBox<T>()
    guard let thread = startThread(bytes: bytes, { box.value = work() }) else {
        // No thread available: run here rather than fail.
        return work()
    }
    pthread_join(thread, nil)
    return box.value!
}

/// Runs `work(0)` … `work(count - 1)` at once, each on its own thread with a `bytes` stack, and waits for
/// all of them: a pool of workers whose calls to `onLargeStack` cost nothing.
public func onLargeStacks(count: Int, bytes: Int = 64 << 20, _ work: (Int) -> Void) {
    withoutActuallyEscaping(work) { work in
        var threads: [pthread_t] = []
        for worker in 0..<count {
            if let thread = startThread(bytes: bytes, { work(worker) }) {
                threads.append(thread)
            } else {
                work(worker)
            }
        }
        for thread in threads { pthread_join(thread, nil) }
    }
}
