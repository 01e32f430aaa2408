import CBN254

/// The C kernel entry points of one prime field; `Fq` and `Fr` share every Swift-level
/// operation through this table, so the two types cannot drift apart.
public struct PrimeFieldKernel<Raw: Sendable>: Sendable {
    typealias Binary = @Sendable (UnsafeMutablePointer<Raw>?, UnsafePointer<Raw>?, UnsafePointer<Raw>?) -> Void
    typealias Unary = @Sendable (UnsafeMutablePointer<Raw>?, UnsafePointer<Raw>?) -> Void
    typealias Predicate = @Sendable (UnsafePointer<Raw>?) -> Int32
    typealias Relation = @Sendable (UnsafePointer<Raw>?, UnsafePointer<Raw>?) -> Int32
    typealias Inverse = @Sendable (UnsafeMutablePointer<Raw>?, UnsafePointer<Raw>?) -> Int32
    typealias BatchInverse = @Sendable (UnsafeMutablePointer<Raw>?, UnsafePointer<Raw>?, Int, UnsafeMutablePointer<Raw>?) -> Void
    typealias Power = @Sendable (UnsafeMutablePointer<Raw>?, UnsafePointer<Raw>?, UnsafePointer<UInt64>?, Int) -> Void
    typealias FromCanonical = @Sendable (UnsafeMutablePointer<Raw>?, UnsafePointer<UInt64>?) -> bn254_status
    typealias ToCanonical = @Sendable (UnsafeMutablePointer<UInt64>?, UnsafePointer<Raw>?) -> Void
    typealias FromBytes = @Sendable (UnsafeMutablePointer<Raw>?, UnsafePointer<UInt8>?) -> bn254_status
    typealias ToBytes = @Sendable (UnsafeMutablePointer<UInt8>?, UnsafePointer<Raw>?) -> Void
    typealias FromWide = @Sendable (UnsafeMutablePointer<Raw>?, UnsafePointer<UInt8>?) -> Void

    let zero: Raw, one: Raw
    let modulus: [UInt64]
    let add: Binary, sub: Binary, mul: Binary
    let neg: Unary, sqr: Unary
    let inv: Inverse
    let batchInv: BatchInverse
    let pow: Power
    let isZero: Predicate
    let eq: Relation
    let fromCanonical: FromCanonical, toCanonical: ToCanonical
    let fromBytesBE: FromBytes, fromBytesLE: FromBytes
    let toBytesBE: ToBytes, toBytesLE: ToBytes
    let fromWideLE: FromWide
}

/// A prime field of BN254 (`Fq` or `Fr`): elements are kept in Montgomery form by the C
/// kernels; the Swift value is a thin wrapper around the 4-limb C struct.
public protocol PrimeField: Hashable, Sendable, CustomStringConvertible, LosslessStringConvertible,
    ExpressibleByIntegerLiteral
{
    associatedtype Raw: Sendable
    /// The Montgomery-form limbs as the C kernels see them.
    var raw: Raw { get set }
    init(raw: Raw)
    static var kernel: PrimeFieldKernel<Raw> { get }
}

extension PrimeField {
    public static var zero: Self { Self(raw: kernel.zero) }
    public static var one: Self { Self(raw: kernel.one) }
    /// The field modulus as little-endian 64-bit limbs.
    public static var modulus: [UInt64] { kernel.modulus }

    public init(_ value: UInt64) {
        self = .zero
        let limbs = [value, 0, 0, 0]
        _ = Self.kernel.fromCanonical(&raw, limbs)
    }

    public init(integerLiteral value: UInt64) { self.init(value) }

    /// The element whose canonical value is `limbs` (little-endian, 4 limbs).
    /// Throws ``AlgebraError/nonCanonical`` when the value is not below the modulus.
    public init(canonical limbs: [UInt64]) throws(AlgebraError) {
        guard limbs.count == 4 else { throw .wrongLength(expected: 4, got: limbs.count) }
        self = .zero
        try AlgebraError.check(Self.kernel.fromCanonical(&raw, limbs))
    }

    /// The canonical value as little-endian 64-bit limbs.
    public var canonical: [UInt64] {
        var out = [UInt64](repeating: 0, count: 4)
        withUnsafePointer(to: raw) { Self.kernel.toCanonical(&out, $0) }
        return out
    }

    // MARK: arithmetic

    @inline(__always)
    private static func binary(_ f: PrimeFieldKernel<Raw>.Binary, _ a: Self, _ b: Self) -> Self {
        var r = a
        withUnsafePointer(to: a.raw) { pa in withUnsafePointer(to: b.raw) { pb in f(&r.raw, pa, pb) } }
        return r
    }

