import Foundation

/// Each commit's root tree and parents as read once, shared by the threads of one audit: the audit's
/// tree diffs would otherwise read every commit again, and every parent once more, after the walk has
/// read them all (on werkzeug, 630 M of the secrets-only audit's 10.3 G instructions). Bounded: two
/// generations of `generation` commits each, so a long history keeps only the latest ones; a commit not
/// here is read from the repository as before.
public final class CommitShapes: @unchecked Sendable {
    struct Shape {
        var tree: ObjectID
        var parents: [ObjectID]
    }

    private let lock = NSLock()
    private var newer: [ObjectID: Shape] = [:]
    private var older: [ObjectID: Shape] = [:]
    private let generation: Int

    public init(generation: Int = 1 << 16) { self.generation = generation }

    func shape(of id: ObjectID) -> Shape? {
        lock.lock(); defer { lock.unlock() }
        return newer[id] ?? older[id]
    }

    func keep(_ shape: Shape, for id: ObjectID) {
        lock.lock(); defer { lock.unlock() }
        if newer.count >= generation {
            older = newer
            newer = [:]
        }
        newer[id] = shape
    }
}

extension Repository {
    /// A commit's tree and parents (a shallow boundary has none), from `shapes` when it holds them;
    /// otherwise read, and kept there.
    func shape(of id: ObjectID, in shapes: CommitShapes?) throws -> CommitShapes.Shape {
        if let known = shapes?.shape(of: id) { return known }
        let commit = try Commit(self, id)
        let shape = CommitShapes.Shape(tree: commit.treeID, parents: commit.parentIDs)
        shapes?.keep(shape, for: id)
        return shape
    }

    /// The root tree of a commit whose shape is known.
    func rootTree(_ shape: CommitShapes.Shape) throws -> Tree { Tree(try lookupTree(shape.tree.oid, nil)) }
}
