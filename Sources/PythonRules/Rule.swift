import Findings
import Python

/// One rule: its metadata, its check, and examples that must and must not trigger it.
/// In the examples, a line ending in `# expect` is a line the rule must flag (and only those lines);
/// a first line `# file: settings.py` sets the path the example is reviewed under.
struct Rule: Sendable {
    var id: String
    var title: String
    var cwe: Int
    var owasp: String
    var severity: Severity
    var explanation: String
    var fix: String
    /// Bandit test ids that `# nosec B…` may name to silence this rule.
    var bandit: [String] = []
    /// Every hit is a literal credential at the hit's span: its findings say so, and its text is redacted
    /// from every output.
    var findsCredentials = false
    var triggering: [String]
    var nonTriggering: [String]

    /// The calls `onCall` is given: only those its pattern matches (the engine dispatches through an index).
    var calls = CallPattern()
    /// Modules (or packages) one of which a file must import for the rule to run on it at all; empty: every file.
    var imports: [String] = []

    /// Called at the call expressions `calls` matches, with the flow state at that point.
    var onCall: (@Sendable (Call, Flow) -> [Hit])? = nil
    /// Called after every statement's expressions were evaluated.
    var onStatement: (@Sendable (Stmt, Flow) -> [Hit])? = nil
    /// Called at every `return` with a value.
    var onReturn: (@Sendable (Expr, Flow) -> [Hit])? = nil
    /// Called once per function or method, without flow state.
    var onFunction: (@Sendable (FunctionInfo, FileContext) -> [Hit])? = nil
    /// Called once per file.
    var onFile: (@Sendable (FileContext) -> [Hit])? = nil

    var info: RuleInfo {
        var interests = calls.description
        interests.imports = imports
        interests.hooks = [("statement", onStatement != nil), ("return", onReturn != nil), ("function", onFunction != nil),
                           ("file", onFile != nil)].filter(\.1).map(\.0)
        return RuleInfo(id: id, kind: .python, title: title, severity: severity, cwe: cwe, owasp: owasp,
                        description: explanation, fix: fix, interests: interests)
    }

    /// Does `file` import one of `imports` (or does the rule not care)?
    func isRelevant(to file: FileContext) -> Bool {
        imports.isEmpty || file.imports.values.contains { v in
            imports.contains { v == $0 || v.hasPrefix($0) && v.utf8.dropFirst($0.utf8.count).first == UInt8(ascii: ".") }
        }
    }
}

/// What a rule reports. Either a flow (`value` set: the engine decides confidence from the value's taint)
/// or a plain finding (`value` nil: `confidence` and `message` are used as given).
struct Hit: Sendable {
    var span: Span
    var value: Taint? = nil
    /// The sink class sanitizers must have cleared for the flow to be safe.
    var sinkClass: SinkClass? = nil
    /// What the value reaches, for messages: "the SQL text of cur.execute()".
    var sink: String
    /// The audit tier: report a value of unknown origin (neither client data nor a constant) at low
    /// confidence; otherwise only tainted flows count.
    var reportUnknown: Bool = false
    var confidence: Confidence = .high
    var message: String? = nil
    var severity: Severity? = nil
    var cwe: Int? = nil
    /// Other lines whose change makes this finding new (a decorator, the line of an upload's `save`).
    var alsoLines: [Int] = []
    /// Text to fingerprint instead of the span's text (for findings on a whole function).
    var fingerprintText: String? = nil

    init(span: Span, value: Taint? = nil, sinkClass: SinkClass? = nil, sink: String, reportUnknown: Bool = false,
         confidence: Confidence = .high, message: String? = nil, severity: Severity? = nil, cwe: Int? = nil,
         alsoLines: [Int] = [], fingerprintText: String? = nil) {
        self.span = span; self.value = value; self.sinkClass = sinkClass; self.sink = sink
        self.reportUnknown = reportUnknown; self.confidence = confidence; self.message = message
        self.severity = severity; self.cwe = cwe; self.alsoLines = alsoLines; self.fingerprintText = fingerprintText
    }

