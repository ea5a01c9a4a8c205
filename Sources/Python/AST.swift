/// Python's abstract syntax tree in CPython's shape (see the `ast` module of Python 3.12),
/// so rules can speak in CPython's terms. Every node carries its start and end position.

/// A position as CPython reports it: 1-based line, 0-based column counted in UTF-8 bytes.
public struct Position: Hashable, Sendable, Comparable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
    public static func < (a: Position, b: Position) -> Bool { (a.line, a.column) < (b.line, b.column) }
}

public struct Span: Hashable, Sendable {
    public var start: Position
    public var end: Position
    public init(start: Position, end: Position) { self.start = start; self.end = end }
    /// Does this node cover any line in `lines`?
    public func overlaps(lines: Set<Int>) -> Bool {
        if lines.count < end.line - start.line + 1 { return lines.contains { $0 >= start.line && $0 <= end.line } }
        return (start.line...end.line).contains { lines.contains($0) }
    }
}

public struct Module: Sendable {
    public var body: [Stmt]
    public init(body: [Stmt]) { self.body = body }
}

public struct Stmt: Sendable {
    public var kind: StmtKind
    public var span: Span
    public init(_ kind: StmtKind, _ span: Span) { self.kind = kind; self.span = span }
}

public struct FunctionDef: Sendable {
    public var name: String
    public var args: Arguments
    public var body: [Stmt]
    public var decorators: [Expr]
    public var returns: Expr?
    public var typeParams: [TypeParam]
    public var isAsync: Bool
    public init(name: String, args: Arguments, body: [Stmt], decorators: [Expr], returns: Expr?, typeParams: [TypeParam], isAsync: Bool) {
        self.name = name; self.args = args; self.body = body; self.decorators = decorators
        self.returns = returns; self.typeParams = typeParams; self.isAsync = isAsync
    }
}

public struct ClassDef: Sendable {
    public var name: String
    public var bases: [Expr]
    public var keywords: [Keyword]
    public var body: [Stmt]
    public var decorators: [Expr]
    public var typeParams: [TypeParam]
    public init(name: String, bases: [Expr], keywords: [Keyword], body: [Stmt], decorators: [Expr], typeParams: [TypeParam]) {
        self.name = name; self.bases = bases; self.keywords = keywords; self.body = body
        self.decorators = decorators; self.typeParams = typeParams
    }
}

public indirect enum StmtKind: Sendable {
    /// FunctionDef and AsyncFunctionDef (`isAsync`).
    case functionDef(FunctionDef)
    case classDef(ClassDef)
    case `return`(Expr?)
    case delete([Expr])
    case assign(targets: [Expr], value: Expr)
    case typeAlias(name: Expr, typeParams: [TypeParam], value: Expr)
    case augAssign(target: Expr, op: BinaryOperator, value: Expr)
    case annAssign(target: Expr, annotation: Expr, value: Expr?, simple: Bool)
    /// For and AsyncFor.
    case `for`(target: Expr, iter: Expr, body: [Stmt], orelse: [Stmt], isAsync: Bool)
    case `while`(test: Expr, body: [Stmt], orelse: [Stmt])
    case `if`(test: Expr, body: [Stmt], orelse: [Stmt])
    /// With and AsyncWith.
    case with(items: [WithItem], body: [Stmt], isAsync: Bool)
    case match(subject: Expr, cases: [MatchCase])
    case raise(exc: Expr?, cause: Expr?)
    /// Try and TryStar (`isStar`, for `except*`).
    case `try`(body: [Stmt], handlers: [ExceptHandler], orelse: [Stmt], finalbody: [Stmt], isStar: Bool)
    case assert(test: Expr, msg: Expr?)
    case `import`([Alias])
    case importFrom(module: String?, names: [Alias], level: Int)
    case global([String])
    case nonlocal([String])
    case expr(Expr)
    case pass
    case `break`
    case `continue`
}

public struct Expr: Sendable {
    public var kind: ExprKind
    public var span: Span
    public init(_ kind: ExprKind, _ span: Span) { self.kind = kind; self.span = span }
}

public enum ExprContext: Sendable { case load, store, del }

public enum Constant: Sendable, Equatable {
    case none, `true`, `false`, ellipsis
    /// Numbers keep their source spelling; rules rarely need their value.
    case int(String), float(String), complex(String)
    case string(String)
    case bytes([UInt8])
}

