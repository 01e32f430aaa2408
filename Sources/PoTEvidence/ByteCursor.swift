import PoTAlgebra

/// Appends the little-endian fields of docs/bundle.md.
struct ByteSink {
    private(set) var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: Int) {
        precondition(v >= 0 && v <= Int(UInt32.max), "\(v) does not fit a u32 field")
        for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * i))) }
    }
    mutating func u64(_ v: Int) { for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * i))) } }
    mutating func f64(_ v: Double) { for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v.bitPattern >> (8 * UInt64(i)))) } }
    mutating func raw(_ b: [UInt8]) { bytes += b }
    mutating func string(_ s: String) {
        u32(s.utf8.count)
        bytes += Array(s.utf8)
    }
    mutating func scalar(_ x: Fr) { bytes += x.bytes() }
    /// A part index, or u32 max for none.
    mutating func optionalIndex(_ i: Int?) { u32(i ?? Int(UInt32.max)) }
}

/// Reads what `ByteSink` wrote from a bundle, strictly: every failure names the file, the
/// absolute byte offset of the field and the section being read.
struct ByteCursor {
    let path: String
    let bytes: [UInt8]
    private(set) var offset: Int
    /// Where the current section ends; reads may not cross it.
    var end: Int
    var section: String?

    init(_ bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
        offset = 0
        end = bytes.count
    }

    var remaining: Int { end - offset }

    func failure(_ reason: String, at position: Int? = nil) -> BundleError {
        BundleError(path: path, offset: position ?? offset, section: section, reason: reason)
    }

    mutating func raw(_ count: Int, _ what: String) throws(BundleError) -> [UInt8] {
        guard count <= remaining else {
            throw failure("\(what) needs \(count) bytes, only \(remaining) remain" + (end < bytes.count ? " in the section" : " (truncated?)"))
        }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func u8(_ what: String) throws(BundleError) -> UInt8 { try raw(1, what)[0] }

    mutating func u32(_ what: String) throws(BundleError) -> Int {
        Int(try raw(4, what).enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) })
    }

    mutating func u64(_ what: String) throws(BundleError) -> UInt64 {
        try raw(8, what).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }

    /// A u32 that must lie in `range`.
    mutating func count(_ what: String, _ range: ClosedRange<Int>) throws(BundleError) -> Int {
        let at = offset
        let v = try u32(what)
        guard range.contains(v) else { throw failure("\(what) is \(v), outside \(range.lowerBound)…\(range.upperBound)", at: at) }
        return v
    }

    mutating func flag(_ what: String) throws(BundleError) -> Bool {
        let at = offset
        switch try u8(what) {
        case 0: return false
        case 1: return true
        case let v: throw failure("\(what) is \(v), not 0 or 1", at: at)
        }
    }

    /// A finite IEEE-754 binary64.
    mutating func f64(_ what: String) throws(BundleError) -> Double {
        let at = offset
        let v = Double(bitPattern: try u64(what))
        guard v.isFinite else { throw failure("\(what) is not a finite number", at: at) }
        return v
    }

    /// u32 length then UTF-8, non-empty and at most `limit` bytes.
    mutating func string(_ what: String, limit: Int = 4096) throws(BundleError) -> String {
        let at = offset
        let count = try count("length of \(what)", 1...limit)
        guard let s = String(validating: try raw(count, what), as: UTF8.self) else { throw failure("\(what) is not UTF-8", at: at) }
        return s
    }

    /// 32 bytes, big-endian, below r.
    mutating func scalar(_ what: String) throws(BundleError) -> Fr {
        let at = offset
        do { return try Fr(bytes: try raw(32, what)) } catch { throw failure("\(what) is not a canonical element of Fr", at: at) }
    }

    mutating func digest(_ what: String) throws(BundleError) -> [UInt8] { try raw(32, what) }

    /// A part index below `parts`, or none (u32 max) when `optional`.
    mutating func partIndex(_ what: String, parts: Int, optional: Bool = false) throws(BundleError) -> Int? {
        let at = offset
        let v = try u32(what)
        if optional, v == Int(UInt32.max) { return nil }
        guard v < parts else { throw failure("\(what) is part \(v), the bundle has \(parts) parts", at: at) }
        return v
    }
}
