/// The detectors a job can be limited to (`--only`). A secrets-only audit of a long history is what
/// many users run first; a Python-only review suits a repository whose secrets another tool watches.
public enum Detector: String, CaseIterable, Sendable {
    case secrets, python, dependencies
}