public indirect enum ExprKind: Sendable {
    case boolOp(BoolOperator, [Expr])
    case namedExpr(target: Expr, value: Expr)
    case binOp(left: Expr, op: BinaryOperator, right: Expr)
    case unaryOp(UnaryOperator, Expr)
    case lambda(args: Arguments, body: Expr)
    case ifExp(test: Expr, body: Expr, orelse: Expr)
    /// A nil key is `**mapping` unpacking.
    case dict(keys: [Expr?], values: [Expr])
    case set([Expr])
    case listComp(elt: Expr, generators: [Comprehension])
    case setComp(elt: Expr, generators: [Comprehension])
    case dictComp(key: Expr, value: Expr, generators: [Comprehension])
    case generatorExp(elt: Expr, generators: [Comprehension])
    case await(Expr)
    case yield(Expr?)
    case yieldFrom(Expr)
    case compare(left: Expr, ops: [CompareOperator], comparators: [Expr])
    case call(func: Expr, args: [Expr], keywords: [Keyword])
    /// `conversion` is -1 (none), or the code point of `s`, `r` or `a`, as in CPython.
    case formattedValue(value: Expr, conversion: Int, formatSpec: Expr?)
    /// An f-string: constants and formatted values.
    case joinedStr([Expr])
    case constant(Constant)
    case attribute(value: Expr, attr: String, ctx: ExprContext)
    case `subscript`(value: Expr, slice: Expr, ctx: ExprContext)
    case starred(Expr, ctx: ExprContext)
    case name(String, ctx: ExprContext)
    case list([Expr], ctx: ExprContext)
    case tuple([Expr], ctx: ExprContext)
    case slice(lower: Expr?, upper: Expr?, step: Expr?)
}

public enum BoolOperator: Sendable { case and, or }
public enum BinaryOperator: Sendable { case add, sub, mult, matMult, div, mod, pow, lShift, rShift, bitOr, bitXor, bitAnd, floorDiv }
public enum UnaryOperator: Sendable { case invert, not, uAdd, uSub }
public enum CompareOperator: Sendable { case eq, notEq, lt, ltE, gt, gtE, `is`, isNot, `in`, notIn }

public struct Comprehension: Sendable {
    public var target: Expr
    public var iter: Expr
    public var ifs: [Expr]
    public var isAsync: Bool
    public init(target: Expr, iter: Expr, ifs: [Expr], isAsync: Bool) {
        self.target = target; self.iter = iter; self.ifs = ifs; self.isAsync = isAsync
    }
}

public struct ExceptHandler: Sendable {
    public var type: Expr?
    public var name: String?
    public var body: [Stmt]
    public var span: Span
    public init(type: Expr?, name: String?, body: [Stmt], span: Span) {
        self.type = type; self.name = name; self.body = body; self.span = span
    }
}

public struct Arguments: Sendable {
    public var posonlyargs: [Arg]
    public var args: [Arg]
    public var vararg: Arg?
    public var kwonlyargs: [Arg]
    /// One per keyword-only argument; nil where it has no default.
    public var kwDefaults: [Expr?]
    public var kwarg: Arg?
    /// Defaults of the last positional parameters.
    public var defaults: [Expr]
    public init(posonlyargs: [Arg] = [], args: [Arg] = [], vararg: Arg? = nil, kwonlyargs: [Arg] = [], kwDefaults: [Expr?] = [], kwarg: Arg? = nil, defaults: [Expr] = []) {
        self.posonlyargs = posonlyargs; self.args = args; self.vararg = vararg; self.kwonlyargs = kwonlyargs
        self.kwDefaults = kwDefaults; self.kwarg = kwarg; self.defaults = defaults
    }
    /// Every parameter in declaration order.
    public var all: [Arg] { posonlyargs + args + (vararg.map { [$0] } ?? []) + kwonlyargs + (kwarg.map { [$0] } ?? []) }
}

public struct Arg: Sendable {
    public var name: String
    public var annotation: Expr?
    public var span: Span
    public init(name: String, annotation: Expr?, span: Span) { self.name = name; self.annotation = annotation; self.span = span }
}

public struct Keyword: Sendable {
    /// nil for `**kwargs`.
    public var arg: String?
    public var value: Expr
    public var span: Span
    public init(arg: String?, value: Expr, span: Span) { self.arg = arg; self.value = value; self.span = span }
}

public struct Alias: Sendable {
    public var name: String
    public var asname: String?
    public var span: Span
    public init(name: String, asname: String?, span: Span) { self.name = name; self.asname = asname; self.span = span }
}

public struct WithItem: Sendable {
    public var contextExpr: Expr
    public var optionalVars: Expr?
    public init(contextExpr: Expr, optionalVars: Expr?) { self.contextExpr = contextExpr; self.optionalVars = optionalVars }
}

public struct MatchCase: Sendable {
    public var pattern: Pattern
    public var guard_: Expr?
    public var body: [Stmt]
    public init(pattern: Pattern, guard_: Expr?, body: [Stmt]) { self.pattern = pattern; self.guard_ = guard_; self.body = body }
}

public struct Pattern: Sendable {
    public var kind: PatternKind
    public var span: Span
    public init(_ kind: PatternKind, _ span: Span) { self.kind = kind; self.span = span }
}

public indirect enum PatternKind: Sendable {
    case matchValue(Expr)
    case matchSingleton(Constant)
    case matchSequence([Pattern])
    case matchMapping(keys: [Expr], patterns: [Pattern], rest: String?)
    case matchClass(cls: Expr, patterns: [Pattern], kwdAttrs: [String], kwdPatterns: [Pattern])
    case matchStar(String?)
    case matchAs(pattern: Pattern?, name: String?)
    case matchOr([Pattern])
}

public struct TypeParam: Sendable {
    public enum Kind: Sendable { case typeVar(bound: Expr?), paramSpec, typeVarTuple }
    public var name: String
    public var kind: Kind
    public var span: Span
    public init(name: String, kind: Kind, span: Span) { self.name = name; self.kind = kind; self.span = span }
}
