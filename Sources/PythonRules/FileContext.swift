#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Findings
import Python
import Synchronization

/// A function or method of the file, with what the rules need to know about it.
///
/// A class, not a struct: the engine hands the current function to every rule hook at every call
/// expression and keeps it in several tables; as a struct with a dozen reference-counted fields each of
/// those copies retained and released every field. The flags below are set while `FileContext.init` collects
/// the functions and never after, so sharing the instance (and sending it across threads) is safe.
final class FunctionInfo: @unchecked Sendable {
    let def: FunctionDef
    let span: Span
    let className: String?
    /// Class bases, for class-based views (LoginRequiredMixin…).
    let classBases: [String]
    /// Positional parameter names callers fill, without `self`/`cls` for methods.
    let params: [String]
    /// Decorators as dotted names ("app.route", "login_required"), call decorators by their callee.
    let decoratorNames: [String]
    var isRoute: Bool
    /// HTTP methods the view answers, upper-case: from the route (GET when it names none), Django's and DRF's
    /// method decorators, or a class-based view's verb method; empty when unknown.
    var routeMethods: Set<String>
    /// The URL rules of a route ("/register/user").
    var routePaths: [String] = []
    /// Route parameters that arrive as strings (`<name>`, `<path:p>`); `<int:id>` is not here.
    var routeStringParams: Set<String>
    /// A Django-style view: first parameter named `request`.
    var isDjangoView: Bool
    /// An HTTP-verb method of a class-based view (Flask MethodView / Flask-RESTful Resource / Django View / DRF).
    var isClassView: Bool = false
    /// Names in the class's own access declarations: class decorators, `decorators = [...]`,
    /// `method_decorators`, `permission_classes`, `authentication_classes`, and its bases.
    var classAuth: [String] = []
    /// "name", or "Class.name" for methods: built once, since summaries and the call graph look it up per call.
    let key: String
    /// Parameter names in argument order: positional ones, then keyword-only ones.
    let allParams: [String]

    init(def: FunctionDef, span: Span, className: String?, classBases: [String], params: [String],
         decoratorNames: [String], isRoute: Bool, routeMethods: Set<String>, routePaths: [String],
         routeStringParams: Set<String>, isDjangoView: Bool) {
        self.def = def; self.span = span; self.className = className; self.classBases = classBases
        self.params = params; self.decoratorNames = decoratorNames; self.isRoute = isRoute
        self.routeMethods = routeMethods; self.routePaths = routePaths; self.routeStringParams = routeStringParams
        self.isDjangoView = isDjangoView
        key = className.map { $0 + "." + def.name } ?? def.name
        allParams = def.args.kwonlyargs.isEmpty ? params : params + def.args.kwonlyargs.map(\.name)
    }

    var isView: Bool { isRoute || isDjangoView || isClassView }
    var name: String { def.name }
}

/// Everything about one file that does not depend on the flow of values.
///
/// A class (all fields constant): rules reach it through `Flow.file` at every call and statement, and as a
/// struct each such access copied the value, retaining and releasing every array and dictionary in it.
final class FileContext: Sendable {
    let path: String
    let bytes: [UInt8]
    let module: Module
    /// Byte offset of the start of each line (index 0 is line 1).
    let lineStarts: [Int]
    /// Local name → qualified name, from the file's imports (`sp` → `subprocess`, `system` → `os.system`).
    let imports: [String: String]
    let functions: [FunctionInfo]
    /// The file's `import` and `from … import` statements, nested ones included, in `Stmt.walk` order.
    let importStatements: [Stmt]
    let isSettingsFile: Bool
    /// A test module (tests/…, test_*.py, *_test.py, conftest.py): credentials there are fixtures.
    let isTestFile: Bool
    /// 3 when the file starts with a UTF-8 byte-order mark, which CPython's columns on line 1 do not count.
    private let bomLength: Int
    // Built on first use (see FileIndexes.swift).
    private let calledNamesMemo = Memo<Set<String>>()
    private let equalityOffsetsMemo = Memo<[Int]>()
    private let functionTablesMemo = Memo<FunctionTables>()
    private let syntaxMemo = Mutex<[ObjectIdentifier: FunctionSyntax]>([:])
    private let moduleLevelUnitsMemo = Memo<ModuleLevelUnits>()

