/// Which path-limited patterns' globs match a path, without testing every glob of every pattern: most
/// globs are `**/NAME` (`.pgpass`, `credentials.xml`) or `**/*.EXT` (`*.sql`, `*.gradle.kts`), which match
/// exactly when a path segment is NAME or ends with .EXT, and are looked up by segment. Every file of a
/// scan asks, so only the globs of other shapes are matched one by one.
struct PathIndex {
    private var byName: [String: [Int]] = [:]
    private var bySuffix: [String: [Int]] = [:]
    /// Globs of other shapes (`**/.aws/credentials`, `**/*dump*`, braces) and gitleaks path regexes, for
    /// the caller to match one by one.
    private(set) var others: [(pattern: Int, matcher: PathMatcher)] = []

    init(_ paths: [[PathMatcher]], members: [Int]) {
        let special: Set<Character> = ["*", "?", "[", "]", "{", "}", "\\", "/"]
        for index in members {
            for path in paths[index] {
                guard case .glob(let glob) = path else { others.append((index, path)); continue }
                let rest = glob.pattern.hasPrefix("**/") ? glob.pattern.dropFirst(3) : ""
                if !rest.isEmpty && !rest.contains(where: special.contains) {
                    byName[String(rest), default: []].append(index)
                } else if rest.hasPrefix("*."), !rest.dropFirst().contains(where: special.contains) {
                    bySuffix[String(rest.dropFirst()), default: []].append(index)
                } else {
                    others.append((index, path))
                }
            }
        }
    }

    /// The patterns with a `**/NAME` or `**/*.EXT` glob matching the path. A glob that names a folder covers
    /// what is inside it, so every segment of the path is looked up, not only the file name.
    func lookup(_ path: String) -> Set<Int> {
        var found: Set<Int> = []
        for segment in path.split(separator: "/") {
            if let hit = byName[String(segment)] { found.formUnion(hit) }
            var dot = segment.firstIndex(of: ".")
            while let at = dot {
                if let hit = bySuffix[String(segment[at...])] { found.formUnion(hit) }
                dot = segment[segment.index(after: at)...].firstIndex(of: ".")
            }
        }
        return found
    }
}
