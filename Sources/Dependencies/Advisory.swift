import Findings
import Foundation

/// One OSV record (https://ossf.github.io/osv-schema/), the parts the check reads, from YAML (the PyPA
/// advisory database) or JSON (OSV's exports); unknown fields are ignored. Read from a plain tree of
/// strings, lists and maps rather than through Codable, which costs several times the parse itself, and the
/// hook may read a few thousand records.
public struct Advisory: Sendable {
    public struct Severity: Sendable {
        public var type: String
        public var score: String
    }

    public struct Affected: Sendable {
        public struct Package: Sendable {
            public var ecosystem: String?
            public var name: String
        }
        public struct Range: Sendable {
            public var type: String
            public var events: [[String: String]]
        }
        public var package: Package?
        public var ranges: [Range]?
        public var versions: [String]?
        public var severity: [Severity]?
        /// The ranges' events in order, parsed once when the record is loaded (on the loading threads).
        let orderedRanges: [[Event]]

        init(package: Package?, ranges: [Range]?, versions: [String]?, severity: [Severity]?) {
            self.package = package; self.ranges = ranges; self.versions = versions; self.severity = severity
            orderedRanges = (ranges ?? []).filter { $0.type == "ECOSYSTEM" || $0.type == "SEMVER" }.compactMap(Self.events)
        }
    }

    public var id: String
    public var aliases: [String]?
    public var summary: String?
    public var details: String?
    public var withdrawn: String?
    public var severity: [Severity]?
    public var affected: [Affected]?
    /// `database_specific.severity` (GHSA's LOW, MODERATE, HIGH, CRITICAL).
    public var databaseSeverity: String?

    init(_ record: RecordValue) throws {
        let root = try record.map("the record")
        id = try root.string("id")
        aliases = try root.optionalList("aliases")?.map { try $0.string("aliases[]") }
        summary = try root.optionalString("summary")
        details = try root.optionalString("details")
        withdrawn = try root.optionalString("withdrawn")
        severity = try root.optionalList("severity")?.map(Self.severity)
        databaseSeverity = try root.optionalMap("database_specific")?.optionalString("severity")
        affected = try root.optionalList("affected")?.map { value in
            let entry = try value.map("affected[]")
            let package = try entry.optionalMap("package").map { package in
                Affected.Package(ecosystem: try package.optionalString("ecosystem"), name: try package.string("name"))
            }
            let ranges = try entry.optionalList("ranges")?.map { value -> Affected.Range in
                let range = try value.map("ranges[]")
                let events = try (range.optionalList("events") ?? []).map { event in
                    try event.map("events[]").mapValues { try $0.string("events[]") }
                }
                return Affected.Range(type: try range.string("type"), events: events)
            }
            return Affected(package: package, ranges: ranges,
                            versions: try entry.optionalList("versions")?.map { try $0.string("versions[]") },
                            severity: try entry.optionalList("severity")?.map(Self.severity))
        }
    }

    private static func severity(_ value: RecordValue) throws -> Severity {
        let map = try value.map("severity[]")
        return Severity(type: try map.string("type"), score: try map.string("score"))
    }

    /// The advisory's own page; OSV serves every id it holds there.
    public var url: String { "https://osv.dev/vulnerability/" + id }

    /// A line to show: the summary, else the first sentence of the details, cut to a readable length.
    public var headline: String {
        let text = (summary?.isEmpty == false ? summary : details) ?? ""
        var line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        if summary?.isEmpty != false, let stop = line.range(of: ". ") { line = String(line[..<stop.lowerBound]) + "." }
        return line.count > 200 ? String(line.prefix(197)) + "..." : line
    }

    /// CVSS v3 base score from the record's vector (the package's own entry first), else the database's
    /// word for it (GHSA's LOW, MODERATE, HIGH, CRITICAL), else medium.
    public func severityLevel(for affected: Affected?) -> Findings.Severity {
        for entry in (affected?.severity ?? []) + (severity ?? []) where entry.type.hasPrefix("CVSS_V3") {
            if let score = CVSS3.baseScore(entry.score) { return CVSS3.severity(score) }
        }
        switch databaseSeverity?.uppercased() {
        case "CRITICAL": return .critical
        case "HIGH": return .high
        case "LOW": return .low
        default: return .medium
        }
    }
}
