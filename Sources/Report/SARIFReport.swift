import Findings

/// SARIF 2.1.0 for GitHub code scanning (upload-sarif) and other SARIF viewers.
enum SARIFReport {
    /// The numbers GitHub code scanning maps to its Critical (>= 9.0), High (7.0-8.9), Medium (4.0-6.9)
    /// and Low (0.1-3.9) security severities.
    static func securitySeverity(_ s: Severity) -> String {
        switch s {
        case .critical: return "9.5"
        case .high: return "8.0"
        case .medium: return "5.5"
        case .low: return "3.0"
        }
    }

    static func level(_ s: Severity) -> String {
        switch s {
        case .critical, .high: return "error"
        case .medium: return "warning"
        case .low: return "note"
        }
    }

    /// A result's level: its severity's, one step lower when the evidence is weak (a low-confidence
    /// finding of the audit tier is a note to look at, not an error to fix).
    static func level(_ f: Finding) -> String {
        guard f.confidence == .low else { return level(f.severity) }
        switch f.severity {
        case .critical, .high: return "warning"
        case .medium, .low: return "note"
        }
    }

    /// SARIF's 0-100 priority: the security-severity score (x10) weighed by confidence (high 1, medium 0.8,
    /// low 0.5), so a certain high finding (80) outranks a low-confidence critical one (47.5).
    static func rank(_ f: Finding) -> Double {
        let score: Double
        switch f.severity {
        case .critical: score = 95
        case .high: score = 80
        case .medium: score = 55
        case .low: score = 30
        }
        let weight: Double
        switch f.confidence {
        case .high: weight = 1
        case .medium: weight = 0.8
        case .low: weight = 0.5
        }
        return (score * weight * 10).rounded() / 10
    }

    /// Skipped files can number in the thousands on a history scan; notifications keep the first ones.
    static let notificationLimit = 100

    static func render(findings: [Finding], summary: ScanSummary, rules: [RuleInfo], options: ReportOptions) -> String {
        let descriptors = ruleTable(rules: rules, findings: findings)
        // GitHub sorts alerts by a rule's precision; ours is the best confidence among the rule's findings
        // in this run, so a rule that fired only on weak evidence ranks below one with strong evidence.
        var precision: [String: Confidence] = [:]
        for f in findings { precision[ruleID(f)] = max(precision[ruleID(f)] ?? f.confidence, f.confidence) }
        var index: [String: Int] = [:]
        for (i, r) in descriptors.enumerated() where index[r.id] == nil { index[r.id] = i }

        let driver: [String: JSONValue] = [
            "name": .string("Shortwall"),
            "informationUri": .string(options.informationUri),
            "version": .string(options.toolVersion),
            "semanticVersion": .string(options.toolVersion),
            "rules": .array(descriptors.map { descriptor($0, precision: precision[$0.id]?.rawValue ?? "high") }),
        ]
        let run: [String: JSONValue] = [
            "tool": .object(["driver": .object(driver)]),
            "invocations": .array([invocation(summary)]),
            "results": .array(findings.map { result(for: $0, ruleIndex: index[ruleID($0)]!) }),
            // Finding columns count characters. SARIF's default is UTF-16 code units, which differ only for
            // characters outside the Basic Multilingual Plane; saying so keeps those positions right too.
            "columnKind": .string("unicodeCodePoints"),
            "properties": .object([
                "commits": .int(summary.commits), "files": .int(summary.files), "bytes": .int(summary.bytes),
                "durationSeconds": .double(summary.durationSeconds), "suppressed": .int(options.suppressed),
                "ignored": .int(options.ignored), "configFiles": .array(summary.configFiles.map(JSONValue.string)),
                "belowMinConfidence": .int(options.belowConfidence), "minConfidence": .string(options.minConfidence.rawValue),
            ]),
        ]
        return JSONValue.object([
            "$schema": .string("https://json.schemastore.org/sarif-2.1.0.json"),
            "version": .string("2.1.0"),
            "runs": .array([.object(run)]),
        ]).rendered()
    }

    /// A dependency finding points at a rule of its own advisory (`dependency.known-vulnerability/PYSEC-2021-98`,
    /// a hierarchical id as SARIF allows), so that its helpUri is the advisory's page.
    static func ruleID(_ f: Finding) -> String {
        f.dependency?.advisory.map { f.rule + "/" + $0 } ?? f.rule
    }

    /// Known rules in the order given, then rules that only findings mention (a pattern from the user's
    /// config, an advisory), described from their first finding so every result has a rule to point at.
    static func ruleTable(rules: [RuleInfo], findings: [Finding]) -> [RuleInfo] {
        var table = rules
        let known = Set(rules.map(\.id))
        var added: [String: Int] = [:]
        for f in findings where !known.contains(ruleID(f)) {
            let id = ruleID(f)
            if let i = added[id] {
                table[i].severity = max(table[i].severity, f.severity)
                continue
            }
            added[id] = table.count
            table.append(RuleInfo(id: id, kind: f.kind, title: f.title.isEmpty ? f.rule : f.title,
                                  severity: f.severity, cwe: f.cwe, description: f.message, fix: f.fix, helpUri: f.dependency?.url))
        }
        return table
    }

