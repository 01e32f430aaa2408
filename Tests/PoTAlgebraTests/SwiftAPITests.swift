import PoTAlgebra
import XCTest

/// The Swift value types over the kernels: text, bytes, operators, randomness. The kernels
/// themselves are checked against GMP and py_ecc in the oracle tests beside this file.
final class SwiftAPITests: XCTestCase {
    static let r = "21888242871839275222246405745257275088548364400416034343698204186575808495617"
    static let p = "21888242871839275222246405745257275088696311157297823662689037894645226208583"

    func testDecimalAndHexText() throws {
        let minusOne = -Fr.one
        XCTAssertEqual(minusOne.description, "21888242871839275222246405745257275088548364400416034343698204186575808495616")
        XCTAssertEqual(Fr("21888242871839275222246405745257275088548364400416034343698204186575808495616"), minusOne)
        XCTAssertEqual(Fr("0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000000"), minusOne)
        XCTAssertEqual(Fq(Self.p), nil, "the modulus itself is not a field element")
        XCTAssertEqual(Fr(Self.r), nil)
        XCTAssertEqual(Fr("-1"), nil)
        XCTAssertEqual(Fr("12a"), nil)
        XCTAssertEqual(Fr(""), nil)
        XCTAssertEqual(Fr("0x"), nil)
        XCTAssertEqual(Fq(Self.p + "0"), nil, "values wider than 256 bits are rejected")
        XCTAssertEqual(Fr(123_456_789).hex, "0x75bcd15")
        var rng = SeededRandom(seed: 1)
        for _ in 0..<200 {
            let x = Fq.random(using: &rng)
            XCTAssertEqual(Fq(x.description), x)
            XCTAssertEqual(Fq(x.hex), x)
        }
    }

    func testBytesRoundTripAndRejection() throws {
        var rng = SeededRandom(seed: 2)
        for _ in 0..<200 {
            let x = Fr.random(using: &rng)
            XCTAssertEqual(try Fr(bytes: x.bytes()), x)
            XCTAssertEqual(try Fr(bytes: x.bytes(bigEndian: false), bigEndian: false), x)
            XCTAssertEqual(x.bytes(), x.bytes(bigEndian: false).reversed())
        }
        let modulusBytes = Array(Fr.modulus.reversed().flatMap { limb in (0..<8).reversed().map { UInt8(truncatingIfNeeded: limb >> (8 * $0)) } })
        XCTAssertThrowsError(try Fr(bytes: modulusBytes)) { XCTAssertEqual($0 as? AlgebraError, .nonCanonical) }
        XCTAssertThrowsError(try Fr(bytes: [1, 2, 3])) { XCTAssertEqual($0 as? AlgebraError, .wrongLength(expected: 32, got: 3)) }
    }

    func testFieldOperatorsAgree() {
        var rng = SeededRandom(seed: 3)
        for _ in 0..<500 {
            let a = Fr.random(using: &rng), b = Fr.random(using: &rng), c = Fr.random(using: &rng)
            XCTAssertEqual(a * (b + c), a * b + a * c)
            XCTAssertEqual(a - b, a + -b)
            XCTAssertEqual(a.squared, a * a)
            if let inv = a.inverse { XCTAssertEqual(a * inv, .one) }
            XCTAssertEqual(a.power(5), a * a * a * a * a)
        }
        XCTAssertNil(Fr.zero.inverse)
        let xs = (0..<33).map { $0 % 7 == 0 ? Fr.zero : Fr.random(using: &rng) }
        XCTAssertEqual(Fr.batchInverse(xs), xs.map { $0.inverse ?? .zero })
        XCTAssertEqual(Fr.batchInverse([]), [])
    }

    func testRootsOfUnity() {
        for k in [0, 1, 5, 28] {
            let w = Fr.rootOfUnity(log2Order: k)
            XCTAssertEqual(w.power(UInt64(1) << k), .one)
            if k > 0 { XCTAssertEqual(w.power(UInt64(1) << (k - 1)), -Fr.one) }
        }
    }

