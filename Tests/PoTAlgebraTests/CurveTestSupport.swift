import CBN254
import Foundation
import XCTest

// Helpers shared by CurveTests, EncodingTests and PairingTests: value-style wrappers over
// the C group API and the fixture files.

// MARK: - G1 and G2 as values

func g1Generator() -> bn254_g1 { var r = bn254_g1(); bn254_g1_generator(&r); return r }
func g1Infinity() -> bn254_g1 { var r = bn254_g1(); bn254_g1_set_infinity(&r); return r }
func g1Add(_ a: bn254_g1, _ b: bn254_g1) -> bn254_g1 { var a = a, b = b, r = a; bn254_g1_add(&r, &a, &b); return r }
func g1AddAffine(_ a: bn254_g1, _ b: bn254_g1_affine) -> bn254_g1 { var a = a, b = b, r = a; bn254_g1_add_affine(&r, &a, &b); return r }
func g1Dbl(_ a: bn254_g1) -> bn254_g1 { var a = a, r = a; bn254_g1_dbl(&r, &a); return r }
func g1Neg(_ a: bn254_g1) -> bn254_g1 { var a = a, r = a; bn254_g1_neg(&r, &a); return r }
func g1Mul(_ a: bn254_g1, _ k: [UInt64]) -> bn254_g1 { var a = a, r = a; bn254_g1_mul(&r, &a, k); return r }
func g1Eq(_ a: bn254_g1, _ b: bn254_g1) -> Bool { var a = a, b = b; return bn254_g1_eq(&a, &b) == 1 }
func g1IsInfinity(_ a: bn254_g1) -> Bool { var a = a; return bn254_g1_is_infinity(&a) == 1 }
func g1Affine(_ a: bn254_g1) -> bn254_g1_affine { var a = a, r = bn254_g1_affine(); bn254_g1_to_affine(&r, &a); return r }
func g1FromAffine(_ a: bn254_g1_affine) -> bn254_g1 { var a = a, r = bn254_g1(); bn254_g1_from_affine(&r, &a); return r }
func g1OnCurve(_ a: bn254_g1_affine) -> Bool { var a = a; return bn254_g1_affine_is_on_curve(&a) == 1 }

func g2Generator() -> bn254_g2 { var r = bn254_g2(); bn254_g2_generator(&r); return r }
func g2Infinity() -> bn254_g2 { var r = bn254_g2(); bn254_g2_set_infinity(&r); return r }
func g2Add(_ a: bn254_g2, _ b: bn254_g2) -> bn254_g2 { var a = a, b = b, r = a; bn254_g2_add(&r, &a, &b); return r }
func g2AddAffine(_ a: bn254_g2, _ b: bn254_g2_affine) -> bn254_g2 { var a = a, b = b, r = a; bn254_g2_add_affine(&r, &a, &b); return r }
func g2Dbl(_ a: bn254_g2) -> bn254_g2 { var a = a, r = a; bn254_g2_dbl(&r, &a); return r }
func g2Neg(_ a: bn254_g2) -> bn254_g2 { var a = a, r = a; bn254_g2_neg(&r, &a); return r }
func g2Mul(_ a: bn254_g2, _ k: [UInt64]) -> bn254_g2 { var a = a, r = a; bn254_g2_mul(&r, &a, k); return r }
func g2Eq(_ a: bn254_g2, _ b: bn254_g2) -> Bool { var a = a, b = b; return bn254_g2_eq(&a, &b) == 1 }
func g2IsInfinity(_ a: bn254_g2) -> Bool { var a = a; return bn254_g2_is_infinity(&a) == 1 }
func g2Affine(_ a: bn254_g2) -> bn254_g2_affine { var a = a, r = bn254_g2_affine(); bn254_g2_to_affine(&r, &a); return r }
func g2FromAffine(_ a: bn254_g2_affine) -> bn254_g2 { var a = a, r = bn254_g2(); bn254_g2_from_affine(&r, &a); return r }
func g2OnCurve(_ a: bn254_g2_affine) -> Bool { var a = a; return bn254_g2_affine_is_on_curve(&a) == 1 }
func g2InSubgroup(_ a: bn254_g2) -> Bool { var a = a; return bn254_g2_is_in_subgroup(&a) == 1 }

func fpEq(_ a: bn254_fp, _ b: bn254_fp) -> Bool { var a = a, b = b; return bn254_fp_eq(&a, &b) == 1 }
func fp2Eq(_ a: bn254_fp2, _ b: bn254_fp2) -> Bool { var a = a, b = b; return bn254_fp2_eq(&a, &b) == 1 }
func g1AffineEq(_ a: bn254_g1_affine, _ b: bn254_g1_affine) -> Bool { fpEq(a.x, b.x) && fpEq(a.y, b.y) }
func g2AffineEq(_ a: bn254_g2_affine, _ b: bn254_g2_affine) -> Bool { fp2Eq(a.x, b.x) && fp2Eq(a.y, b.y) }