    /// Names of functions called anywhere in the file (bare or as `self.name`).
    var calledNames: Set<String> { calledNamesMemo.value { FileContext.calledNames(in: module) } }
    /// `functions` by key and by bare name.
    var functionTables: FunctionTables { functionTablesMemo.value { FunctionTables(functions) } }

    /// What `f`'s definition says (its callees among them), made by `make` once per function: it
    /// depends on the file alone, and every engine over a cached module asks again. Kept by the
    /// function itself, not its key: two functions of one key (a redefinition) keep their own.
    /// `withNames`: the answer must hold `moduleNames` (one made without them is made again).
    func syntax(of f: FunctionInfo, withNames: Bool, _ make: () -> FunctionSyntax) -> FunctionSyntax {
        let id = ObjectIdentifier(f)
        if let known = syntaxMemo.withLock({ $0[id] }), !withNames || known.moduleNames != nil { return known }
        let made = make()
        syntaxMemo.withLock { $0[id] = made }
        return made
    }

    /// The module-level code cut into units (see `ModuleLevelUnits`), for the scope of an incremental review.
    var moduleLevelUnits: ModuleLevelUnits { moduleLevelUnitsMemo.value { ModuleLevelUnits(module, functions: functions) } }

    init(path: String, bytes: [UInt8], module: Module) {
        self.path = path
        self.bytes = bytes
        self.module = module
        lineStarts = FileContext.lineStarts(bytes)
        bomLength = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var imports: [String: String] = [:]
        var functions: [FunctionInfo] = []
        // Imports may sit in any statement; the names the file calls are found only when asked (`calledNames`).
        var importStatements: [Stmt] = []
        Stmt.walk(module.body) { s in
            switch s.kind {
            case .import, .importFrom:
                importStatements.append(s)
                FileContext.collectImports(s, into: &imports)
            default: break
            }
        }
        self.importStatements = importStatements
        FileContext.collectFunctions(module.body, className: nil, bases: [], into: &functions)
        let registered = bytes.count > 12 && bytes.containsBytes(Array("add_url_rule".utf8)) ? FileContext.registeredViews(module) : [:]
        for i in functions.indices where functions[i].className == nil {
            guard let r = registered[functions[i].name], !functions[i].isRoute else { continue }
            functions[i].isRoute = true
            functions[i].isDjangoView = false
            functions[i].routePaths.append(r.path)
            functions[i].routeMethods.formUnion(r.methods)
            functions[i].routeStringParams.formUnion(FileContext.routeStringParameters(r.path))
        }
        self.imports = imports
        self.functions = functions
        let base = path.split(separator: "/").last.map(String.init) ?? path
        let parts = path.split(separator: "/").map(String.init)
        isTestFile = base.hasPrefix("test_") || base.hasSuffix("_test.py") || base == "conftest.py" || base == "tests.py"
            || parts.dropLast().contains { $0 == "tests" || $0 == "test" || $0 == "testing" }
        isSettingsFile = base.hasPrefix("settings") || path.contains("/settings/") || base == "config.py"
            || base.hasSuffix("_settings.py") || base == "production.py" || base == "prod.py"
    }