    /// A finding that does not depend on data flow.
    static func plain(_ span: Span, _ message: String, confidence: Confidence = .high, severity: Severity? = nil, cwe: Int? = nil) -> Hit {
        Hit(span: span, sink: "", confidence: confidence, message: message, severity: severity, cwe: cwe)
    }
}

/// A call expression with its callee resolved through the file's imports.
/// A class, not a struct: two dozen rule hooks receive it for every call expression, and passing a
/// reference copied less than passing (and retaining) every field.
final class Call: Sendable {
    let expr: Expr
    let callee: Expr
    let args: [Expr]
    let keywords: [Keyword]
    /// Qualified dotted name ("subprocess.run", "cur.execute"), nil for computed callees.
    let name: String?
    /// Callee is a bare name that no import defines (a builtin or a local function).
    let isBareName: Bool
    /// The attribute called, for method calls (`execute` in `cur.execute(...)`).
    let method: String?
    /// The receiver of a method call.
    let receiver: Expr?
    /// The UTF-8 length of `name` when it is all ASCII, else -1 (see `matches`).
    private let asciiNameLength: Int

    init(expr: Expr, callee: Expr, args: [Expr], keywords: [Keyword], name: String?, isBareName: Bool,
         method: String?, receiver: Expr?) {
        self.expr = expr; self.callee = callee; self.args = args; self.keywords = keywords; self.name = name
        self.isBareName = isBareName; self.method = method; self.receiver = receiver
        asciiNameLength = name.map { n in n.utf8.allSatisfy { $0 < 0x80 } ? n.utf8.count : -1 } ?? -1
    }

    /// A call expression as rules see it, its callee resolved through the file's imports; nil for other expressions.
    static func of(_ e: Expr, in file: FileContext) -> Call? {
        guard case .call(let callee, let args, let keywords) = e.kind else { return nil }
        var method: String? = nil, receiver: Expr? = nil, isBare = false
        if case .attribute(let recv, let attr, _) = callee.kind { method = attr; receiver = recv }
        if case .name(let n, _) = callee.kind, file.imports[n] == nil { isBare = true }
        return Call(expr: e, callee: callee, args: args, keywords: keywords, name: file.qualified(callee), isBareName: isBare,
                    method: method, receiver: receiver)
    }

    var span: Span { expr.span }

    /// Does the callee match one of these qualified names (after import aliases are applied)?
    func matches(_ names: [String]) -> Bool {
        guard let name else { return false }
        // Every rule asks this at every call, and almost never with a match. Two ASCII strings are equal
        // only if their bytes are, so a length check rejects most candidates before a full String
        // comparison (the names rules pass are ASCII). Non-ASCII names take the plain, Unicode-aware path.
        guard asciiNameLength >= 0 else { return names.contains(name) }
        return names.contains { $0.utf8.count == asciiNameLength && $0 == name }
    }

    func matches(_ names: String...) -> Bool { matches(names) }

    /// Positional argument `i`, or the keyword `kw`.
    func arg(_ i: Int, _ kw: String? = nil) -> Expr? {
        if let kw, let k = keywords.first(where: { $0.arg == kw }) { return k.value }
        if i < args.count, !args[..<(i + 1)].contains(where: { if case .starred = $0.kind { return true } else { return false } }) {
            return args[i]
        }
        return nil
    }

    func keyword(_ kw: String) -> Expr? { keywords.first(where: { $0.arg == kw })?.value }
    var hasKwargsSplat: Bool { keywords.contains { $0.arg == nil } }
}