    static func descriptor(_ r: RuleInfo, precision: String) -> JSONValue {
        var tags: [JSONValue] = [.string("security"), .string(r.kind == .secret ? "secrets" : r.kind.rawValue)]
        if let cwe = r.cwe { tags.append(.string("external/cwe/cwe-\(cwe)")) }
        if let owasp = r.owasp { tags.append(.string("owasp/\(owasp)")) }
        var o: [String: JSONValue] = [
            "id": .string(r.id),
            "name": .string(r.id),
            "shortDescription": .object(["text": .string(r.title)]),
            "fullDescription": .object(["text": .string(r.description.isEmpty ? r.title : r.description)]),
            "help": .object(["text": .string(r.fix), "markdown": .string("**How to fix:** " + r.fix)]),
            "defaultConfiguration": .object(["level": .string(level(r.severity))]),
            "properties": .object([
                "tags": .array(tags),
                "security-severity": .string(securitySeverity(r.severity)),
                "precision": .string(precision),
            ]),
        ]
        if let uri = r.helpUri { o["helpUri"] = .string(uri) }
        return .object(o)
    }

    static func result(for f: Finding, ruleIndex: Int) -> JSONValue {
        let sink = location(file: f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn)
        var text = f.title.isEmpty ? f.message : "\(f.title): \(f.message)"
        if let secret = f.secret { text += " Secret (redacted): \(secret)." }
        var o: [String: JSONValue] = [
            "ruleId": .string(ruleID(f)),
            "ruleIndex": .int(ruleIndex),
            "level": .string(level(f)),
            "rank": .double(rank(f)),
            "locations": .array([sink]),
            "partialFingerprints": .object(["shortwall/v1": .string(f.fingerprint)]),
        ]
        if let s = f.source {
            text += " Data from \(s.description) at \(s.file):\(s.line)."
            let origin = location(file: s.file, line: s.line, column: s.column, endLine: nil, endColumn: nil)
            o["relatedLocations"] = .array([withMessage(origin, s.description, id: 1)])
            o["codeFlows"] = .array([.object(["threadFlows": .array([.object(["locations": .array([
                .object(["location": withMessage(origin, "Source: " + s.description, id: nil)]),
                .object(["location": withMessage(sink, "Sink: " + f.title, id: nil)]),
            ])])])])])
        }
        if let note = historyNote(for: f) { text += " " + note + "." }
        o["message"] = .object(["text": .string(text)])

        var props: [String: JSONValue] = ["confidence": .string(f.confidence.rawValue), "severity": .string(f.severity.rawValue)]
        if let commit = f.commit { props["commit"] = .string(commit) }
        if let v = f.presentInHead { props["presentInHead"] = .bool(v) }
        if let v = f.author { props["author"] = .string(v) }
        if let v = f.date { props["date"] = .string(v) }
        if let v = f.commitCount { props["commitCount"] = .int(v) }
        if let d = f.dependency {
            props["package"] = .string(d.package)
            if let v = d.version { props["version"] = .string(v) }
            if let v = d.advisory { props["advisory"] = .string(v) }
            if !d.aliases.isEmpty { props["aliases"] = .array(d.aliases.map(JSONValue.string)) }
            if let v = d.fixedIn { props["fixedIn"] = .string(v) }
        }
        o["properties"] = .object(props)
        return .object(o)
    }

    static func location(file: String, line: Int, column: Int, endLine: Int?, endColumn: Int?) -> JSONValue {
        var region: [String: JSONValue] = ["startLine": .int(max(1, line)), "startColumn": .int(max(1, column))]
        if let end = endLine, end >= max(1, line) {
            region["endLine"] = .int(end)
            if let endCol = endColumn, end > line || endCol >= column { region["endColumn"] = .int(max(1, endCol)) }
        }
        var artifact: [String: JSONValue]
        if file.hasPrefix("/") {
            artifact = ["uri": .string("file://" + percentEncode(file))]
        } else {
            artifact = ["uri": .string(percentEncode(file)), "uriBaseId": .string("%SRCROOT%")]
        }
        return .object(["physicalLocation": .object([
            "artifactLocation": .object(artifact),
            "region": .object(region),
        ])])
    }

    static func withMessage(_ location: JSONValue, _ text: String, id: Int?) -> JSONValue {
        guard case .object(var o) = location else { return location }
        o["message"] = .object(["text": .string(text)])
        if let id { o["id"] = .int(id) }
        return .object(o)
    }

    static func invocation(_ summary: ScanSummary) -> JSONValue {
        var notes: [JSONValue] = summary.errors.map { note($0, level: "error") }
        notes += summary.omitted.map { note($0.file + ": " + omissionNote($0), level: "warning") }
        notes += summary.skipped.prefix(notificationLimit).map { note("Skipped " + $0, level: "note") }
        if summary.skipped.count > notificationLimit {
            notes.append(note("\(summary.skipped.count - notificationLimit) more files skipped", level: "note"))
        }
        // An error (a file that could not be read, a pattern stopped by its match limit) is reported and
        // the rest scanned, but the run did not do all it was asked: it did not fully succeed.
        return .object(["executionSuccessful": .bool(summary.errors.isEmpty), "toolExecutionNotifications": .array(notes)])
    }

    static func note(_ text: String, level: String) -> JSONValue {
        .object(["message": .object(["text": .string(text)]), "level": .string(level)])
    }

    /// Repository paths as URI references: unreserved characters and "/" stay, every other UTF-8 byte
    /// is percent-encoded, so spaces, "#" and "%" in file names cannot break the reference.
    static func percentEncode(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
