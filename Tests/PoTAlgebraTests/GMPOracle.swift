import CBN254
import CGMP
import XCTest

/// A GMP integer used as the independent reference for the C field kernels.
/// Results are always fresh objects and a value never changes after it is made, which is
/// also why sharing one across test threads is safe.
final class GMPInt: @unchecked Sendable {
    let z: UnsafeMutablePointer<__mpz_struct>

    init() {
        z = .allocate(capacity: 1)
        __gmpz_init(z)
    }

    convenience init(_ v: UInt) {
        self.init()
        __gmpz_set_ui(z, v)
    }

    /// Little-endian 64-bit limbs.
    convenience init(limbs: [UInt64]) {
        self.init()
        limbs.withUnsafeBufferPointer { __gmpz_import(z, $0.count, -1, 8, 0, 0, $0.baseAddress) }
    }

    /// Little-endian bytes.
    convenience init(bytesLE: [UInt8]) {
        self.init()
        bytesLE.withUnsafeBufferPointer { __gmpz_import(z, $0.count, -1, 1, 0, 0, $0.baseAddress) }
    }

    deinit {
        __gmpz_clear(z)
        z.deallocate()
    }

    /// The value as 4 little-endian limbs; it must lie in [0, 2^256).
    var limbs4: [UInt64] {
        precondition(__gmpz_cmp_ui(z, 0) >= 0 && __gmpz_sizeinbase(z, 2) <= 256)
        var out = [UInt64](repeating: 0, count: 4)
        var count = 0
        out.withUnsafeMutableBufferPointer { _ = __gmpz_export($0.baseAddress, &count, -1, 8, 0, 0, z) }
        return out
    }

    /// 32-byte big-endian encoding of a value in [0, 2^256).
    var bytesBE: [UInt8] {
        let l = limbs4
        return (0..<32).map { i in UInt8(truncatingIfNeeded: l[3 - i / 8] >> (8 * (7 - UInt64(i % 8)))) }
    }

    var isZero: Bool { __gmpz_cmp_ui(z, 0) == 0 }

    static func == (a: GMPInt, b: GMPInt) -> Bool { __gmpz_cmp(a.z, b.z) == 0 }
    static func < (a: GMPInt, b: GMPInt) -> Bool { __gmpz_cmp(a.z, b.z) < 0 }

    static func + (a: GMPInt, b: GMPInt) -> GMPInt { let r = GMPInt(); __gmpz_add(r.z, a.z, b.z); return r }
    static func - (a: GMPInt, b: GMPInt) -> GMPInt { let r = GMPInt(); __gmpz_sub(r.z, a.z, b.z); return r }
    static func * (a: GMPInt, b: GMPInt) -> GMPInt { let r = GMPInt(); __gmpz_mul(r.z, a.z, b.z); return r }
    static func * (a: GMPInt, b: UInt) -> GMPInt { let r = GMPInt(); __gmpz_mul_ui(r.z, a.z, b); return r }
    static func + (a: GMPInt, b: UInt) -> GMPInt { let r = GMPInt(); __gmpz_add_ui(r.z, a.z, b); return r }
    static func - (a: GMPInt, b: UInt) -> GMPInt { let r = GMPInt(); __gmpz_sub_ui(r.z, a.z, b); return r }
    static prefix func - (a: GMPInt) -> GMPInt { let r = GMPInt(); __gmpz_neg(r.z, a.z); return r }

    /// Non-negative residue.
    func mod(_ m: GMPInt) -> GMPInt { let r = GMPInt(); __gmpz_mod(r.z, z, m.z); return r }
    func powm(_ e: GMPInt, _ m: GMPInt) -> GMPInt { let r = GMPInt(); __gmpz_powm(r.z, z, e.z, m.z); return r }
    /// The inverse mod m, or nil when there is none.
    func invert(_ m: GMPInt) -> GMPInt? {
        let r = GMPInt()
        return __gmpz_invert(r.z, z, m.z) != 0 ? r : nil
    }
    /// Legendre symbol (self / m) for an odd prime m: 0, 1 or -1.
    func legendre(_ m: GMPInt) -> Int { Int(__gmpz_jacobi(z, m.z)) }
    func shiftedLeft(_ bits: Int) -> GMPInt { let r = GMPInt(); __gmpz_mul_2exp(r.z, z, UInt(bits)); return r }
    func shiftedRight(_ bits: Int) -> GMPInt { let r = GMPInt(); __gmpz_fdiv_q_2exp(r.z, z, UInt(bits)); return r }
    var isOdd: Bool { __gmpz_tstbit(z, 0) == 1 }
}

/// SplitMix64: a fixed seed makes every oracle failure reproducible.
struct OracleRNG {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var x = state
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        return x ^ (x >> 31)
    }

    mutating func limbs(_ n: Int) -> [UInt64] { (0..<n).map { _ in next() } }
    mutating func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8(truncatingIfNeeded: next()) } }
}

/// The limbs of a C `uint64_t[4]` global (imported as a tuple).
func limbArray(_ t: (UInt64, UInt64, UInt64, UInt64)) -> [UInt64] { [t.0, t.1, t.2, t.3] }

let gmpP = GMPInt(limbs: limbArray(bn254_fp_modulus))
let gmpR = GMPInt(limbs: limbArray(bn254_fr_modulus))

/// Fq element <-> integer in [0, p). fpValue also checks that the stored limbs are < p.
func fpValue(_ a: bn254_fp, file: StaticString = #filePath, line: UInt = #line) -> GMPInt {
    if !(GMPInt(limbs: limbArray(a.v)) < gmpP) { XCTFail("Fq: stored limbs not reduced", file: file, line: line) }
    var a = a
    var out = [UInt64](repeating: 0, count: 4)
    bn254_fp_to_canonical(&out, &a)
    return GMPInt(limbs: out)
}

func fpElement(_ x: GMPInt) -> bn254_fp {
    var r = bn254_fp_zero
    let status = bn254_fp_from_canonical(&r, x.mod(gmpP).limbs4)
    precondition(status == BN254_OK)
    return r
}

func randomFp(_ rng: inout OracleRNG) -> bn254_fp { fpElement(GMPInt(limbs: rng.limbs(4))) }
