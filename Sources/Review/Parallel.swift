import Foundation
import LargeStack

/// Runs `work(worker, index)` for every index in 0..<count on up to `workers` threads and returns the
/// results in index order; the first error thrown, by index, is rethrown. Workers take the next index
/// when they are free, since files and commits differ a lot in cost (a new 5,000-line module against a
/// one-line fix), and they run on large-stack threads so the parser and rules run in place rather than
/// on a new thread per file.
public func parallelMap<T>(_ count: Int, workers: Int, _ work: (_ worker: Int, _ index: Int) throws -> T) throws -> [T] {
    guard count > 0 else { return [] }
    var results = [Result<T, Error>?](repeating: nil, count: count)
    let next = IndexDispenser()
    results.withUnsafeMutableBufferPointer { slots in
        onLargeStacks(count: max(1, min(workers, count))) { worker in
            while let index = next.take(below: count) {
                slots[index] = Result { try work(worker, index) }
            }
        }
    }
    return try results.map { try $0!.get() }
}

/// Hands out 0, 1, 2, … to whichever thread asks first.
private final class IndexDispenser: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    func take(below count: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
}
