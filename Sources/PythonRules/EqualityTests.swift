import Python

extension FileContext {
    /// The expressions of `s` whose text holds `==` or `!=`, for the rules that judge comparisons at
    /// every statement. A simple statement's expressions all lie inside its own text, and nearly none
    /// holds a comparison: one look at that text first spares building the list of its expressions.
    func expressionsMayHoldingEqualityTest(_ s: Stmt) -> [Expr] {
        switch s.kind {
        case .expr, .assign, .augAssign, .annAssign, .return, .delete, .raise, .assert, .typeAlias:
            guard mayHoldEqualityTest(s.span) else { return [] }
        case .if(let test, _, _), .while(let test, _, _):
            // A compound statement's text holds its body too: only the test is its own.
            return mayHoldEqualityTest(test.span) ? [test] : []
        default:
            break
        }
        return s.childExpressions.filter { mayHoldEqualityTest($0.span) }
    }
}
