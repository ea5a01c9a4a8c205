/// A set of small enum values (or small integers) in one machine word: taint values are copied and
/// merged at every expression, and heap-allocated Sets made that the analysis's main cost.
protocol BitIndexed {
    var bitIndex: Int { get }
    init?(bitIndex: Int)
}

struct BitSet<E: BitIndexed>: Hashable, Sendable, Sequence, ExpressibleByArrayLiteral {
    private(set) var bits: UInt64 = 0

    init() {}
    init(arrayLiteral elements: E...) { for e in elements { insert(e) } }
    init<S: Sequence>(_ s: S) where S.Element == E { for e in s { insert(e) } }

    var isEmpty: Bool { bits == 0 }
    var count: Int { bits.nonzeroBitCount }

    func contains(_ e: E) -> Bool { e.bitIndex < 64 && bits & (1 << UInt64(e.bitIndex)) != 0 }
    /// Indices of 64 and beyond are dropped: a function with more parameters loses precision, not correctness of memory.
    mutating func insert(_ e: E) { if e.bitIndex < 64 { bits |= 1 << UInt64(e.bitIndex) } }
    mutating func remove(_ e: E) { if e.bitIndex < 64 { bits &= ~(1 << UInt64(e.bitIndex)) } }
    mutating func formUnion<S: Sequence>(_ s: S) where S.Element == E { for e in s { insert(e) } }
    mutating func formUnion(_ o: BitSet) { bits |= o.bits }
    mutating func formIntersection(_ o: BitSet) { bits &= o.bits }
    mutating func subtract(_ o: BitSet) { bits &= ~o.bits }
    func union(_ o: BitSet) -> BitSet { var s = self; s.bits |= o.bits; return s }
    func intersection(_ o: BitSet) -> BitSet { var s = self; s.bits &= o.bits; return s }

    func makeIterator() -> AnyIterator<E> {
        var rest = bits
        return AnyIterator {
            while rest != 0 {
                let i = rest.trailingZeroBitCount
                rest &= rest - 1
                if let e = E(bitIndex: i) { return e }
            }
            return nil
        }
    }
}

extension Int: BitIndexed {
    var bitIndex: Int { self }
    init?(bitIndex: Int) { self = bitIndex }
}