    public static func + (a: Self, b: Self) -> Self { binary(kernel.add, a, b) }
    public static func - (a: Self, b: Self) -> Self { binary(kernel.sub, a, b) }
    public static func * (a: Self, b: Self) -> Self { binary(kernel.mul, a, b) }
    public static func += (a: inout Self, b: Self) { a = a + b }
    public static func -= (a: inout Self, b: Self) { a = a - b }
    public static func *= (a: inout Self, b: Self) { a = a * b }

    public static prefix func - (a: Self) -> Self {
        var r = a
        withUnsafePointer(to: a.raw) { kernel.neg(&r.raw, $0) }
        return r
    }

    public var squared: Self {
        var r = self
        withUnsafePointer(to: raw) { Self.kernel.sqr(&r.raw, $0) }
        return r
    }

    /// The multiplicative inverse, or `nil` for zero.
    public var inverse: Self? {
        var r = self
        let ok = withUnsafePointer(to: raw) { Self.kernel.inv(&r.raw, $0) }
        return ok == 1 ? r : nil
    }

    /// Inverts every element with one field inversion (Montgomery's trick); zeros stay zero.
    public static func batchInverse(_ elements: [Self]) -> [Self] {
        var out = elements
        var scratch = elements
        out.withUnsafeMutableBufferPointer { o in
            scratch.withUnsafeMutableBufferPointer { s in
                o.withMemoryRebound(to: Raw.self) { ro in
                    s.withMemoryRebound(to: Raw.self) { rs in
                        kernel.batchInv(ro.baseAddress, ro.baseAddress, ro.count, rs.baseAddress)
                    }
                }
            }
        }
        return out
    }

    /// self^exponent, the exponent given as little-endian 64-bit limbs.
    public func power(_ exponent: [UInt64]) -> Self {
        var r = self
        withUnsafePointer(to: raw) { Self.kernel.pow(&r.raw, $0, exponent, exponent.count) }
        return r
    }

    public func power(_ exponent: UInt64) -> Self { power([exponent]) }

    public var isZero: Bool { withUnsafePointer(to: raw) { Self.kernel.isZero($0) } == 1 }

    public static func == (a: Self, b: Self) -> Bool {
        withUnsafePointer(to: a.raw) { pa in withUnsafePointer(to: b.raw) { pb in kernel.eq(pa, pb) } } == 1
    }

    /// Elements are always fully reduced, so equal values have equal Montgomery limbs: hashing
    /// the limbs as they are avoids a conversion per hash.
    public func hash(into hasher: inout Hasher) { withUnsafeBytes(of: raw) { hasher.combine(bytes: $0) } }

    // MARK: bytes

    /// The canonical 32-byte encoding, big-endian (EIP-196 style) or little-endian.
    public func bytes(bigEndian: Bool = true) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        withUnsafePointer(to: raw) { (bigEndian ? Self.kernel.toBytesBE : Self.kernel.toBytesLE)(&out, $0) }
        return out
    }

    /// Decodes a canonical 32-byte encoding; values not below the modulus are rejected.
    public init(bytes: [UInt8], bigEndian: Bool = true) throws(AlgebraError) {
        guard bytes.count == 32 else { throw .wrongLength(expected: 32, got: bytes.count) }
        self = .zero
        try AlgebraError.check((bigEndian ? Self.kernel.fromBytesBE : Self.kernel.fromBytesLE)(&raw, bytes))
    }

    /// Reduces 64 little-endian bytes modulo the field: a uniform element from uniform bytes
    /// (the bias is below 2^-250).
    public init(wideBytes bytes: [UInt8]) {
        precondition(bytes.count == 64, "wide reduction takes 64 bytes")
        self = .zero
        Self.kernel.fromWideLE(&raw, bytes)
    }

    /// A uniform element drawn from `generator`.
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> Self {
        var bytes = [UInt8](repeating: 0, count: 64)
        for i in stride(from: 0, to: 64, by: 8) {
            let word = generator.next()
            for j in 0..<8 { bytes[i + j] = UInt8(truncatingIfNeeded: word >> (8 * j)) }
        }
        return Self(wideBytes: bytes)
    }

    /// A uniform element from the system's cryptographically secure generator.
    public static func random() -> Self {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    // MARK: text

    /// Decimal text of the canonical value.
    public var description: String { BigNumber(limbs: canonical).text(radix: 10) }
    /// "0x"-prefixed hexadecimal text of the canonical value.
    public var hex: String { "0x" + BigNumber(limbs: canonical).text(radix: 16) }

    /// Parses decimal, or hexadecimal with a "0x" prefix; `nil` unless 0 <= value < modulus.
    public init?(_ text: String) {
        guard let limbs = BigNumber(text: text)?.limbs(count: 4),
              let value = try? Self(canonical: limbs) else { return nil }
        self = value
    }
}
