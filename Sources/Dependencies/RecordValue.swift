import Foundation
import Yams

/// An advisory record as a plain tree, so YAML and JSON are read by the same code. Scalars are kept as
/// their text (YAML's `fixed: 1.10` stays "1.10", not a number).
enum RecordValue {
    case string(String)
    case list([RecordValue])
    case map([String: RecordValue])
    case other

    /// The fields of a record that the check reads; the rest (references, above all) is not copied.
    static let recordFields: Set<String> = ["id", "aliases", "summary", "details", "withdrawn", "severity", "affected", "database_specific"]

    init(yaml node: Node, keeping fields: Set<String>? = nil) {
        switch node {
        case .scalar(let scalar): self = .string(scalar.string)
        case .sequence(let sequence): self = .list(sequence.map { RecordValue(yaml: $0) })
        case .mapping(let mapping):
            var out: [String: RecordValue] = [:]
            for (key, value) in mapping {
                guard let k = key.string, fields?.contains(k) ?? true else { continue }
                out[k] = RecordValue(yaml: value)
            }
            self = .map(out)
        @unknown default: self = .other
        }
    }

    init(json: Any) {
        switch json {
        case let s as String: self = .string(s)
        case let a as [Any]: self = .list(a.map(RecordValue.init(json:)))
        case let o as [String: Any]: self = .map(o.mapValues(RecordValue.init(json:)))
        default: self = .other
        }
    }

    /// The parsed record in a file's bytes, by the file's extension.
    static func parse(_ data: Data, name: String) throws -> RecordValue {
        if name.hasSuffix(".json") {
            do { return RecordValue(json: try JSONSerialization.jsonObject(with: data)) } catch {
                throw AdvisoryError("not valid JSON")
            }
        }
        guard let text = String(data: data, encoding: .utf8) else { throw AdvisoryError("not UTF-8 text") }
        do {
            // No implicit typing: every scalar is text, which is what the record means and saves the regexes.
            guard let node = try Parser(yaml: text, resolver: .basic).singleRoot() else { throw AdvisoryError("empty") }
            return RecordValue(yaml: node, keeping: recordFields)
        } catch let error as YamlError {
            throw AdvisoryError("not valid YAML: " + (String(describing: error).split(separator: "\n").first.map(String.init) ?? ""))
        }
    }

    func map(_ what: String) throws -> [String: RecordValue] {
        guard case .map(let m) = self else { throw AdvisoryError("\(what) must be a mapping") }
        return m
    }

    func string(_ what: String) throws -> String {
        guard case .string(let s) = self else { throw AdvisoryError("\(what) must be text") }
        return s
    }
}

extension Dictionary where Key == String, Value == RecordValue {
    func string(_ key: String) throws -> String {
        guard let value = self[key] else { throw AdvisoryError("missing \(key)") }
        return try value.string(key)
    }

    /// An optional field: absent or null (JSON's null, YAML's empty value) is nil.
    func present(_ key: String) -> RecordValue? {
        guard let value = self[key] else { return nil }
        if case .other = value { return nil }
        if case .string(let s) = value, s.isEmpty || s == "null" || s == "~" { return nil }
        return value
    }

    func optionalString(_ key: String) throws -> String? { try present(key).map { try $0.string(key) } }

    func optionalList(_ key: String) throws -> [RecordValue]? {
        guard let value = present(key) else { return nil }
        guard case .list(let items) = value else { throw AdvisoryError("\(key) must be a list") }
        return items
    }

    func optionalMap(_ key: String) throws -> [String: RecordValue]? { try present(key).map { try $0.map(key) } }
}
