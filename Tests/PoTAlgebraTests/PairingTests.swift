import CBN254
import XCTest

/// eip197_geth_pairing.json: go-ethereum's EIP-197 precompile cases (a copied subset).
struct GethPairingCases: Decodable {
    struct Case: Decodable {
        let name: String
        let input: String
        let expected: String
        enum CodingKeys: String, CodingKey { case name = "Name", input = "Input", expected = "Expected" }
    }
    let cases: [Case]

    static func load() throws -> [Case] { try Fixtures.load("eip197_geth_pairing.json", as: GethPairingCases.self).cases }
}

/// bn254_pairing.json: e([a]G1, [b]G2) from py_ecc (scripts/vectors/bn254_oracle.py).
struct PairingFixtures: Decodable {
    struct Case: Decodable {
        let a: String
        let b: String
        let g1: String
        let g2: String
        let e: [String]
    }
    let cases: [Case]
}

/// The optimal ate pairing: known answers from py_ecc (also tied to mcl by the generator
/// script) and go-ethereum's precompile vectors, plus bilinearity and non-degeneracy.
final class PairingTests: XCTestCase {
    func pairing(_ p: bn254_g1_affine, _ q: bn254_g2_affine) -> bn254_fp12 {
        var p = p, q = q, r = bn254_fp12()
        bn254_pairing(&r, &p, &q)
        return r
    }

    func check(_ ps: [bn254_g1_affine], _ qs: [bn254_g2_affine]) -> Bool {
        bn254_pairing_check(ps, qs, ps.count) == 1
    }

    func eq(_ a: bn254_fp12, _ b: bn254_fp12) -> Bool { var a = a, b = b; return bn254_fp12_eq(&a, &b) == 1 }
    func isOne(_ a: bn254_fp12) -> Bool { var a = a; return bn254_fp12_is_one(&a) == 1 }
    func mul(_ a: bn254_fp12, _ b: bn254_fp12) -> bn254_fp12 { var a = a, b = b, r = a; bn254_fp12_mul(&r, &a, &b); return r }
    func pow(_ a: bn254_fp12, _ e: GMPInt) -> bn254_fp12 { var a = a, r = a; bn254_fp12_pow(&r, &a, e.limbs4, 4); return r }

    /// The 12 coefficients in the order c0.c0.c0, c0.c0.c1, ..., c1.c2.c1.
    func coefficients(_ f: bn254_fp12) -> [bn254_fp] {
        [f.c0.c0.c0, f.c0.c0.c1, f.c0.c1.c0, f.c0.c1.c1, f.c0.c2.c0, f.c0.c2.c1,
         f.c1.c0.c0, f.c1.c0.c1, f.c1.c1.c0, f.c1.c1.c1, f.c1.c2.c0, f.c1.c2.c1]
    }

    func testKnownAnswersFromPyEcc() throws {
        let fixtures = try Fixtures.load("bn254_pairing.json", as: PairingFixtures.self)
        XCTAssertEqual(fixtures.cases.count, 4)
        for c in fixtures.cases {
            var p = bn254_g1_affine(), q = bn254_g2_affine()
            XCTAssertEqual(bn254_g1_decode(&p, hexBytes(c.g1)), BN254_OK)
            XCTAssertEqual(bn254_g2_decode(&q, hexBytes(c.g2)), BN254_OK)
            XCTAssertTrue(g1AffineEq(p, g1Affine(g1Mul(g1Generator(), hexLimbs(c.a)))))
            XCTAssertTrue(g2AffineEq(q, g2Affine(g2Mul(g2Generator(), hexLimbs(c.b)))))
            let e = coefficients(pairing(p, q))
            for (mine, theirs) in zip(e, c.e) { XCTAssertTrue(fpEq(mine, fpFromHex(theirs)), "a = \(c.a), b = \(c.b)") }
        }
    }

    func testGethPrecompileVectors() throws {
        for c in try GethPairingCases.load() {
            let data = hexBytes(c.input)
            var ps: [bn254_g1_affine] = [], qs: [bn254_g2_affine] = []
            for off in stride(from: 0, to: data.count, by: 192) {
                var p = bn254_g1_affine(), q = bn254_g2_affine()
                XCTAssertEqual(bn254_g1_decode(&p, Array(data[off..<off + 64])), BN254_OK)
                XCTAssertEqual(bn254_g2_decode(&q, Array(data[off + 64..<off + 192])), BN254_OK)
                ps.append(p)
                qs.append(q)
            }
            XCTAssertEqual(check(ps, qs), hexLimbs(c.expected)[0] == 1, c.name)
        }
    }

