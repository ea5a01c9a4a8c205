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
