import Foundation
@testable import Git
import TestFixtures
import XCTest

/// Commit dates are formatted by hand (a formatter per commit was slow); Foundation is the reference.
final class DateFormatTests: XCTestCase {
    func testMatchesFoundationAcrossCenturiesAndOffsets() {
        var random = AgreementTests.Random(state: 7)
        let offsets = [0, 60, -60, 330, -420, 345, 840, -720, 59, -59]
        for i in 0..<2000 {
            // 1901…2100, plus the edges of days, leap days and the epoch.
            let seconds = i < 5 ? [0, -1, 951_782_400, 1_709_251_199, 4_107_542_399][i] : Int64(random.below(6_300_000_000)) - 2_150_000_000
            let offset = offsets[random.below(offsets.count)]
            let formatter = ISO8601DateFormatter()
            formatter.timeZone = TimeZone(secondsFromGMT: offset * 60)
            let expected = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            XCTAssertEqual(iso8601(seconds: seconds, offsetMinutes: offset), expected, "\(seconds) \(offset)")
        }
    }

    func testCommitDatesKeepTheAuthorsOffset() throws {
        let repo = try GitFixture()
        try repo.write("f.txt", "1\n")
        try repo.commit(date: "1709251199 +0530")
        try repo.write("f.txt", "2\n")
        try repo.commit(date: "1700000000 -0700")
        try repo.write("f.txt", "3\n")
        try repo.commit(date: "@0 +0000")
        let open = try repo.open()
        XCTAssertEqual(try open.commitInfo(try repo.id("HEAD~2")).date, "2024-03-01T05:29:59+05:30")
        XCTAssertEqual(try open.commitInfo(try repo.id("HEAD~1")).date, "2023-11-14T15:13:20-07:00")
        XCTAssertEqual(try open.commitInfo(try repo.id("HEAD")).date, "1970-01-01T00:00:00Z")
    }

    func testOutOfRangeOffsetDoesNotCrash() throws {
        let repo = try GitFixture()
        try repo.write("f.txt", "1\n")
        try repo.commit()
        // git accepts any four digits as an offset when writing the object by hand.
        let tree = try repo.rev("HEAD^{tree}")
        let body = "tree \(tree)\nauthor Odd <o@example.com> 1700000000 +9959\ncommitter Odd <o@example.com> 1700000000 +9959\n\nodd zone\n"
        try repo.write("commit.txt", body)
        let id = try repo.git("hash-object", "-t", "commit", "-w", "--literally", "commit.txt").trimmingCharacters(in: .whitespacesAndNewlines)
        let info = try repo.open().commitInfo(try XCTUnwrap(ObjectID(hex: id)))
        XCTAssertTrue(info.date.hasPrefix("2023-11-"), info.date)
        XCTAssertEqual(info.summary, "odd zone")
    }
}
