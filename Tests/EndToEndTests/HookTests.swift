import Foundation
import XCTest

final class HookTests: XCTestCase {
    func testInstalledHookBlocksASecretLetsACleanCommitThroughAndKeepsTheOldHook() throws {
        let repo = try Sandbox()
        _ = try repo.commit("base", files: ["README.md": "hi\n"])
        // A hook that was there before: it leaves a mark each time it runs.
        let hooks = repo.root.appendingPathComponent(".git/hooks")
        let oldHook = "#!/bin/sh\necho ran >> \"$(git rev-parse --git-dir)/old-hook-ran\"\n"
        try oldHook.write(to: hooks.appendingPathComponent("pre-commit"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hooks.appendingPathComponent("pre-commit").path)

        let install = try repo.shortwall("hook", "install")
        XCTAssertEqual(install.status, 0, install.stderr)
        XCTAssertTrue(install.stdout.contains("kept"), install.stdout)

        try repo.write("keys.py", "AWS_ACCESS_KEY_ID = \"\(Fake.awsKeyID)\"\n")
        try repo.git("add", "keys.py")
        let blocked = try repo.run("/usr/bin/env", ["git", "commit", "-m", "add key"], environment: Sandbox.gitEnvironment)
        XCTAssertNotEqual(blocked.status, 0, "the commit must be blocked")
        let printed = blocked.stdout + blocked.stderr
        XCTAssertTrue(printed.contains("keys.py"), printed)
        XCTAssertTrue(printed.contains("--no-verify"), printed)
        XCTAssertTrue(printed.contains("shortwall:allow"), printed)
        XCTAssertFalse(printed.contains(Fake.awsKeyID), "redacted in the hook output too")
        XCTAssertEqual(try repo.git("rev-list", "--count", "HEAD"), "1")

        try repo.git("rm", "-q", "--cached", "keys.py")
        try repo.write("notes.md", "just notes\n")
        try repo.git("add", "notes.md")
        let clean = try repo.run("/usr/bin/env", ["git", "commit", "-q", "-m", "notes"], environment: Sandbox.gitEnvironment)
        XCTAssertEqual(clean.status, 0, clean.stdout + clean.stderr)
        XCTAssertEqual(try repo.git("rev-list", "--count", "HEAD"), "2")

        let marks = try String(contentsOf: repo.root.appendingPathComponent(".git/old-hook-ran"), encoding: .utf8)
        XCTAssertEqual(marks.split(separator: "\n").count, 2, "the old hook ran for both commits")

        XCTAssertEqual(try repo.shortwall("hook", "uninstall").status, 0)
        XCTAssertEqual(try String(contentsOf: hooks.appendingPathComponent("pre-commit"), encoding: .utf8), oldHook, "restored exactly")
        XCTAssertFalse(FileManager.default.fileExists(atPath: hooks.appendingPathComponent("pre-commit.shortwall-previous").path))
    }

    func testInstallHonorsCoreHooksPath() throws {
        let repo = try Sandbox()
        try repo.git("config", "core.hooksPath", "githooks")
        XCTAssertEqual(try repo.shortwall("hook", "install").status, 0)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: repo.root.appendingPathComponent("githooks/pre-commit").path))
        XCTAssertEqual(try repo.shortwall("hook", "uninstall").status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo.root.appendingPathComponent("githooks/pre-commit").path))
    }

    func testPrePushHookBlocksAPushThatCarriesASecret() throws {
        let remote = try Sandbox()
        try remote.git("config", "receive.denyCurrentBranch", "ignore")
        _ = try remote.commit("base", files: ["a.txt": "a\n"])
        let repo = try Sandbox()
        try repo.git("fetch", "-q", remote.path, "main:main", allowFailure: true)
        try repo.git("remote", "add", "origin", remote.path)
        try repo.git("fetch", "-q", "origin")
        try repo.git("reset", "-q", "--hard", "origin/main")
        XCTAssertEqual(try repo.shortwall("hook", "install", "--pre-push").status, 0)
        _ = try repo.commit("key", files: ["k.py": "GITHUB_TOKEN = \"\(Fake.githubToken)\"\n"])
        let push = try repo.run("/usr/bin/env", ["git", "push", "-q", "origin", "main"], environment: Sandbox.gitEnvironment)
        XCTAssertNotEqual(push.status, 0, push.stdout + push.stderr)
        XCTAssertTrue((push.stdout + push.stderr).contains("k.py"))
    }
}

