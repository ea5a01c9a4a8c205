import Python

extension RuleSet {
    static let worldWritablePermissions = Rule(
        id: "python.world-writable-permissions",
        title: "File or folder made writable by every user",
        cwe: 732, owasp: OWASP.a01, severity: .medium,
        explanation: "A mode that grants write permission to \"others\" (0o777, 0o666, stat.S_IWOTH) lets every local account, including a compromised service, replace the file: a script or config the app later runs or trusts.",
        fix: "Grant only what the owner (and maybe the group) needs: os.chmod(path, 0o640) for data, 0o750 for folders and programs.",
        bandit: ["B103"],
        triggering: [
            """
            import os
            os.chmod("/srv/app/run.sh", 0o777)  # expect
            """,
            """
            import os, stat
            os.makedirs(upload_dir, mode=0o777, exist_ok=True)  # expect
            os.chmod(path, stat.S_IRWXU | stat.S_IWOTH)  # expect
            """,
            """
            from pathlib import Path
            Path("settings.ini").chmod(0o666)  # expect
            """,
        ],
        nonTriggering: [
            """
            import os
            os.chmod("/srv/app/run.sh", 0o750)
            os.makedirs(upload_dir, mode=0o700, exist_ok=True)
            """,
            """
            import os
            os.chmod(path, mode)
            """,
        ],
        calls: CallPattern(names: ["os.chmod", "os.lchmod", "os.fchmod", "os.mkdir", "os.makedirs"], methods: CallPattern.methods("chmod")),
        onCall: { c, flow in
            let mode: Expr?
            if c.matches("os.chmod", "os.lchmod", "os.fchmod") {
                mode = c.arg(1, "mode")
            } else if c.matches("os.mkdir", "os.makedirs") {
                mode = c.arg(1, "mode")
            } else if c.method == "chmod", c.args.count + c.keywords.count == 1, c.name.map({ !$0.hasPrefix("os.") }) ?? true {
                mode = c.arg(0, "mode")
            } else {
                mode = nil
            }
            guard let mode, grantsWriteToOthers(mode) else { return [] }
            return [.plain(mode.span, "This mode lets every user on the machine write to \(flow.describe(c).dropLast(2))'s target.")]
        }
    )

    /// An integer literal with the others-write bit (0o002), or an expression naming S_IWOTH or S_IRWXO.
    fileprivate static func grantsWriteToOthers(_ e: Expr) -> Bool {
        if case .constant(.int(let text)) = e.kind, let value = pythonInt(text) { return value & 0o002 != 0 }
        var named = false
        e.walk { x in if let n = x.lastName, n == "S_IWOTH" || n == "S_IRWXO" { named = true } }
        return named
    }

    /// Python's integer literal forms: 511, 0o777, 0x1ff, 0b111111111, with underscores.
    fileprivate static func pythonInt(_ text: String) -> Int? {
        let t = text.replacingOccurrences(of: "_", with: "").lowercased()
        if t.hasPrefix("0o") { return Int(t.dropFirst(2), radix: 8) }
        if t.hasPrefix("0x") { return Int(t.dropFirst(2), radix: 16) }
        if t.hasPrefix("0b") { return Int(t.dropFirst(2), radix: 2) }
        return Int(t)
    }
}
