import Python

extension RuleSet {
    static let archiveExtraction = Rule(
        id: "python.archive-extraction",
        title: "Archive extracted without member checks",
        cwe: 22, owasp: OWASP.a01, severity: .high,
        explanation: "tarfile's extractall() writes members where their names say: `../../etc/cron.d/x`, absolute paths and symlinks escape the target directory (before Python 3.14 no filter is applied by default).",
        fix: "Pass a filter on Python 3.12+: tar.extractall(dest, filter=\"data\"); on older versions check each member's resolved path stays under dest and pass members= with the checked list.",
        bandit: ["B202"],
        triggering: [
            """
            import tarfile
            def unpack(path, dest):
                with tarfile.open(path) as tar:
                    tar.extractall(dest)  # expect
            """,
            """
            import shutil
            def restore(path):
                shutil.unpack_archive(path, "/srv/data")  # expect
            """,
            """
            import tarfile
            from flask import request
            def upload():
                tar = tarfile.open(fileobj=request.files["archive"].stream)
                tar.extractall("/srv/data")  # expect
            """,
        ],
        nonTriggering: [
            """
            import tarfile
            def unpack(path, dest):
                with tarfile.open(path) as tar:
                    tar.extractall(dest, filter="data")
            """,
            """
            import shutil
            def restore(path):
                shutil.unpack_archive(path, "/srv/data", filter="data")
            """,
            """
            import zipfile
            def unpack(path, dest):
                with zipfile.ZipFile(path) as z:
                    z.extractall(dest)
            """,
        ],
        calls: CallPattern(names: ["shutil.unpack_archive"], methods: CallPattern.methods("extractall", "extract")),
        onCall: { c, flow in
            if c.matches("shutil.unpack_archive"), c.keyword("filter") == nil, let a = c.arg(0, "filename") {
                let t = flow.taint(a)
                return [.plain(c.span, "shutil.unpack_archive() extracts tar members wherever their names point (no filter= given).",
                               confidence: t.level == .tainted ? .high : .medium)]
            }
            guard let m = c.method, m == "extractall" || m == "extract", let r = c.receiver else { return [] }
            let t = flow.taint(r)
            guard t.tags.contains(.tarArchive), c.keyword("filter") == nil, c.keyword("members") == nil, !c.hasKwargsSplat else { return [] }
            let from = t.origin.map { " of \($0.description) (line \($0.line))" } ?? ""
            return [.plain(c.span, "tar.\(m)()\(from) writes members wherever their names point, including outside the target directory.",
                           confidence: t.level == .tainted ? .high : .medium)]
        }
    )
}