    /// Byte offset of the start of each line, found with memchr: this runs on every reviewed file.
    static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            var i = 0
            while i < buf.count, let hit = memchr(base + i, 0x0A, buf.count - i) {
                i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
                starts.append(i)
            }
        }
        return starts
    }

    private static func collectImports(_ s: Stmt, into map: inout [String: String]) {
        switch s.kind {
        case .import(let names):
            for a in names {
                if let as_ = a.asname { map[as_] = a.name } else {
                    let first = a.name.split(separator: ".").first.map(String.init) ?? a.name
                    map[first] = first
                }
            }
        case .importFrom(let module, let names, _):
            let prefix = module.map { $0 + "." } ?? ""
            for a in names where a.name != "*" { map[a.asname ?? a.name] = prefix + a.name }
        default: break
        }
    }

    private static func collectFunctions(_ body: [Stmt], className: String?, bases: [String], into out: inout [FunctionInfo]) {
        for stmt in body {
            switch stmt.kind {
            case .functionDef(let f):
                out.append(makeInfo(f, span: stmt.span, className: className, bases: bases))
                collectFunctions(f.body, className: nil, bases: [], into: &out)
            case .classDef(let c):
                let bases = c.bases.compactMap(\.dottedName)
                let start = out.count
                collectFunctions(c.body, className: c.name, bases: bases, into: &out)
                let isViewClass = bases.contains { b in
                    let last = b.split(separator: ".").last.map(String.init) ?? b
                    return last == "Resource" || last.hasSuffix("View") || last.hasSuffix("ViewSet") || last.hasSuffix("APIView")
                }
                let auth = classAccessNames(c)
                for i in start..<out.count where out[i].className == c.name {
                    out[i].classAuth = auth + bases
                    if isViewClass && classViewMethods.contains(out[i].name) { out[i].isClassView = true }
                }
            case .if, .try, .with:
                collectFunctions(stmt.childStatements, className: className, bases: bases, into: &out)
            default: break
            }
        }
    }

    /// Dotted names inside a class's access declarations (see `FunctionInfo.classAuth`).
    private static func classAccessNames(_ c: ClassDef) -> [String] {
        var exprs = c.decorators
        for s in c.body {
            if case .assign(let targets, let value) = s.kind,
               targets.contains(where: { ["decorators", "method_decorators", "permission_classes", "authentication_classes"].contains($0.dottedName ?? "") }) {
                exprs.append(value)
            }
        }
        var out: [String] = []
        for e in exprs { e.walk { x in if let d = x.dottedName { out.append(d) } } }
        return out
    }

    /// Functions registered with `app.add_url_rule("/path", view_func=f, methods=[...])`.
    private static func registeredViews(_ module: Module) -> [String: (path: String, methods: Set<String>)] {
        var out: [String: (String, Set<String>)] = [:]
        for stmt in module.body {
            stmt.walk { s in
                for e in s.childExpressions {
                    e.walk { x in
                        guard case .call(let f, let args, let kws) = x.kind, f.lastName == "add_url_rule" else { return }
                        let view = kws.first { $0.arg == "view_func" }?.value ?? (args.count > 2 ? args[2] : nil)
                        guard let name = view?.dottedName, let path = args.first?.stringLiteral else { return }
                        var methods: Set<String> = ["GET"]
                        if let m = kws.first(where: { $0.arg == "methods" })?.value { methods = literalMethods(m) ?? [] }
                        out[name] = (path, methods)
                    }
                }
            }
        }
        return out
    }

    // Tables of `collectFunctions` and `makeInfo`, built once rather than per class, function or decorator.
    private static let classViewMethods: Set<String> = ["get", "post", "put", "patch", "delete"]
    private static let routeVerbs: Set<String> = ["get", "post", "put", "delete", "patch"]
    /// Methods of class-based views that take `request` after self.
    private static let requestMethods: Set<String> = [
        "get", "post", "put", "patch", "delete", "head", "options", "dispatch", "form_valid", "perform_create",
        "perform_update", "perform_destroy", "create", "update", "destroy", "list", "retrieve",
    ]

    private static func makeInfo(_ f: FunctionDef, span: Span, className: String?, bases: [String]) -> FunctionInfo {
        let positional = f.args.posonlyargs.isEmpty ? f.args.args : f.args.posonlyargs + f.args.args
        var params = positional.map(\.name)
        if className != nil, let first = params.first, first == "self" || first == "cls" { params.removeFirst() }
        var isRoute = false
        var methods = Set<String>()
        var methodsUnknown = false
        var stringParams = Set<String>()
        var names: [String] = []
        var paths: [String] = []
        for d in f.decorators {
            var callee = d
            var args: [Expr] = []
            var keywords: [Keyword] = []
            if case .call(let fn, let a, let k) = d.kind { callee = fn; args = a; keywords = k }
            let name = callee.dottedName ?? ""
            names.append(name)
            guard let dot = name.lastIndex(of: ".") else { continue }
            let last = String(name[name.index(after: dot)...])
            guard last == "route" || routeVerbs.contains(last) || last == "api_route" else { continue }
            guard let rule = args.first?.stringLiteral, rule.hasPrefix("/") || rule.isEmpty else { continue }
            isRoute = true
            paths.append(rule)
            if last != "route" && last != "api_route" { methods.insert(last.uppercased()) }
            if let m = keywords.first(where: { $0.arg == "methods" })?.value {
                if let listed = literalMethods(m) { methods.formUnion(listed) } else { methodsUnknown = true }
            } else if last == "route" || last == "api_route" {
                // Flask, Quart, Bottle and FastAPI's api_route answer GET (and HEAD) unless told otherwise.
                methods.insert("GET")
            }
            stringParams.formUnion(routeStringParameters(rule))
        }
        // Django's and DRF's method decorators on function views.
        for (name, d) in zip(names, f.decorators) {
            let last = name.split(separator: ".").last.map(String.init) ?? name
            var args: [Expr] = []
            if case .call(_, let a, _) = d.kind { args = a }
            switch last {
            case "require_POST": methods.insert("POST")
            case "require_GET": methods.insert("GET")
            case "require_safe": methods.formUnion(["GET", "HEAD"])
            case "require_http_methods", "api_view":
                if let first = args.first { if let listed = literalMethods(first) { methods.formUnion(listed) } else { methodsUnknown = true } }
                else if last == "api_view" { methods.insert("GET") }
            default: break
            }
        }
        // The HTTP-verb methods of class-based views and DRF viewsets answer their verb.
        if className != nil, let verb = classViewVerbs[f.name] { methods.insert(verb) }
        if methodsUnknown { methods = [] }
        // Function views take `request` first; class-based views take it after self in their HTTP-verb methods.
        let isDjangoView = !isRoute && (className == nil && positional.first.map { $0.name == "request" } == true
            || className != nil && params.first == "request" && (requestMethods.contains(f.name) || bases.contains { $0.hasSuffix("View") || $0.hasSuffix("ViewSet") }))
        return FunctionInfo(def: f, span: span, className: className, classBases: bases, params: params,
                            decoratorNames: names, isRoute: isRoute, routeMethods: methods, routePaths: paths,
                            routeStringParams: stringParams, isDjangoView: isDjangoView)
    }

    /// Upper-cased method names of a literal list, tuple or set; nil for anything computed.
    private static func literalMethods(_ e: Expr) -> Set<String>? {
        switch e.kind {
        case .list(let elts, _), .tuple(let elts, _), .set(let elts):
            var out = Set<String>()
            for x in elts {
                guard let m = x.stringLiteral else { return nil }
                out.insert(m.uppercased())
            }
            return out
        default:
            return nil
        }
    }

    private static let classViewVerbs: [String: String] = [
        "get": "GET", "head": "HEAD", "options": "OPTIONS", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE",
        "list": "GET", "retrieve": "GET", "create": "POST", "perform_create": "POST", "form_valid": "POST", "update": "PUT",
        "partial_update": "PATCH", "perform_update": "PUT", "destroy": "DELETE", "perform_destroy": "DELETE",
    ]

    /// `<name>`, `<string:name>`, `<path:name>` are strings; `<int:id>`, `<float:x>`, `<uuid:u>` are not.
    static func routeStringParameters(_ rule: String) -> Set<String> {
        var out = Set<String>()
        var rest = Substring(rule)
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { break }
            let inner = rest[rest.index(after: open)..<close]
            let parts = inner.split(separator: ":", maxSplits: 1).map(String.init)
            let converter = parts.count == 2 ? parts[0] : "string"
            let name = parts.last ?? ""
            if !name.isEmpty, !["int", "float", "uuid"].contains(converter) { out.insert(name) }
            rest = rest[rest.index(after: close)...]
        }
        return out
    }

    // MARK: Source text

    var lineCount: Int { lineStarts.count }

    /// The text of line `n` (1-based) without its line ending.
    func line(_ n: Int) -> String {
        guard n >= 1, n <= lineStarts.count else { return "" }
        let start = lineStarts[n - 1] + (n == 1 ? bomLength : 0)
        var end = n < lineStarts.count ? lineStarts[n] : bytes.count
        while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The 1-based character column (Unicode scalars, as reports count) of a 0-based UTF-8 byte column
    /// on line `n` (CPython's and the parser's unit).
    func characterColumn(line n: Int, byteColumn: Int) -> Int {
        guard n >= 1, n <= lineStarts.count, byteColumn > 0 else { return max(0, byteColumn) + 1 }
        let start = lineStarts[n - 1] + (n == 1 ? bomLength : 0)
        var characters = 0
        for i in start..<min(bytes.count, start + byteColumn) where bytes[i] & 0xC0 != 0x80 { characters += 1 }
        return characters + 1
    }

    private func offset(_ p: Position) -> Int {
        guard p.line >= 1, p.line <= lineStarts.count else { return p.line < 1 ? 0 : bytes.count }
        return min(bytes.count, lineStarts[p.line - 1] + (p.line == 1 ? bomLength : 0) + max(0, p.column))
    }

    /// Does the source text of `span` contain `==` or `!=`? Lets a rule skip walking the expressions
    /// that cannot hold an equality comparison, which is nearly all of them.
    func mayHoldEqualityTest(_ span: Span) -> Bool {
        let a = offset(span.start), b = offset(span.end)
        guard b - a >= 2 else { return false }
        return FileContext.holdsOffset(equalityOffsets, in: a + 1, b)
    }

    /// Where the file's `==` and `!=` are (the offset of their `=`), ascending.
    var equalityOffsets: [Int] { equalityOffsetsMemo.value { FileContext.equalityOffsets(bytes) } }

    /// The source text a node spans, capped so huge expressions stay cheap to hash and print.
    func text(_ span: Span, limit: Int = 4000) -> String {
        let a = offset(span.start), b = offset(span.end)
        guard b > a else { return "" }
        return String(decoding: bytes[a..<min(b, a + limit)], as: UTF8.self)
    }

    /// `text` with whitespace runs collapsed, so fingerprints survive re-indentation and line moves.
    func normalized(_ span: Span) -> String { FileContext.collapse(text(span)) }

    /// Short text for messages.
    func brief(_ span: Span) -> String {
        let t = FileContext.collapse(text(span, limit: 200))
        return t.count > 60 ? String(t.prefix(57)) + "..." : t
    }

    static func collapse(_ s: String) -> String {
        s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }

    /// Qualified dotted name of an expression, with the file's import aliases applied.
    func qualified(_ e: Expr) -> String? {
        guard let dotted = e.dottedName else { return nil }
        // Runs for every call expression: look up the first segment without splitting into an array, and
        // find it by its UTF-8 dot (a search by Character walks grapheme clusters).
        guard let dot = dotted.utf8.firstIndex(of: UInt8(ascii: ".")) else { return imports[dotted] ?? dotted }
        guard let mapped = imports[String(dotted[..<dot])] else { return dotted }
        return mapped + dotted[dot...]
    }

    /// The text of a string literal, or of a name bound to one literal only (in `function`, else at module
    /// level): `ALG = "md5"` ... `hashlib.new(ALG)`.
    func constantString(_ e: Expr, in function: FunctionInfo?) -> String? {
        if let s = e.stringLiteral { return s }
        guard case .name(let n, _) = e.kind else { return nil }
        var values: Set<String> = [], other = false, found = false
        func note(_ s: Stmt) {
            for (name, target, value) in Shapes.assignments(s) where name == n {
                guard case .name = target.kind else { continue }
                found = true
                if let v = value.stringLiteral { values.insert(v) } else { other = true }
            }
            if case .augAssign(let t, _, _) = s.kind, t.dottedName == n { found = true; other = true }
        }
        if let f = function {
            if f.def.args.all.contains(where: { $0.name == n }) { return nil }
            for stmt in f.def.body { stmt.walk(note) }
            if found { return !other && values.count == 1 ? values.first : nil }
        }
        // Module level: top-level statements and the branches of top-level `if`/`try`, not function bodies.
        func top(_ body: [Stmt]) {
            for s in body {
                switch s.kind {
                case .functionDef, .classDef: continue
                case .if, .try: top(s.childStatements)
                default: note(s)
                }
            }
        }
        top(module.body)
        return !other && values.count == 1 ? values.first : nil
    }

    /// Does the file mention `word` anywhere (as source text)?
    func mentions(_ word: String) -> Bool { bytes.containsBytes(Array(word.utf8)) }

}
