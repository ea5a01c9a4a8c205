import CGit2

/// The one-line error every git failure becomes, e.g. "unknown revision: foo".
public struct GitError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// libgit2 must be initialised once per process before any other call; Swift runs this lazily, once.
let libgit2Initialized: Bool = {
    git_libgit2_init()
    return true
}()

/// Turns a libgit2 return code into a thrown GitError carrying libgit2's own message.
@discardableResult
func check(_ code: Int32, _ context: @autoclosure () -> String) throws -> Int32 {
    guard code < 0 else { return code }
    throw GitError(context() + lastErrorSuffix())
}

func lastErrorSuffix() -> String {
    guard let error = git_error_last(), let message = error.pointee.message else { return "" }
    // Errors are printed as one line; a libgit2 message may span several.
    let text = String(cString: message).split(whereSeparator: \.isNewline).joined(separator: " ")
    return text.isEmpty ? "" : ": " + text
}
