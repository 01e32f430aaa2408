import CBN254
import XCTest

/// G1 and G2 group law, scalar multiplication and subgroup membership. References: the
/// group axioms, a plain double-and-add loop, the order r, and py_ecc's points (fixtures).
final class CurveTests: XCTestCase {
    let rMinus1 = (gmpR - 1).limbs4
    let rLimbs = limbArray(bn254_fr_modulus)

    func testGeneratorsAreOnTheirCurves() throws {
        XCTAssertTrue(g1OnCurve(g1Affine(g1Generator())))
        XCTAssertTrue(g2OnCurve(g2Affine(g2Generator())))
        let fixtures = try PointFixtures.load()
        // k = 1 in the fixtures: (1, 2) and the EIP-197 generator as printed by py_ecc
        XCTAssertTrue(g1AffineEq(g1Affine(g1Generator()), fixtureG1(fixtures.g1[0])))
        XCTAssertTrue(g2AffineEq(g2Affine(g2Generator()), fixtureG2(fixtures.g2[0])))
        XCTAssertFalse(g1OnCurve(bn254_g1_affine()), "(0, 0) stands for infinity and is on no curve")
        XCTAssertFalse(g2OnCurve(bn254_g2_affine()))
        var offCurve = g1Affine(g1Generator())
        var y = offCurve.y, one = bn254_fp_one
        bn254_fp_add(&offCurve.y, &y, &one)
        XCTAssertFalse(g1OnCurve(offCurve))
    }

    func testG1GroupLaws() {
        var rng = OracleRNG(seed: 101)
        let o = g1Infinity()
        for _ in 0..<50 {
            let p = randomG1(&rng), q = randomG1(&rng), s = randomG1(&rng)
            XCTAssertTrue(g1Eq(g1Add(g1Add(p, q), s), g1Add(p, g1Add(q, s))), "associativity")
            XCTAssertTrue(g1Eq(g1Add(p, q), g1Add(q, p)), "commutativity")
            XCTAssertTrue(g1Eq(g1Add(p, o), p) && g1Eq(g1Add(o, p), p), "identity")
            XCTAssertTrue(g1IsInfinity(g1Add(p, g1Neg(p))), "inverse")
            XCTAssertTrue(g1Eq(g1Add(p, p), g1Dbl(p)), "P + P takes the doubling branch")
            XCTAssertTrue(g1Eq(g1Add(p, g1FromAffine(g1Affine(p))), g1Dbl(p)), "P + P with different Z")
            XCTAssertTrue(g1IsInfinity(g1Add(p, g1FromAffine(g1Affine(g1Neg(p))))), "P - P with different Z")
            XCTAssertTrue(g1Eq(g1AddAffine(p, g1Affine(q)), g1Add(p, q)), "mixed addition")
            XCTAssertTrue(g1Eq(g1AddAffine(p, g1Affine(p)), g1Dbl(p)), "mixed addition of P itself")
            XCTAssertTrue(g1IsInfinity(g1AddAffine(p, g1Affine(g1Neg(p)))), "mixed addition of -P")
            XCTAssertTrue(g1Eq(g1AddAffine(o, g1Affine(q)), q))
            XCTAssertTrue(g1Eq(g1AddAffine(p, bn254_g1_affine()), p))
            XCTAssertTrue(g1OnCurve(g1Affine(g1Add(p, q))))
            XCTAssertTrue(g1Eq(g1FromAffine(g1Affine(p)), p))
        }
        XCTAssertTrue(g1IsInfinity(g1Dbl(o)))
        XCTAssertTrue(g1AffineEq(g1Affine(o), bn254_g1_affine()))
        XCTAssertTrue(g1IsInfinity(g1FromAffine(bn254_g1_affine())))
    }

