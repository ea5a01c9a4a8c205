/// Whether one package's entry in an advisory covers a version: OSV's `versions` list, or an
/// `ECOSYSTEM` range of `introduced` / `fixed` / `last_affected` events, ordered as PEP 440 orders
/// versions. A range with an event that is not a PEP 440 version is skipped: guessing its place could
/// turn a fix into "affected forever".
extension Advisory.Affected {
    public struct Verdict: Equatable, Sendable {
        public var affected: Bool
        /// The lowest `fixed` version above the one asked about, if any range has one.
        public var fixedIn: String?
    }

    public func verdict(version text: String, arbitraryEquality: Bool) -> Verdict {
        guard !arbitraryEquality, let version = Version(text) else {
            // `===` compares text: only an explicit list can name such a version.
            return Verdict(affected: versions?.contains(text) ?? false, fixedIn: nil)
        }
        // A record can list hundreds of versions: only those with the pin's leading number are parsed.
        let lead = version.epoch == .zero ? version.release.first : nil
        var affected = (versions ?? []).contains { listed in
            if listed == text { return true }
            if let lead, let listedLead = Version.leadingNumber(listed), listedLead != lead { return false }
            return Version(listed) == version
        }
        var fixes: [Version] = []
        for events in orderedRanges {
            if Self.isAffected(version, events) { affected = true }
            fixes += events.compactMap { $0.kind == .fixed && $0.version > version ? $0.version : nil }
        }
        return Verdict(affected: affected, fixedIn: affected ? fixes.min()?.description : nil)
    }

    enum EventKind: Sendable { case introduced, fixed, lastAffected }
    struct Event: Sendable { var kind: EventKind; var version: Version }

    /// The range's events in version order; `introduced: "0"` is below every version.
    static func events(_ range: Range) -> [Event]? {
        var out: [Event] = []
        for event in range.events {
            for (key, value) in event {
                let kind: EventKind
                switch key {
                case "introduced": kind = .introduced
                case "fixed": kind = .fixed
                case "last_affected": kind = .lastAffected
                default: continue   // "limit" bounds git ranges only
                }
                guard let version = value == "0" && kind == .introduced ? Version.lowest : Version(value) else { return nil }
                out.append(Event(kind: kind, version: version))
            }
        }
        // Stable, so an event list in file order keeps introduced before fixed at the same version.
        return out.enumerated().sorted { ($0.element.version, $0.offset) < ($1.element.version, $1.offset) }.map(\.element)
    }

    /// OSV's evaluation: the last event at or below the version decides (`last_affected` covers itself).
    static func isAffected(_ version: Version, _ events: [Event]) -> Bool {
        var affected = false
        for event in events {
            switch event.kind {
            case .introduced where version >= event.version: affected = true
            case .fixed where version >= event.version: affected = false
            case .lastAffected where version > event.version: affected = false
            default: break
            }
        }
        return affected
    }
}

extension Version {
    /// The first release number of a version's text, when it has no epoch and starts plainly
    /// (`3.2.1` -> 3); nil when only a full parse can tell.
    static func leadingNumber(_ text: String) -> Number? {
        let bytes = text.utf8
        var digits = bytes.prefix { (48...57).contains($0) }
        guard !digits.isEmpty else { return nil }
        let next = bytes.dropFirst(digits.count).first
        guard next == nil || next == UInt8(ascii: ".") else { return nil }
        digits = digits.drop { $0 == UInt8(ascii: "0") }
        return Number(digits: ArraySlice(digits))
    }

    /// Below every real version: `0.dev0` is the lowest PEP 440 version there is.
    static let lowest = Version("0.dev0")!
}
