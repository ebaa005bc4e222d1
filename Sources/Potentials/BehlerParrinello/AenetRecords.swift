import Atoms
import Foundation

extension AenetReader {
    /// The fields of aenet's binary `.nn` file: Fortran unformatted sequential records
    /// (4-byte little-endian length markers around each record, as gfortran writes them),
    /// one record per field. Errors name the record.
    struct Records: AenetFields {
        var records: [[UInt8]] = []
        var next = 0

        /// True when `data` starts like such a file: a 4-byte record holding a small count.
        static func recognizes(_ data: Data) -> Bool {
            guard data.count >= 12 else { return false }
            let b = [UInt8](data.prefix(12))
            return int32(b, 0) == 4 && int32(b, 8) == 4 && (2...64).contains(int32(b, 4))
        }

        static func int32(_ bytes: [UInt8], _ p: Int) -> Int {
            Int(Int32(bitPattern: UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8 | UInt32(bytes[p + 2]) << 16
                      | UInt32(bytes[p + 3]) << 24))
        }

        init(_ data: Data) throws {
            let bytes = [UInt8](data)
            var at = 0
            while at < bytes.count {
                guard at + 4 <= bytes.count else { throw InputError("record \(records.count + 1) is cut off") }
                let n = Self.int32(bytes, at)
                guard n >= 0, at + 8 + n <= bytes.count, Self.int32(bytes, at + 4 + n) == n else {
                    throw InputError("record \(records.count + 1) is cut off or corrupt (not a Fortran unformatted file?)")
                }
                records.append(Array(bytes[(at + 4)..<(at + 4 + n)]))
                at += 8 + n
            }
        }

        mutating func record(_ what: String, bytes: Int? = nil) throws -> [UInt8] {
            guard next < records.count else { throw InputError("the file ends before \(what) (record \(next + 1))") }
            let r = records[next]
            if let bytes, r.count != bytes {
                throw InputError("record \(next + 1) (\(what)) has \(r.count) bytes, expected \(bytes)")
            }
            next += 1
            return r
        }

        mutating func ints(_ n: Int, _ what: String) throws -> [Int] {
            let r = try record(what, bytes: 4 * n)
            return (0..<n).map { Self.int32(r, 4 * $0) }
        }

        mutating func doubles(_ n: Int, _ what: String) throws -> [Double] {
            let r = try record(what, bytes: 8 * n)
            return (0..<n).map { k in
                var bits: UInt64 = 0
                for b in 0..<8 { bits |= UInt64(r[8 * k + b]) << (8 * b) }
                return Double(bitPattern: bits)
            }
        }

        mutating func text(_ what: String) throws -> String {
            String(decoding: try record(what), as: UTF8.self)
        }

        /// `n` names of two characters each, in one record.
        mutating func names(_ n: Int, _ what: String) throws -> [String] {
            let r = try record(what, bytes: 2 * n)
            return (0..<n).map { String(decoding: r[(2 * $0)..<(2 * $0 + 2)], as: UTF8.self).trimmingCharacters(in: .whitespaces) }
        }

        /// A Fortran logical (any kind): true when any byte is set.
        mutating func flag(_ what: String) throws -> Bool {
            try record(what).contains { $0 != 0 }
        }

        /// Files written before aenet added the mean squares have 10 records after the means.
        var hasMeanSquares: Bool { records.count - next == 11 }

        func end() throws {
            guard next == records.count else { throw InputError("\(records.count - next) unexpected records at the end") }
        }
    }
}
