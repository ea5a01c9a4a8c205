import Foundation
import Review

/// A one-line progress bar on stderr for the history audit; silent when stderr is not a terminal.
final class ProgressBar {
    private let enabled: Bool
    private let started = Date()
    private var lastDraw = Date.distantPast

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ progress: HistoryAudit.Progress) {
        guard enabled, Date().timeIntervalSince(lastDraw) > 0.1 || progress.commitsDone == progress.commitsTotal else { return }
        lastDraw = Date()
        let elapsed = max(Date().timeIntervalSince(started), 0.001)
        let fraction = progress.commitsTotal == 0 ? 1 : Double(progress.commitsDone) / Double(progress.commitsTotal)
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let speed = Double(progress.bytesScanned) / elapsed / 1_048_576
        let left = fraction > 0 ? elapsed / fraction - elapsed : 0
        let line = String(format: "\r[%@] %d/%d commits, %.1f MB, %.1f MB/s, %@ left ",
                          bar, progress.commitsDone, progress.commitsTotal, Double(progress.bytesScanned) / 1_048_576, speed, format(left))
        FileHandle.standardError.write(line.data(using: .utf8)!)
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write("\r\u{1B}[K".data(using: .utf8)!)
    }

    private func format(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }
}
