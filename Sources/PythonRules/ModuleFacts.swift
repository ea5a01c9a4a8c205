import Foundation
import Python

extension Engine {
    /// What an engine looks up in its file and its rules, made from those alone: the same for every
    /// engine of one file version and rule index.
    struct FileTables: @unchecked Sendable {
        let rules: [Rule]
        let active: RuleMask
        let functionsByName: [String: FunctionInfo]
        let functionsByKey: [String: FunctionInfo]
        let rulesByID: [String: Rule]
        let callHooks: [(@Sendable (Call, Flow) -> [Hit])?]
        let statementHooks: [(rule: Int, run: @Sendable (Stmt, Flow) -> [Hit])]
        let returnHooks: [(rule: Int, run: @Sendable (Expr, Flow) -> [Hit])]

        init(file: FileContext, index: RuleIndex) {
            let rules = index.rules
            self.rules = rules
            let active = index.active(in: file)
            self.active = active
            // The file's and the index's own tables, shared by every engine over them.
            let tables = file.functionTables
            functionsByName = tables.byName
            functionsByKey = tables.byKey
            rulesByID = index.rulesByID
            callHooks = index.callHooks
            statementHooks = rules.indices.compactMap { i in active.contains(i) ? rules[i].onStatement.map { (i, $0) } : nil }
            returnHooks = rules.indices.compactMap { i in active.contains(i) ? rules[i].onReturn.map { (i, $0) } : nil }
        }
    }
}

/// What every summary made from one parsed module version shares, because it follows from the module's
/// syntax (and the rules) alone: the engine's tables, the names each function's
/// definition mentions, whether it yields, and the module's import bindings.
///
/// `ModuleCache.make` builds one engine per summary asked for; each rebuilt all of these from the tree
/// (the import bindings walk every statement of the module, function bodies included), which cost the
/// hook case about a third of `make`'s work outside parsing. None of them depends on the tree the module
/// is read in or on the depth of imports followed, so sharing them gives every engine exactly what it
/// would have built. Guarded by its own lock: summaries of one module are made on several threads.
final class ModuleFacts: @unchecked Sendable {
    private let lock = NSLock()
    private var tables: (index: RuleIndex, tables: Engine.FileTables)?
    private var reads: [ObjectIdentifier: Set<String>] = [:]
    private var yields: [ObjectIdentifier: Bool] = [:]
    private var bindings: [String: ModuleScope.ImportBinding]?
    /// How many engines were given tables made by an earlier one (for tests).
    private(set) var tablesShared = 0

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock(); defer { lock.unlock() }
        return body()
    }

    /// An engine for `file` (the module these facts are of) with what earlier engines learned of it,
    /// and `scope`'s import bindings set if they are known.
    func engine(for file: FileContext, index: RuleIndex, scope: ModuleScope) -> Engine {
        // The call graph is not kept here: the file context holds each function's callees for every engine.
        let known = locked { () -> Engine.FileTables? in
            let t = tables.flatMap { $0.index === index ? $0.tables : nil }
            if t != nil { tablesShared += 1 }
            return t
        }
        let t = known ?? Engine.FileTables(file: file, index: index)
        if known == nil { locked { tables = (index, t) } }
        let engine = Engine(file: file, index: index, tables: t)
        prepare(scope)
        return engine
    }

    /// Sets `scope`'s import bindings (a scope of this module) if an earlier one built them.
    func prepare(_ scope: ModuleScope) {
        if scope.bindingTable == nil, let b = locked({ bindings }) { scope.bindingTable = b }
    }

    /// Keeps what `engine` and `scope` worked out for the next engine of this module.
    func keep(_ engine: Engine?, scope: ModuleScope) {
        locked {
            if bindings == nil, let b = scope.bindingTable { bindings = b }
        }
    }

    /// `ModuleUnits.names(readBy:)`, from each function's own names (their union is the same).
    func names(readBy functions: [FunctionInfo]) -> Set<String> {
        var out = Set<String>()
        for f in functions {
            let id = ObjectIdentifier(f)
            let own = locked { reads[id] } ?? {
                let n = ModuleUnits.names(readBy: [f])
                locked { reads[id] = n }
                return n
            }()
            out.formUnion(own)
        }
        return out
    }

    /// `ImportedFunction.yields(f)`, asked once per function.
    func yields(_ f: FunctionInfo) -> Bool {
        let id = ObjectIdentifier(f)
        if let known = locked({ yields[id] }) { return known }
        let y = ImportedFunction.yields(f)
        locked { yields[id] = y }
        return y
    }
}
