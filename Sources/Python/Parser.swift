/// Entry point of the Python front end. The tokenizer and parser behind it live in their own files.
public struct Diagnostic: Sendable, Hashable {
    public var position: Position
    public var message: String
    public init(position: Position, message: String) { self.position = position; self.message = message }
}

public struct ParseResult: Sendable {
    /// The statements that parsed; after a syntax error, parsing resumes at the next statement.
    public var module: Module
    /// Empty when the file is valid Python.
    public var diagnostics: [Diagnostic]
    public init(module: Module, diagnostics: [Diagnostic]) { self.module = module; self.diagnostics = diagnostics }
}

/// Parses Python source (UTF-8 bytes, any line endings, optional BOM). Never traps.
public func parseModule(_ source: [UInt8]) -> ParseResult {
    // Placeholder until the parser lands (issue 4).
    ParseResult(module: Module(body: []), diagnostics: [])
}