/// The analysis state a rule can query.
protocol Flow {
    var file: FileContext { get }
    var function: FunctionInfo? { get }
    /// The statement being analyzed (for context such as the name a value is assigned to).
    var statement: Stmt? { get }
    /// The taint of an expression in the current state.
    func taint(_ e: Expr) -> Taint
    /// Describes a call as a sink for messages: "cur.execute()".
    func describe(_ call: Call) -> String
    /// `Shapes.assignments(s)`; the engine keeps the current statement's, which seven rules ask for.
    func assignments(_ s: Stmt) -> [(name: String, target: Expr, value: Expr)]
}

extension Flow {
    func describe(_ call: Call) -> String {
        (call.callee.dottedName ?? file.brief(call.callee.span)) + "()"
    }

    func assignments(_ s: Stmt) -> [(name: String, target: Expr, value: Expr)] { Shapes.assignments(s) }
}

// MARK: Small helpers rules share

extension Expr {
    var isTrueConstant: Bool { if case .constant(.true) = kind { return true } else { return false } }
    var isFalseConstant: Bool { if case .constant(.false) = kind { return true } else { return false } }
    var isNoneConstant: Bool { if case .constant(.none) = kind { return true } else { return false } }
    var isLiteral: Bool { if case .constant = kind { return true } else { return false } }
    /// A string or bytes literal's text.
    var stringish: String? {
        switch kind {
        case .constant(.string(let s)): return s
        case .constant(.bytes(let b)): return String(decoding: b, as: UTF8.self)
        default: return nil
        }
    }
    var intLiteral: Int? { if case .constant(.int(let s)) = kind { return Int(s) } else { return nil } }
    var lastName: String? {
        switch kind {
        case .name(let n, _): return n
        case .attribute(_, let a, _): return a
        default: return nil
        }
    }
}

/// Case-insensitive "does any of these words occur in the identifier".
func nameMentions(_ name: String, _ words: [String]) -> Bool {
    let lower = name.lowercased()
    return words.contains { lower.contains($0) }
}

/// The same for a word list a rule asks about often, prepared once.
func nameMentions(_ name: String, _ words: NameWords) -> Bool { words.occur(in: name) }

extension StringProtocol {
    /// The first occurrence of `needle` (Foundation's range(of:) without importing Foundation).
    /// Compares UTF-8 bytes, which is exact for the ASCII keywords rules look for and fast.
    /// Walks the needle's UTF-8 view in place: copying it into an array allocated on every call, and rules
    /// call this for many words per name.
    func range(of needle: String) -> Range<Index>? {
        // Native strings (nearly all) are searched as byte buffers; index arithmetic on the views cost
        // hundreds of instructions a call. nil: not contiguous, search the views.
        let inBuffers: Range<Int>?? = utf8.withContiguousStorageIfAvailable { u in
            needle.utf8.withContiguousStorageIfAvailable { n in firstByteRange(of: n, in: u) }
        } ?? nil
        if let inBuffers {
            guard let r = inBuffers else { return nil }
            let start = utf8.index(utf8.startIndex, offsetBy: r.lowerBound)
            return start..<utf8.index(start, offsetBy: r.count)
        }
        let n = needle.utf8
        guard let first = n.first else { return nil }
        let u = utf8
        var i = u.startIndex
        while i != u.endIndex {
            if u[i] == first {
                var j = u.index(after: i), k = n.index(after: n.startIndex)
                while k != n.endIndex, j != u.endIndex, u[j] == n[k] { j = u.index(after: j); k = n.index(after: k) }
                if k == n.endIndex { return i..<j }
            }
            i = u.index(after: i)
        }
        return nil
    }

    func contains(_ needle: String) -> Bool { range(of: needle) != nil }
}

/// Where the bytes `n` first occur in `u`, if they do (an empty needle never does, as before).
private func firstByteRange(of n: UnsafeBufferPointer<UInt8>, in u: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
    guard let first = n.first, n.count <= u.count else { return nil }
    var i = 0
    while i <= u.count - n.count {
        if u[i] == first {
            var k = 1
            while k < n.count, u[i + k] == n[k] { k += 1 }
            if k == n.count { return i..<(i + k) }
        }
        i += 1
    }
    return nil
}
