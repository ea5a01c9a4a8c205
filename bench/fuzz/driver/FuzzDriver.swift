import Foundation

/// Runs libFuzzer with the program's command line (corpus folders, -max_total_time=…, -dict=…), calling
/// `body` with every input it tries; a crash, a hang or a failed check in `body` is a finding. For the
/// harnesses of bench/fuzz/: libFuzzer's own `main` cannot be used, since SwiftPM gives every executable
/// one, so the harness's `main` calls this instead.
public func runLibFuzzer(_ body: @escaping (UnsafeBufferPointer<UInt8>) -> Void) -> Never {
    fuzzBody = body
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(runDriver(&argc, &argv) { data, size in
        fuzzBody?(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
        return 0
    })
}

/// libFuzzer calls back through a C function pointer, which cannot carry a closure's context.
private var fuzzBody: ((UnsafeBufferPointer<UInt8>) -> Void)?

@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