    func testG2GroupLaws() {
        var rng = OracleRNG(seed: 102)
        let o = g2Infinity()
        for _ in 0..<20 {
            let p = randomG2(&rng), q = randomG2(&rng), s = randomG2(&rng)
            XCTAssertTrue(g2Eq(g2Add(g2Add(p, q), s), g2Add(p, g2Add(q, s))), "associativity")
            XCTAssertTrue(g2Eq(g2Add(p, q), g2Add(q, p)), "commutativity")
            XCTAssertTrue(g2Eq(g2Add(p, o), p) && g2Eq(g2Add(o, p), p), "identity")
            XCTAssertTrue(g2IsInfinity(g2Add(p, g2Neg(p))), "inverse")
            XCTAssertTrue(g2Eq(g2Add(p, p), g2Dbl(p)))
            XCTAssertTrue(g2Eq(g2Add(p, g2FromAffine(g2Affine(p))), g2Dbl(p)))
            XCTAssertTrue(g2IsInfinity(g2Add(p, g2FromAffine(g2Affine(g2Neg(p))))))
            XCTAssertTrue(g2Eq(g2AddAffine(p, g2Affine(q)), g2Add(p, q)), "mixed addition")
            XCTAssertTrue(g2Eq(g2AddAffine(p, g2Affine(p)), g2Dbl(p)))
            XCTAssertTrue(g2IsInfinity(g2AddAffine(p, g2Affine(g2Neg(p)))))
            XCTAssertTrue(g2OnCurve(g2Affine(g2Add(p, q))))
        }
        XCTAssertTrue(g2IsInfinity(g2Dbl(o)))
        XCTAssertTrue(g2AffineEq(g2Affine(o), bn254_g2_affine()))
    }

    /// Edge scalars plus random ones, including values >= r (the API takes any 256-bit k).
    func scalars(_ rng: inout OracleRNG, random: Int) -> [[UInt64]] {
        var out: [[UInt64]] = [[0, 0, 0, 0], [1, 0, 0, 0], [2, 0, 0, 0], rMinus1, rLimbs, (gmpR + 1).limbs4,
                               [UInt64.max, UInt64.max, UInt64.max, UInt64.max], [UInt64.max, UInt64.max, 0, 0]]
        for _ in 0..<random { out.append(rng.limbs(4)) }
        for _ in 0..<random { out.append(randomScalar(&rng)) }
        return out
    }

    func testG1ScalarMulMatchesDoubleAndAdd() {
        var rng = OracleRNG(seed: 103)
        let bases = [g1Generator(), randomG1(&rng), g1Infinity()]
        for base in bases {
            for k in scalars(&rng, random: 40) {
                XCTAssertTrue(g1Eq(g1Mul(base, k), g1DoubleAndAdd(base, k)), "k = \(k)")
            }
        }
    }

    func testG2ScalarMulMatchesDoubleAndAdd() {
        var rng = OracleRNG(seed: 104)
        // a point outside G2 as well: scalar multiplication must hold on the whole twist
        let bases = [g2Generator(), randomG2(&rng), g2FromAffine(randomTwistPoint(&rng)), g2Infinity()]
        for base in bases {
            for k in scalars(&rng, random: 8) {
                XCTAssertTrue(g2Eq(g2Mul(base, k), g2DoubleAndAdd(base, k)), "k = \(k)")
            }
        }
    }

    func testScalarMulMatchesPyEcc() throws {
        let fixtures = try PointFixtures.load()
        for p in fixtures.g1 {
            XCTAssertTrue(g1AffineEq(g1Affine(g1Mul(g1Generator(), hexLimbs(p.k!))), fixtureG1(p)), "k = \(p.k!)")
        }
        for p in fixtures.g2 {
            XCTAssertTrue(g2AffineEq(g2Affine(g2Mul(g2Generator(), hexLimbs(p.k!))), fixtureG2(p)), "k = \(p.k!)")
        }
        for s in fixtures.sums {
            let a = hexLimbs(s.a), b = hexLimbs(s.b)
            var enc1 = [UInt8](repeating: 0, count: 64), enc2 = [UInt8](repeating: 0, count: 128)
            var p = g1Affine(g1Add(g1Mul(g1Generator(), a), g1Mul(g1Generator(), b)))
            var q = g2Affine(g2Add(g2Mul(g2Generator(), a), g2Mul(g2Generator(), b)))
            bn254_g1_encode(&enc1, &p)
            bn254_g2_encode(&enc2, &q)
            XCTAssertEqual(hexString(enc1), s.g1Sum)
            XCTAssertEqual(hexString(enc2), s.g2Sum)
        }
    }

