import Foundation
import TestSupport
import XCTest

/// Helpers of the bad-input tests: scratch copies of fixtures with one edit, and the check
/// that a command ends in a clear error.
extension XCTestCase {
    /// A scratch copy of `source` named `name` with `edit` applied to its text (`@REPO@`
    /// resolved to the repository root).
    func edited(_ source: String, name: String, in dir: URL, _ edit: (String) -> String) throws -> String {
        let text = try String(contentsOfFile: source, encoding: .utf8).replacingOccurrences(of: "@REPO@", with: Fixtures.root.path)
        let path = dir.appendingPathComponent(name).path
        try edit(text).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs `props args` and asserts exit status 1, a message under 1000 characters, and
    /// every string of `mentions` in it.
    func assertClearError(_ args: [String], mentions: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try CLIRunner.run(args)
        XCTAssertEqual(r.status, 1, "exit \(r.status): \(r.stderr)", file: file, line: line)
        for m in mentions { XCTAssertTrue(r.stderr.contains(m), "'\(m)' not in: \(r.stderr)", file: file, line: line) }
        XCTAssertLessThan(r.stderr.count, 1000, "error messages stay short", file: file, line: line)
    }

    /// A copy (in `dir`) of the fuzz seed's MD run whose checkpoint has word `word` of atom
    /// 1's line set to `value` (hex bits of a Double); returns the run directory and the
    /// checkpoint's line number of that atom.
    func checkpointRun(in dir: URL, word: Int, value: String) throws -> (run: URL, line: Int) {
        let run = dir.appendingPathComponent(UUID().uuidString)
        try FileManager.default.copyItem(atPath: Fixtures.root.appendingPathComponent("bench/fuzz-seeds/md-checkpoint").path, toPath: run.path)
        let checkpoint = run.appendingPathComponent("checkpoint.txt").path
        var lines = try String(contentsOfFile: checkpoint, encoding: .utf8).replacingOccurrences(of: "@REPO@", with: Fixtures.root.path)
            .components(separatedBy: "\n")
        let atom = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("atoms ") }) + 1
        var words = lines[atom].split(separator: " ").map(String.init)
        words[word] = value
        lines[atom] = words.joined(separator: " ")
        try lines.joined(separator: "\n").write(toFile: checkpoint, atomically: true, encoding: .utf8)
        return (run, atom + 1)
    }
}
