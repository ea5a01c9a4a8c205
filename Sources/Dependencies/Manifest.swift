/// The files that declare Python dependencies, recognised by name, and what each declares.
public enum Manifest: Sendable, Equatable {
    case requirements, pyproject, setupCfg, pipfileLock, poetryLock, uvLock, pylock

    /// Lock files pin every entry: a range there is never "unpinned".
    public var isLock: Bool { [.pipfileLock, .poetryLock, .uvLock, .pylock].contains(self) }

    /// The kind of manifest a path names, or nil. Requirements files are recognised by pip's and
    /// pip-tools' conventions (`requirements*.txt`, `dev-requirements.in`, `constraints.txt`, any `.txt` or
    /// `.in` in a `requirements/` folder); other files count when a requirements file includes them.
    public init?(path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        switch name {
        case "pyproject.toml": self = .pyproject
        case "setup.cfg": self = .setupCfg
        case "Pipfile.lock": self = .pipfileLock
        case "poetry.lock": self = .poetryLock
        case "uv.lock": self = .uvLock
        default:
            if name == "pylock.toml" || (name.hasPrefix("pylock.") && name.hasSuffix(".toml")) {
                self = .pylock
                return
            }
            let lower = name.lowercased()
            guard lower.hasSuffix(".txt") || lower.hasSuffix(".in") else { return nil }
            let parent = path.split(separator: "/").dropLast().last.map { $0.lowercased() }
            guard lower.contains("requirements") || lower.contains("constraints") || parent == "requirements" else { return nil }
            self = .requirements
        }
    }

    /// What the file declares; nil when it cannot be read as its format (the caller notes it).
    public func requirements(path: String, text: String) -> [Requirement]? {
        switch self {
        case .requirements: return RequirementsFile(path: path, text: text).requirements
        case .pyproject: return PyProject.requirements(text)
        case .setupCfg: return SetupCfg.requirements(text)
        case .pipfileLock: return PipfileLock.requirements(text)
        case .poetryLock: return PoetryLock.requirements(text)
        case .uvLock: return UvLock.requirements(text)
        case .pylock: return PyLock.requirements(text)
        }
    }
}
