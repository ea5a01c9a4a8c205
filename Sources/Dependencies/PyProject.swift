import Foundation
import TOMLKit

/// `pyproject.toml`: PEP 621's `[project] dependencies` and `optional-dependencies`, PEP 735's
/// `[dependency-groups]` (requirement strings), and Poetry's `[tool.poetry.dependencies]`,
/// `dev-dependencies` and `[tool.poetry.group.NAME.dependencies]` (name = constraint tables, where a bare
/// version such as "3.2.0" is an exact pin and `^`, `~`, `*` and comparisons are ranges).
enum PyProject {
    static func requirements(_ text: String) -> [Requirement]? {
        guard let document = TOMLManifest(text, keepTable: { isDependencyTable($0) || $0 == ["project"] }) else { return nil }
        var out: [Requirement] = []
        var used: Set<Int> = []
        let table = document.table

        // Requirement strings, found in the text of the tables that can hold them.
        var strings: [(String, [String])] = []
        if let project = table["project"]?.table {
            strings += (project["dependencies"]?.array ?? []).compactMap(\.string).map { ($0, ["project"]) }
            for (_, group) in project["optional-dependencies"]?.table ?? TOMLTable() {
                strings += (group.array ?? []).compactMap(\.string).map { ($0, ["project"]) }
            }
        }
        for (_, group) in table["dependency-groups"]?.table ?? TOMLTable() {
            strings += (group.array ?? []).compactMap(\.string).map { ($0, ["dependency-groups"]) }
        }
        for (text, root) in strings {
            guard let parsed = RequirementString(Substring(text)), !parsed.isURL else { continue }
            let blocks = document.headers.filter { $0.path.starts(with: root) }.flatMap { document.blocks($0.path) }
            let place = blocks.lazy.compactMap { block in
                ["\"", "'"].lazy.compactMap { document.line(containing: $0 + text + $0, in: block, skipping: used) }.first
            }.first
            guard let place else { continue }
            used.insert(place.line)
            let offset = parsed.pin?.offset ?? parsed.nameOffset
            out.append(parsed.requirement(line: place.line, column: place.column + 1 + offset))
        }

        // Poetry's tables of name = constraint.
        for header in document.headers where isPoetryTable(header.path) {
            guard let dependencies = table[header.path[0]]?.table.flatMap({ nested($0, Array(header.path.dropFirst())) }) else { continue }
            for block in document.blocks(header.path) {
                for (name, value) in dependencies where name != "python" {
                    guard let line = document.keyLine(name, in: block) else { continue }
                    let constraint = value.string ?? value.table?["version"]?.string ?? ""
                    out.append(poetryRequirement(name: name, constraint: constraint, line: line, document: document))
                }
            }
        }
        return out.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    static func isDependencyTable(_ path: [String]) -> Bool {
        path == ["project", "optional-dependencies"] || path == ["dependency-groups"] || isPoetryTable(path)
    }

    static func isPoetryTable(_ path: [String]) -> Bool {
        path == ["tool", "poetry", "dependencies"] || path == ["tool", "poetry", "dev-dependencies"]
            || (path.count == 5 && path.starts(with: ["tool", "poetry", "group"]) && path[4] == "dependencies")
    }

    static func nested(_ table: TOMLTable, _ path: [String]) -> TOMLTable? {
        var current = table
        for key in path {
            guard let next = current[key]?.table else { return nil }
            current = next
        }
        return current
    }

    /// "3.2.0" and "==3.2.0" pin; everything else Poetry accepts is a range.
    static func poetryRequirement(name: String, constraint: String, line: Int, document: TOMLManifest) -> Requirement {
        let trimmed = constraint.trimmingCharacters(in: .whitespaces)
        var version: String?
        if trimmed.hasPrefix("==") && !trimmed.hasPrefix("===") {
            version = String(trimmed.dropFirst(2)).trimmingCharacters(in: .whitespaces)
        } else if Version(trimmed) != nil {
            version = trimmed
        }
        if let v = version, v.contains("*") || v.isEmpty { version = nil }
        let column = document.column(of: version ?? name, line: line)
        return Requirement(name: name, version: version, specifier: trimmed, line: line, column: column)
    }
}
