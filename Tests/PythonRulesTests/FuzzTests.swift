import XCTest
import Findings
@testable import PythonRules

/// Mangled versions of every example (cut, spliced, with stray bytes) must never crash the reviewer.
final class FuzzTests: XCTestCase {
    func testMangledExamplesNeverCrash() {
        var rng = SplitMix(seed: 0x5EED)
        let pieces: [[UInt8]] = [Array("(".utf8), Array(")".utf8), Array("\"".utf8), Array("'''".utf8), Array(":\n".utf8),
                                 Array("\n    ".utf8), Array("request.args['x']".utf8), Array("os.system(".utf8), [0xff, 0xc3],
                                 Array("\\".utf8), Array("f\"{".utf8), Array("lambda:".utf8), Array("@app.route('/a/<x>')\n".utf8)]
        let reviewer = PythonReviewer()
        var runs = 0
        for rule in RuleSet.all {
            for ex in rule.triggering + rule.nonTriggering {
                let base = Array(ex.utf8)
                for _ in 0..<6 {
                    var b = base
                    switch rng.next() % 4 {
                    case 0: // cut a range
                        let i = Int(rng.next() % UInt64(b.count + 1)), j = min(b.count, i + Int(rng.next() % 40))
                        b.removeSubrange(i..<j)
                    case 1: // insert a fragment
                        b.insert(contentsOf: pieces[Int(rng.next() % UInt64(pieces.count))], at: Int(rng.next() % UInt64(b.count + 1)))
                    case 2: // truncate
                        b = Array(b.prefix(Int(rng.next() % UInt64(b.count + 1))))
                    default: // splice two halves of itself
                        let i = Int(rng.next() % UInt64(b.count + 1))
                        b = Array(b[i...] + b[..<i])
                    }
                    let lines = Set((0..<3).map { _ in 1 + Int(rng.next() % 30) })
                    _ = reviewer.review(path: "fuzz.py", source: b, addedLines: nil)
                    _ = reviewer.review(path: "settings.py", source: b, addedLines: lines)
                    runs += 1
                }
            }
        }
        XCTAssertGreaterThan(runs, 500)
    }
}

/// A small deterministic generator, so a failure reproduces.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