/// Simple left-to-right double-and-add over all 256 bits: the reference for the windowed code.
func g1DoubleAndAdd(_ a: bn254_g1, _ k: [UInt64]) -> bn254_g1 {
    var acc = g1Infinity()
    for i in stride(from: 255, through: 0, by: -1) {
        acc = g1Dbl(acc)
        if (k[i / 64] >> UInt64(i % 64)) & 1 == 1 { acc = g1Add(acc, a) }
    }
    return acc
}

func g2DoubleAndAdd(_ a: bn254_g2, _ k: [UInt64]) -> bn254_g2 {
    var acc = g2Infinity()
    for i in stride(from: 255, through: 0, by: -1) {
        acc = g2Dbl(acc)
        if (k[i / 64] >> UInt64(i % 64)) & 1 == 1 { acc = g2Add(acc, a) }
    }
    return acc
}

/// A uniformly random scalar in [0, r).
func randomScalar(_ rng: inout OracleRNG) -> [UInt64] { GMPInt(limbs: rng.limbs(4)).mod(gmpR).limbs4 }
func randomG1(_ rng: inout OracleRNG) -> bn254_g1 { g1Mul(g1Generator(), randomScalar(&rng)) }
func randomG2(_ rng: inout OracleRNG) -> bn254_g2 { g2Mul(g2Generator(), randomScalar(&rng)) }

/// A point on the twist from a random x; almost never in G2 (the cofactor is about 2^254).
func randomTwistPoint(_ rng: inout OracleRNG) -> bn254_g2_affine {
    while true {
        let x = bn254_fp2(c0: randomFp(&rng), c1: randomFp(&rng))
        var rhs = twistRHS(x), y = x
        if bn254_fp2_sqrt(&y, &rhs) == 1 { return bn254_g2_affine(x: x, y: y) }
    }
}

/// x^3 + b' on the twist.
func twistRHS(_ x: bn254_fp2) -> bn254_fp2 {
    var x = x, b = twistB, sq = x, cube = x, r = x
    bn254_fp2_sqr(&sq, &x)
    bn254_fp2_mul(&cube, &sq, &x)
    bn254_fp2_add(&r, &cube, &b)
    return r
}

/// b' = 3 / (9 + u), computed here from its definition.
let twistB: bn254_fp2 = {
    var xi = bn254_fp2(c0: fpElement(GMPInt(9)), c1: fpElement(GMPInt(1)))
    var inv = xi, three = bn254_fp2(c0: fpElement(GMPInt(3)), c1: bn254_fp_zero), r = xi
    _ = bn254_fp2_inv(&inv, &xi)
    bn254_fp2_mul(&r, &three, &inv)
    return r
}()

// MARK: - fixtures

enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func load<T: Decodable>(_ name: String, as: T.Type) throws -> T {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(T.self, from: data)
    }
}

/// bn254_points.json (scripts/vectors/bn254_oracle.py: py_ecc coordinates, mcl compressed).
struct PointFixtures: Decodable {
    struct Point: Decodable {
        let k: String?
        let x: String?
        let y: String?
        let infinity: Bool?
        let uncompressed: String
        let compressed: String
    }
    struct TwistPoint: Decodable {
        let k: String?
        let x: [String]?
        let y: [String]?
        let infinity: Bool?
        let uncompressed: String
        let compressed: String
    }
    struct Sum: Decodable {
        let a: String
        let b: String
        let g1Sum: String
        let g2Sum: String
    }
    let g1: [Point]
    let g2: [TwistPoint]
    let sums: [Sum]
    let g2OutsideSubgroup: [TwistPoint]

    static func load() throws -> PointFixtures { try Fixtures.load("bn254_points.json", as: PointFixtures.self) }
}

func hexBytes(_ s: String) -> [UInt8] {
    var out: [UInt8] = []
    var i = s.startIndex
    while i < s.endIndex {
        let j = s.index(i, offsetBy: 2)
        out.append(UInt8(s[i..<j], radix: 16)!)
        i = j
    }
    return out
}

func hexString(_ b: [UInt8]) -> String { b.map { String(format: "%02x", $0) }.joined() }

/// 64 hex digits, big-endian, to 4 little-endian limbs.
func hexLimbs(_ s: String) -> [UInt64] {
    let b = hexBytes(s)
    return (0..<4).map { i in (0..<8).reduce(UInt64(0)) { $0 << 8 | UInt64(b[(3 - i) * 8 + $1]) } }
}

func fpFromHex(_ s: String) -> bn254_fp {
    var r = bn254_fp()
    let status = bn254_fp_from_bytes_be(&r, hexBytes(s))
    precondition(status == BN254_OK)
    return r
}

func fixtureG1(_ p: PointFixtures.Point) -> bn254_g1_affine {
    p.infinity == true ? bn254_g1_affine() : bn254_g1_affine(x: fpFromHex(p.x!), y: fpFromHex(p.y!))
}

func fixtureG2(_ p: PointFixtures.TwistPoint) -> bn254_g2_affine {
    guard p.infinity != true, let x = p.x, let y = p.y else { return bn254_g2_affine() }
    return bn254_g2_affine(x: bn254_fp2(c0: fpFromHex(x[0]), c1: fpFromHex(x[1])),
                           y: bn254_fp2(c0: fpFromHex(y[0]), c1: fpFromHex(y[1])))
}
