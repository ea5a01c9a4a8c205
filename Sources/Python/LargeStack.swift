#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

private final class StackJob {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

private final class ResultBox<T> { var value: T? }

/// Runs `work` on a thread with a generous stack and waits for it. The parser and the rules recurse
/// over the AST (bounded by the parser's nesting limits), and debug-build frames are large; callers may
/// be on small-stack worker threads.
public func onLargeStack<T>(bytes: Int = 64 << 20, _ work: @escaping () -> T) -> T {
    let box = ResultBox<T>()
    let job = StackJob { box.value = work() }
    var attr = pthread_attr_t()
    pthread_attr_init(&attr)
    defer { pthread_attr_destroy(&attr) }
    pthread_attr_setstacksize(&attr, bytes)
    let ctx = Unmanaged.passRetained(job).toOpaque()
    #if canImport(Darwin)
    var thread: pthread_t?
    #else
    var thread = pthread_t()
    #endif
    let rc = pthread_create(&thread, &attr, { raw in
        #if canImport(Darwin)
        Unmanaged<StackJob>.fromOpaque(raw).takeRetainedValue().body()
        #else
        Unmanaged<StackJob>.fromOpaque(raw!).takeRetainedValue().body()
        #endif
        return nil
    }, ctx)
    if rc != 0 {
        // No thread available: run here rather than fail.
        Unmanaged<StackJob>.fromOpaque(ctx).release()
        return work()
    }
    #if canImport(Darwin)
    pthread_join(thread!, nil)
    #else
    pthread_join(thread, nil)
    #endif
    return box.value!
}