/// Only a hook with Shortwall's exact marker line is Shortwall's; every other hook is kept, backed up
/// on install and put back on uninstall, byte for byte or link for link.
final class HookOwnershipTests: XCTestCase {
    private func hook(_ repo: Sandbox, _ name: String = "pre-commit") -> String { repo.path + "/.git/hooks/" + name }

    func testAHookThatMentionsShortwallIsStillTheUsers() throws {
        let repo = try Sandbox()
        // Each names Shortwall's hook or even carries its marker line, but not as the second line.
        let marker = "# shortwall-managed-hook: pre-commit (Shortwall finds its own hook by this exact line; keep it as it is)"
        let hooks = [
            "#!/bin/sh\n# Runs lint, then the Shortwall pre-commit hook, installed by `shortwall hook install`\nmake lint\n",
            "#!/bin/sh\n# Shortwall pre-commit hook\nexit 0\n",
            "#!/bin/sh\necho first\n" + marker + "\n",
            "#!/bin/sh\n" + marker + " and more\n",
        ]
        for mine in hooks {
            try mine.write(toFile: hook(repo), atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook(repo))

            let refused = try repo.shortwall("hook", "uninstall")
            XCTAssertEqual(refused.status, 2, "uninstall leaves a hook that is not Shortwall's: \(mine)")
            XCTAssertEqual(try String(contentsOfFile: hook(repo), encoding: .utf8), mine)

            let install = try repo.shortwall("hook", "install")
            XCTAssertEqual(install.status, 0, install.stderr)
            XCTAssertTrue(install.stdout.contains("kept"), "backed up, not overwritten: \(install.stdout)")
            XCTAssertEqual(try String(contentsOfFile: hook(repo) + ".shortwall-previous", encoding: .utf8), mine)
            XCTAssertTrue(try String(contentsOfFile: hook(repo), encoding: .utf8).contains(marker))

            XCTAssertEqual(try repo.shortwall("hook", "install").stdout.contains("up to date"), true, "ours is recognised")
            XCTAssertEqual(try repo.shortwall("hook", "uninstall").status, 0)
            XCTAssertEqual(try String(contentsOfFile: hook(repo), encoding: .utf8), mine, "restored exactly")
            XCTAssertFalse(FileManager.default.fileExists(atPath: hook(repo) + ".shortwall-previous"))
        }
    }

    func testSymbolicLinkHooksAreKeptEvenWhenTheyPointNowhere() throws {
        let repo = try Sandbox()
        let shared = repo.path + "/tools/pre-push"
        try repo.write("tools/pre-push", "#!/bin/sh\nexit 0\n")
        for (target, name) in [("/nonexistent/hooks/pre-commit", "pre-commit"), (shared, "pre-push")] {
            try FileManager.default.createSymbolicLink(atPath: hook(repo, name), withDestinationPath: target)
            let flag = name == "pre-push" ? ["--pre-push"] : []
            let install = try repo.run(Sandbox.binary.path, ["hook", "install"] + flag)
            XCTAssertEqual(install.status, 0, install.stderr)
            XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: hook(repo, name) + ".shortwall-previous"), target)
            XCTAssertTrue(FileManager.default.isExecutableFile(atPath: hook(repo, name)), "ours is in place")

            let uninstall = try repo.run(Sandbox.binary.path, ["hook", "uninstall"] + flag)
            XCTAssertEqual(uninstall.status, 0, uninstall.stderr)
            XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: hook(repo, name)), target, "the link itself is back")
            XCTAssertFalse((try? FileManager.default.attributesOfItem(atPath: hook(repo, name) + ".shortwall-previous")) != nil)
        }
    }

    /// The marker the installer looks for is the one the embedded scripts carry, on their second line.
    func testEveryInstalledHookCarriesTheMarker() throws {
        let repo = try Sandbox()
        for (name, flag) in [("pre-commit", [String]()), ("pre-push", ["--pre-push"])] {
            XCTAssertEqual(try repo.run(Sandbox.binary.path, ["hook", "install"] + flag).status, 0)
            let lines = try String(contentsOfFile: hook(repo, name), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            XCTAssertEqual(lines[1], "# shortwall-managed-hook: \(name) (Shortwall finds its own hook by this exact line; keep it as it is)")
        }
    }
}