    func testSeededRandomIsReproducibleAndSecureRandomVaries() {
        var a = SeededRandom(seed: 42), b = SeededRandom(seed: 42), c = SeededRandom(seed: 43)
        let xs = (0..<8).map { _ in a.next() }
        XCTAssertEqual(xs, (0..<8).map { _ in b.next() })
        XCTAssertNotEqual(xs, (0..<8).map { _ in c.next() })
        XCTAssertNotEqual(Fr.random(), Fr.random())
        XCTAssertEqual(Set((0..<100).map { _ in Fr.random() }).count, 100)
    }

    func testFieldSquareRoot() {
        var rng = SeededRandom(seed: 4)
        var squares = 0
        for _ in 0..<200 {
            let x = Fq.random(using: &rng)
            if let s = x.squareRoot { XCTAssertEqual(s.squared, x); squares += 1 }
            XCTAssertNotNil(x.squared.squareRoot)
        }
        XCTAssert((60...140).contains(squares), "about half of Fq is square")
    }

    func testGroupOperatorsAndEncodings() throws {
        var rng = SeededRandom(seed: 5)
        let a = Fr.random(using: &rng), b = Fr.random(using: &rng)
        let p = G1.generator * a, q = G2.generator * b
        XCTAssertEqual(p + G1.generator * b, G1.generator * (a + b))
        XCTAssertEqual(q - q, .infinity)
        XCTAssertEqual(p.doubled, p + p)
        XCTAssertTrue(G1.infinity.isInfinity)
        XCTAssertNil(G1.infinity.coordinates)
        for point in [p, G1.infinity, G1.generator] {
            XCTAssertEqual(try G1(bytes: point.encoded()), point)
            XCTAssertEqual(try G1(bytes: point.compressed()), point)
        }
        for point in [q, G2.infinity, G2.generator] {
            XCTAssertEqual(try G2(bytes: point.encoded()), point)
            XCTAssertEqual(try G2(bytes: point.compressed()), point)
            XCTAssertTrue(point.isInSubgroup)
        }
        XCTAssertThrowsError(try G1(bytes: [UInt8](repeating: 0, count: 10)))
        let (x, y) = try XCTUnwrap(G1.generator.coordinates)
        XCTAssertEqual(x, 1)
        XCTAssertEqual(y, 2)
        XCTAssertEqual(try G1(x: 1, y: 2), G1.generator)
        XCTAssertThrowsError(try G1(x: 1, y: 3)) { XCTAssertEqual($0 as? AlgebraError, .notOnCurve) }
        let affine = G1.batchAffine([p, G1.infinity, G1.generator])
        XCTAssertEqual(affine.map { G1(affine: $0) }, [p, G1.infinity, G1.generator])
        XCTAssertEqual(Set([p, p + .infinity, G1.generator]).count, 2, "hashing follows equality across representations")
    }

    func testPairingThroughTheSwiftAPI() {
        var rng = SeededRandom(seed: 6)
        let a = Fr.random(using: &rng), b = Fr.random(using: &rng)
        let e = pairing(.generator, .generator)
        XCTAssertFalse(e.isOne)
        XCTAssertEqual(pairing(G1.generator * a, G2.generator * b), e.power(a * b))
        XCTAssertEqual(e * e.inverse, .one)
        XCTAssertTrue(pairingCheck([(G1.generator * a, G2.generator * b), (-(G1.generator * (a * b)), .generator)]))
        XCTAssertFalse(pairingCheck([(G1.generator * a, G2.generator * b), (-(G1.generator * a), .generator)]))
        XCTAssertTrue(pairingCheck([]))
        XCTAssertEqual(GT.one.bytes(), Fq.one.bytes() + [UInt8](repeating: 0, count: 352))
        XCTAssertEqual(Set([e, e * .one, e.power(a)]).count, 2)
    }
}