    func testGroupOrder() {
        var rng = OracleRNG(seed: 105)
        for _ in 0..<5 {
            let p = randomG1(&rng), q = randomG2(&rng)
            XCTAssertTrue(g1IsInfinity(g1DoubleAndAdd(p, rLimbs)))
            XCTAssertTrue(g2IsInfinity(g2DoubleAndAdd(q, rLimbs)))
            XCTAssertTrue(g1Eq(g1Mul(p, rMinus1), g1Neg(p)))
            XCTAssertTrue(g2Eq(g2Mul(q, rMinus1), g2Neg(q)))
        }
    }

    func testBatchToAffine() {
        var rng = OracleRNG(seed: 106)
        var g1s = (0..<9).map { _ in randomG1(&rng) }
        g1s[0] = g1Infinity()
        g1s[5] = g1Infinity()
        var out1 = [bn254_g1_affine](repeating: bn254_g1_affine(), count: g1s.count)
        bn254_g1_batch_to_affine(&out1, g1s, g1s.count)
        for (p, a) in zip(g1s, out1) { XCTAssertTrue(g1AffineEq(a, g1Affine(p))) }

        var g2s = (0..<7).map { _ in randomG2(&rng) }
        g2s[6] = g2Infinity()
        var out2 = [bn254_g2_affine](repeating: bn254_g2_affine(), count: g2s.count)
        bn254_g2_batch_to_affine(&out2, g2s, g2s.count)
        for (p, a) in zip(g2s, out2) { XCTAssertTrue(g2AffineEq(a, g2Affine(p))) }

        let none: [bn254_g1] = [g1Infinity()]
        var outNone = [bn254_g1_affine(x: bn254_fp_one, y: bn254_fp_one)]
        bn254_g1_batch_to_affine(&outNone, none, 1)
        XCTAssertTrue(g1AffineEq(outNone[0], bn254_g1_affine()))
    }

    /// The fast psi-based test against the definition [r]Q = O.
    func testG2SubgroupCheck() throws {
        var rng = OracleRNG(seed: 107)
        for _ in 0..<10 { XCTAssertTrue(g2InSubgroup(randomG2(&rng))) }
        XCTAssertTrue(g2InSubgroup(g2Infinity()))
        // #E'(Fq2) = r (2p - r): multiplying by the cofactor 2p - r lands in G2
        let cofactor = (gmpP * 2 - gmpR).limbs4
        var outside = 0
        for _ in 0..<30 {
            let q = g2FromAffine(randomTwistPoint(&rng))
            XCTAssertTrue(g2OnCurve(g2Affine(q)))
            let inG2 = g2IsInfinity(g2Mul(q, rLimbs))
            XCTAssertEqual(g2InSubgroup(q), inG2)
            if !inG2 { outside += 1 }
            let cleared = g2Mul(q, cofactor)
            XCTAssertTrue(g2IsInfinity(g2Mul(cleared, rLimbs)))
            XCTAssertTrue(g2InSubgroup(cleared))
            // a G2 point plus a point outside it is outside
            XCTAssertFalse(g2InSubgroup(g2Add(randomG2(&rng), q)) && !inG2)
        }
        XCTAssertEqual(outside, 30, "random twist points are outside G2 except with probability ~2^-254")
        for p in try PointFixtures.load().g2OutsideSubgroup {
            let q = g2FromAffine(fixtureG2(p))
            XCTAssertTrue(g2OnCurve(fixtureG2(p)))
            XCTAssertFalse(g2InSubgroup(q))
            XCTAssertFalse(g2IsInfinity(g2Mul(q, rLimbs)))
        }
    }
}
