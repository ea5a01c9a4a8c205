/// Aho–Corasick automaton over ASCII-lowercased bytes, built once for the keywords of every pattern, so
/// one pass over a file finds every place any pattern could match and text without keywords never
/// reaches a regex.
///
/// The automaton is a full DFA over byte classes: bytes no keyword uses share class 0, which keeps the
/// table small enough for cache. States are renumbered so that every state with an output is
/// `>= firstOutputState`, making the hot loop one table load and one comparison per byte.
///
/// The tables live in memory this class allocates and frees, so the hot loop indexes raw pointers held
/// in registers rather than going through array accessors and closures.
///
/// A per-position alternative (hashed sets of keyword byte pairs and three-byte prefixes, no dependency
/// between positions) was tried and measured slower on the Python standard library with the 300
/// patterns of Patterns/: about a fifth of positions start some keyword's first two bytes.
final class KeywordMatcher: @unchecked Sendable {
    private let classOf: UnsafeMutablePointer<UInt8>
    private let classCount: Int
    private let delta: UnsafeMutablePointer<Int32>
    /// Row offset of the first state with an output.
    private let firstOutputState: Int32
    /// Keyword ids ending at each output state (including those reached through failure links), flat:
    /// output state k owns `outputIDs[outputStart[k]..<outputStart[k + 1]]`. Flat arrays keep the hit path
    /// free of reference counting.
    private let outputStart: [Int32]
    let outputIDs: [Int32]
    let keywordCount: Int

    init(keywords: [[UInt8]]) {
        keywordCount = keywords.count
        // At most 231 classes (upper-case letters fold), so a byte holds a class.
        var classOf = [UInt8](repeating: 0, count: 256)
        var nextClass: UInt8 = 1
        for keyword in keywords {
            for b in keyword {
                let folded = KeywordMatcher.fold(b)
                if classOf[Int(folded)] == 0 { classOf[Int(folded)] = nextClass; nextClass += 1 }
            }
        }
        // Upper-case ASCII shares the class of its lower-case letter.
        for upper in UInt8(ascii: "A")...UInt8(ascii: "Z") { classOf[Int(upper)] = classOf[Int(upper | 0x20)] }
        let classes = Int(nextClass)

        // Trie.
        var children: [[Int32]] = [[Int32](repeating: -1, count: classes)]
        var terminal: [[Int32]] = [[]]
        for (id, keyword) in keywords.enumerated() where !keyword.isEmpty {
            var s = 0
            for b in keyword {
                let c = Int(classOf[Int(b)])
                if children[s][c] < 0 {
                    children[s][c] = Int32(children.count)
                    children.append([Int32](repeating: -1, count: classes))
                    terminal.append([])
                }
                s = Int(children[s][c])
            }
            terminal[s].append(Int32(id))
        }

        // Breadth-first failure links, completing the trie into a DFA.
        let count = children.count
        var fail = [Int32](repeating: 0, count: count)
        var out = terminal
        var queue: [Int] = []
        for c in 0..<classes {
            if children[0][c] < 0 { children[0][c] = 0 } else { queue.append(Int(children[0][c])) }
        }
        var head = 0
        while head < queue.count {
            let s = queue[head]; head += 1
            out[s] += out[Int(fail[s])]
            for c in 0..<classes {
                let t = children[s][c]
                if t < 0 {
                    children[s][c] = children[Int(fail[s])][c]
                } else {
                    fail[Int(t)] = children[Int(fail[s])][c]
                    queue.append(Int(t))
                }
            }
        }
        // Class 0 (bytes in no keyword) always returns to the root.
        for s in 0..<count { children[s][0] = 0 }

        // Renumber: states without output first, each group in breadth-first order, so the shallow states
        // ordinary text keeps visiting sit together in cache.
        let order = [0] + queue
        var newIndex = [Int32](repeating: 0, count: count)
        var next: Int32 = 0
        for s in order where out[s].isEmpty { newIndex[s] = next; next += 1 }
        let firstOutput = next
        var outputs: [[Int32]] = []
        for s in order where !out[s].isEmpty { newIndex[s] = next; next += 1; outputs.append(out[s]) }
        // Entries hold the next state's row offset (state × classes), saving a multiply per byte.
        var delta = [Int32](repeating: 0, count: count * classes)
        for s in 0..<count {
            let base = Int(newIndex[s]) * classes
            for c in 0..<classes { delta[base + c] = newIndex[Int(children[s][c])] * Int32(classes) }
        }
        self.classOf = .allocate(capacity: 256)
        self.classOf.initialize(from: classOf, count: 256)
        self.classCount = classes
        self.delta = .allocate(capacity: delta.count)
        self.delta.initialize(from: delta, count: delta.count)
        self.firstOutputState = firstOutput * Int32(classes)
        var start: [Int32] = [0]
        var ids: [Int32] = []
        for o in outputs { ids += o; start.append(Int32(ids.count)) }
        self.outputStart = start
        self.outputIDs = ids
    }

    deinit {
        classOf.deallocate()
        delta.deallocate()
    }

    static func fold(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    /// The root state (row offset 0), for starting a scan.
    static let start: Int32 = 0

    /// Advances from `index` until a keyword ends. On a hit, returns the range of `outputIDs` holding the
    /// keyword ids ending at the byte at `index - 1`; at the end of the buffer returns nil. Resume by
    /// calling again with the same state. Not inlined: inlined into the caller, the state was kept in
    /// memory through the inout, adding a store-load round trip to every byte.
    @inline(never)
    func nextHit(in buffer: UnsafeBufferPointer<UInt8>, index: inout Int, state: inout Int32) -> Range<Int>? {
        guard let base = buffer.baseAddress else { return nil }
        let end = buffer.count
        let firstOutput = firstOutputState
        let classOf = self.classOf, delta = self.delta
        var i = index
        var s = state
        while i < end {
            s = delta[Int(s) &+ Int(classOf[Int(base[i])])]
            i &+= 1
            if s >= firstOutput {
                index = i; state = s
                let k = Int(s &- firstOutput) / classCount
                return Int(outputStart[k])..<Int(outputStart[k + 1])
            }
        }
        index = i; state = s
        return nil
    }
}
