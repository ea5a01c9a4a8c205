/// The taint of every name at a point of the analysis, with branches that cost what they change.
///
/// A branch (`if`, a loop, a `try`, a `match` case, a comprehension) used to copy the whole table and
/// then join both paths name by name, so a function with n names and n branches took O(n²) time (a
/// 600 KB function of 20,000 `if` statements: 80 s). Instead, writes inside a branch are journaled
/// (each name's value before the branch first wrote it); closing the branch puts those values back and
/// returns what the branch left, and joining two paths looks only at the names either path wrote.
struct Environment {
    private(set) var values: [String: Taint] = [:]
    /// Per open branch, innermost last: every name written in it, with its value before the first write
    /// (nil: it had none).
    private var journals: [[String: Taint?]] = []

    subscript(name: String) -> Taint? {
        get { values[name] }
        set {
            if !journals.isEmpty, journals[journals.count - 1].index(forKey: name) == nil {
                journals[journals.count - 1].updateValue(values[name], forKey: name)
            }
            values[name] = newValue
        }
    }

    /// What a branch left in the names it wrote (nil: the name is unset), relative to where it opened.
    typealias Changes = [String: Taint?]

    /// Starts a branch: from here on every write is journaled until `close`.
    mutating func open() { journals.append([:]) }

    /// Ends the innermost branch: every name it wrote gets its earlier value back, and the values the
    /// branch left are returned. Putting them back is not a write of the enclosing branch: those names
    /// hold what they held before.
    mutating func close() -> Changes {
        let journal = journals.removeLast()
        var left = Changes(minimumCapacity: journal.count)
        for (name, earlier) in journal {
            left.updateValue(values[name], forKey: name)
            if let earlier { values[name] = earlier } else { values.removeValue(forKey: name) }
        }
        return left
    }

    /// Writes what a branch (or a join of branches) left, as a write of the enclosing branch.
    mutating func apply(_ changes: Changes) {
        for (name, value) in changes { self[name] = value }
    }
}