    func testBilinearity() {
        var rng = OracleRNG(seed: 301)
        let g = g1Generator(), h = g2Generator()
        let base = pairing(g1Affine(g), g2Affine(h))
        for _ in 0..<4 {
            let a = randomScalar(&rng), b = randomScalar(&rng)
            let lhs = pairing(g1Affine(g1Mul(g, a)), g2Affine(g2Mul(h, b)))
            let ab = (GMPInt(limbs: a) * GMPInt(limbs: b)).mod(gmpR)
            XCTAssertTrue(eq(lhs, pow(base, ab)), "e(aP, bQ) = e(P, Q)^(ab)")
            // linearity in each argument separately, for points other than the generators
            let p = randomG1(&rng), q = randomG2(&rng), p2 = randomG1(&rng)
            XCTAssertTrue(eq(pairing(g1Affine(g1Add(p, p2)), g2Affine(q)),
                             mul(pairing(g1Affine(p), g2Affine(q)), pairing(g1Affine(p2), g2Affine(q)))))
            XCTAssertTrue(eq(pairing(g1Affine(p), g2Affine(g2Mul(q, a))), pow(pairing(g1Affine(p), g2Affine(q)), GMPInt(limbs: a))))
        }
    }

    func testNonDegeneracyAndOrder() {
        let e = pairing(g1Affine(g1Generator()), g2Affine(g2Generator()))
        XCTAssertFalse(isOne(e))
        XCTAssertTrue(isOne(pow(e, gmpR)), "e(P, Q) has order r")
        XCTAssertTrue(isOne(pairing(bn254_g1_affine(), g2Affine(g2Generator()))), "e(O, Q) = 1")
        XCTAssertTrue(isOne(pairing(g1Affine(g1Generator()), bn254_g2_affine())), "e(P, O) = 1")
    }

    func testInverses() {
        var rng = OracleRNG(seed: 302)
        let p = g1Affine(randomG1(&rng)), q = g2Affine(randomG2(&rng))
        let np = g1Affine(g1Neg(g1FromAffine(p))), nq = g2Affine(g2Neg(g2FromAffine(q)))
        XCTAssertTrue(isOne(mul(pairing(p, q), pairing(np, q))), "e(P, Q) e(-P, Q) = 1")
        XCTAssertTrue(check([p, np], [q, q]))
        XCTAssertTrue(check([p, p], [q, nq]))
        XCTAssertFalse(check([p, p], [q, q]))
        XCTAssertTrue(check([], []), "the empty product is 1")
    }

    /// Several pairs whose exponents sum to 0 mod r, across the loop's chunks of 16.
    func testPairingCheckSeveralPairs() {
        var rng = OracleRNG(seed: 303)
        for n in [2, 3, 5, 17, 33] {
            var ps: [bn254_g1_affine] = [], qs: [bn254_g2_affine] = []
            var sum = GMPInt(0)
            for _ in 0..<(n - 1) {
                let a = randomScalar(&rng), b = randomScalar(&rng)
                ps.append(g1Affine(g1Mul(g1Generator(), a)))
                qs.append(g2Affine(g2Mul(g2Generator(), b)))
                sum = (sum + GMPInt(limbs: a) * GMPInt(limbs: b)).mod(gmpR)
            }
            ps.append(g1Affine(g1Mul(g1Generator(), (gmpR - sum).mod(gmpR).limbs4)))
            qs.append(g2Affine(g2Generator()))
            XCTAssertTrue(check(ps, qs), "n = \(n)")
            // infinity pairs contribute 1
            XCTAssertTrue(check(ps + [bn254_g1_affine()], qs + [g2Affine(g2Generator())]))
            ps[n / 2] = g1Affine(g1Dbl(g1FromAffine(ps[n / 2])))
            XCTAssertFalse(check(ps, qs), "n = \(n), one pair perturbed")
        }
    }

    func testMultiMillerLoopMatchesProductOfPairings() {
        var rng = OracleRNG(seed: 304)
        let ps = (0..<3).map { _ in g1Affine(randomG1(&rng)) }
        let qs = (0..<3).map { _ in g2Affine(randomG2(&rng)) }
        var f = bn254_fp12(), e = bn254_fp12()
        bn254_miller_loop(&f, ps, qs, 3)
        bn254_final_exponentiation(&e, &f)
        let product = (0..<3).reduce(bn254_fp12_one) { mul($0, pairing(ps[$1], qs[$1])) }
        XCTAssertTrue(eq(e, product))
    }
}
