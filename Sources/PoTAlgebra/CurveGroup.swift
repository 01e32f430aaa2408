import CBN254

/// The C kernel entry points of one curve group; `G1` and `G2` share every Swift-level
/// operation through this table.
public struct CurveKernel<Point: Sendable, Affine: Sendable>: Sendable {
    typealias Binary = @Sendable (UnsafeMutablePointer<Point>?, UnsafePointer<Point>?, UnsafePointer<Point>?) -> Void
    typealias Unary = @Sendable (UnsafeMutablePointer<Point>?, UnsafePointer<Point>?) -> Void
    typealias Predicate = @Sendable (UnsafePointer<Point>?) -> Int32
    typealias Relation = @Sendable (UnsafePointer<Point>?, UnsafePointer<Point>?) -> Int32
    typealias Scale = @Sendable (UnsafeMutablePointer<Point>?, UnsafePointer<Point>?, UnsafePointer<UInt64>?) -> Void
    typealias ToAffine = @Sendable (UnsafeMutablePointer<Affine>?, UnsafePointer<Point>?) -> Void
    typealias FromAffine = @Sendable (UnsafeMutablePointer<Point>?, UnsafePointer<Affine>?) -> Void
    typealias BatchToAffine = @Sendable (UnsafeMutablePointer<Affine>?, UnsafePointer<Point>?, Int) -> Void
    typealias Encode = @Sendable (UnsafeMutablePointer<UInt8>?, UnsafePointer<Affine>?) -> Void
    typealias Decode = @Sendable (UnsafeMutablePointer<Affine>?, UnsafePointer<UInt8>?) -> bn254_status
    typealias Generator = @Sendable (UnsafeMutablePointer<Point>?) -> Void
    typealias AffinePredicate = @Sendable (UnsafePointer<Affine>?) -> Int32

    let generator: Generator, infinity: Generator
    let add: Binary, dbl: Unary, neg: Unary
    let mul: Scale
    let isInfinity: Predicate, eq: Relation
    let toAffine: ToAffine, fromAffine: FromAffine, batchToAffine: BatchToAffine
    let isOnCurve: AffinePredicate
    let encode: Encode, decode: Decode, encodeCompressed: Encode, decodeCompressed: Decode
    let encodedSize: Int
}

/// A prime-order group of BN254 points (`G1` or `G2`), stored in Jacobian coordinates.
public protocol CurveGroup: Hashable, Sendable, CustomStringConvertible {
    associatedtype Raw: Sendable
    associatedtype AffineRaw: Sendable
    var raw: Raw { get set }
    init(raw: Raw)
    static var kernel: CurveKernel<Raw, AffineRaw> { get }
}

extension CurveGroup {
    /// The standard generator (EIP-196/197).
    public static var generator: Self { make(kernel.generator) }
    /// The identity element.
    public static var infinity: Self { make(kernel.infinity) }

    private static func make(_ f: CurveKernel<Raw, AffineRaw>.Generator) -> Self {
        let raw = UnsafeMutablePointer<Raw>.allocate(capacity: 1)
        defer { raw.deallocate() }
        f(raw)
        return Self(raw: raw.pointee)
    }

    public var isInfinity: Bool { withUnsafePointer(to: raw) { Self.kernel.isInfinity($0) } == 1 }

    public static func + (a: Self, b: Self) -> Self {
        var r = a
        withUnsafePointer(to: a.raw) { pa in withUnsafePointer(to: b.raw) { pb in kernel.add(&r.raw, pa, pb) } }
        return r
    }

    public static prefix func - (a: Self) -> Self {
        var r = a
        withUnsafePointer(to: a.raw) { kernel.neg(&r.raw, $0) }
        return r
    }

    public static func - (a: Self, b: Self) -> Self { a + -b }
    public static func += (a: inout Self, b: Self) { a = a + b }

    public var doubled: Self {
        var r = self
        withUnsafePointer(to: raw) { Self.kernel.dbl(&r.raw, $0) }
        return r
    }

    /// Scalar multiplication by an Fr element.
    public static func * (point: Self, scalar: Fr) -> Self { point.multiplied(by: scalar.canonical) }
    public static func * (scalar: Fr, point: Self) -> Self { point * scalar }

    /// Multiplication by any 256-bit integer given as 4 little-endian limbs (not reduced mod r,
    /// so that cofactor and order checks can use it).
    public func multiplied(by limbs: [UInt64]) -> Self {
        precondition(limbs.count == 4, "scalars are 4 limbs")
        var r = self
        withUnsafePointer(to: raw) { Self.kernel.mul(&r.raw, $0, limbs) }
        return r
    }

    public static func == (a: Self, b: Self) -> Bool {
        withUnsafePointer(to: a.raw) { pa in withUnsafePointer(to: b.raw) { pb in kernel.eq(pa, pb) } } == 1
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(encoded()) }

    /// The affine form (the point at infinity is (0, 0)).
    public var affine: AffineRaw {
        let out = UnsafeMutablePointer<AffineRaw>.allocate(capacity: 1)
        defer { out.deallocate() }
        withUnsafePointer(to: raw) { Self.kernel.toAffine(out, $0) }
        return out.pointee
    }

    public init(affine: AffineRaw) {
        let out = UnsafeMutablePointer<Raw>.allocate(capacity: 1)
        defer { out.deallocate() }
        withUnsafePointer(to: affine) { Self.kernel.fromAffine(out, $0) }
        self.init(raw: out.pointee)
    }

    /// Affine forms of many points with one field inversion.
    public static func batchAffine(_ points: [Self]) -> [AffineRaw] {
        guard !points.isEmpty else { return [] }
        return [AffineRaw](unsafeUninitializedCapacity: points.count) { out, count in
            points.withUnsafeBufferPointer { p in
                p.withMemoryRebound(to: Raw.self) { kernel.batchToAffine(out.baseAddress, $0.baseAddress, $0.count) }
            }
            count = points.count
        }
    }

    /// The uncompressed encoding of the Ethereum precompiles (EIP-196/197), see docs/encodings.md.
    public func encoded() -> [UInt8] { encode(Self.kernel.encode, size: Self.kernel.encodedSize) }
    /// The compressed encoding, see docs/encodings.md.
    public func compressed() -> [UInt8] { encode(Self.kernel.encodeCompressed, size: Self.kernel.encodedSize / 2) }

    private func encode(_ f: CurveKernel<Raw, AffineRaw>.Encode, size: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: size)
        withUnsafePointer(to: affine) { f(&out, $0) }
        return out
    }

    /// Decodes either encoding, chosen by length; the point is checked to be canonical, on
    /// the curve and in the prime-order subgroup.
    public init(bytes: [UInt8]) throws(AlgebraError) {
        let full = Self.kernel.encodedSize
        guard bytes.count == full || bytes.count == full / 2 else {
            throw .wrongLength(expected: full, got: bytes.count)
        }
        let decode = bytes.count == full ? Self.kernel.decode : Self.kernel.decodeCompressed
        let out = UnsafeMutablePointer<AffineRaw>.allocate(capacity: 1)
        defer { out.deallocate() }
        try AlgebraError.check(decode(out, bytes))
        self.init(affine: out.pointee)
    }

    public var description: String {
        isInfinity ? "infinity" : "0x" + encoded().map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
