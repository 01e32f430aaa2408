import CBN254
import XCTest

/// Point encodings (docs/encodings.md): uncompressed = EIP-196/197, compressed = mcl's
/// serialization on alt_bn128. Known answers come from py_ecc and mcl (bn254_points.json)
/// and from go-ethereum's EIP-197 test inputs.
final class EncodingTests: XCTestCase {
    func encode1(_ p: bn254_g1_affine) -> [UInt8] { var p = p, o = [UInt8](repeating: 0, count: 64); bn254_g1_encode(&o, &p); return o }
    func encode2(_ p: bn254_g2_affine) -> [UInt8] { var p = p, o = [UInt8](repeating: 0, count: 128); bn254_g2_encode(&o, &p); return o }
    func compress1(_ p: bn254_g1_affine) -> [UInt8] { var p = p, o = [UInt8](repeating: 0, count: 32); bn254_g1_encode_compressed(&o, &p); return o }
    func compress2(_ p: bn254_g2_affine) -> [UInt8] { var p = p, o = [UInt8](repeating: 0, count: 64); bn254_g2_encode_compressed(&o, &p); return o }

    func decode1(_ b: [UInt8]) -> (bn254_status, bn254_g1_affine) { var r = bn254_g1_affine(); return (bn254_g1_decode(&r, b), r) }
    func decode2(_ b: [UInt8]) -> (bn254_status, bn254_g2_affine) { var r = bn254_g2_affine(); return (bn254_g2_decode(&r, b), r) }
    func decompress1(_ b: [UInt8]) -> (bn254_status, bn254_g1_affine) { var r = bn254_g1_affine(); return (bn254_g1_decode_compressed(&r, b), r) }
    func decompress2(_ b: [UInt8]) -> (bn254_status, bn254_g2_affine) { var r = bn254_g2_affine(); return (bn254_g2_decode_compressed(&r, b), r) }

    func testMatchesPyEccAndMcl() throws {
        let fixtures = try PointFixtures.load()
        for p in fixtures.g1 {
            let a = fixtureG1(p)
            XCTAssertEqual(hexString(encode1(a)), p.uncompressed)
            XCTAssertEqual(hexString(compress1(a)), p.compressed, "mcl serialize, k = \(p.k!)")
            let (s1, d1) = decode1(hexBytes(p.uncompressed))
            XCTAssertEqual(s1, BN254_OK)
            XCTAssertTrue(g1AffineEq(d1, a))
            let (s2, d2) = decompress1(hexBytes(p.compressed))
            XCTAssertEqual(s2, BN254_OK)
            XCTAssertTrue(g1AffineEq(d2, a), "decompressing mcl's bytes, k = \(p.k!)")
        }
        for p in fixtures.g2 {
            let a = fixtureG2(p)
            XCTAssertEqual(hexString(encode2(a)), p.uncompressed)
            XCTAssertEqual(hexString(compress2(a)), p.compressed, "mcl serialize, k = \(p.k!)")
            let (s1, d1) = decode2(hexBytes(p.uncompressed))
            XCTAssertEqual(s1, BN254_OK)
            XCTAssertTrue(g2AffineEq(d1, a))
            let (s2, d2) = decompress2(hexBytes(p.compressed))
            XCTAssertEqual(s2, BN254_OK)
            XCTAssertTrue(g2AffineEq(d2, a), "decompressing mcl's bytes, k = \(p.k!)")
        }
    }

    /// The points inside go-ethereum's precompile inputs decode with the EIP-197 layout.
    func testGethPrecompileInputsDecode() throws {
        var count = 0
        for c in try GethPairingCases.load() {
            let data = hexBytes(c.input)
            for off in stride(from: 0, to: data.count, by: 192) {
                let (s1, p) = decode1(Array(data[off..<off + 64]))
                let (s2, q) = decode2(Array(data[off + 64..<off + 192]))
                XCTAssertEqual(s1, BN254_OK, c.name)
                XCTAssertEqual(s2, BN254_OK, c.name)
                XCTAssertEqual(encode1(p), Array(data[off..<off + 64]))
                XCTAssertEqual(encode2(q), Array(data[off + 64..<off + 192]))
                count += 1
            }
        }
        XCTAssertGreaterThan(count, 15)
    }

    func testRoundTrips() {
        var rng = OracleRNG(seed: 201)
        var g1s = (0..<40).map { _ in g1Affine(randomG1(&rng)) }
        var g2s = (0..<10).map { _ in g2Affine(randomG2(&rng)) }
        g1s.append(bn254_g1_affine())
        g2s.append(bn254_g2_affine())
        for p in g1s {
            XCTAssertTrue(g1AffineEq(decode1(encode1(p)).1, p))
            let (s, d) = decompress1(compress1(p))
            XCTAssertEqual(s, BN254_OK)
            XCTAssertTrue(g1AffineEq(d, p))
        }
        for p in g2s {
            XCTAssertTrue(g2AffineEq(decode2(encode2(p)).1, p))
            let (s, d) = decompress2(compress2(p))
            XCTAssertEqual(s, BN254_OK)
            XCTAssertTrue(g2AffineEq(d, p))
        }
        XCTAssertEqual(encode1(bn254_g1_affine()), [UInt8](repeating: 0, count: 64))
        XCTAssertEqual(compress2(bn254_g2_affine()), [UInt8](repeating: 0, count: 64))
    }

    let pBE = GMPInt(limbs: limbArray(bn254_fp_modulus)).bytesBE

    func testUncompressedRejections() throws {
        let g = encode1(g1Affine(g1Generator()))
        var bad = g
        bad.replaceSubrange(0..<32, with: pBE)
        XCTAssertEqual(decode1(bad).0, BN254_ERR_NONCANONICAL, "x = p")
        bad = g
        bad.replaceSubrange(32..<64, with: [UInt8](repeating: 0xff, count: 32))
        XCTAssertEqual(decode1(bad).0, BN254_ERR_NONCANONICAL, "y = 2^256 - 1")
        bad = g
        bad[63] ^= 1
        XCTAssertEqual(decode1(bad).0, BN254_ERR_NOT_ON_CURVE)
        bad = [UInt8](repeating: 0, count: 64)
        bad[63] = 1  // (0, 1): not infinity, not on the curve
        XCTAssertEqual(decode1(bad).0, BN254_ERR_NOT_ON_CURVE)

        let h = encode2(g2Affine(g2Generator()))
        for slot in 0..<4 {
            bad = h
            bad.replaceSubrange(slot * 32..<slot * 32 + 32, with: pBE)
            XCTAssertEqual(decode2(bad).0, BN254_ERR_NONCANONICAL, "slot \(slot)")
        }
        bad = h
        bad[127] ^= 1
        XCTAssertEqual(decode2(bad).0, BN254_ERR_NOT_ON_CURVE)
        // swapping c0 and c1 (the classic EIP-197 mistake) leaves the curve
        bad = h
        bad.replaceSubrange(0..<32, with: h[32..<64])
        bad.replaceSubrange(32..<64, with: h[0..<32])
        XCTAssertNotEqual(decode2(bad).0, BN254_OK)
        for p in try PointFixtures.load().g2OutsideSubgroup {
            XCTAssertEqual(decode2(hexBytes(p.uncompressed)).0, BN254_ERR_NOT_IN_SUBGROUP)
        }
        var rng = OracleRNG(seed: 202)
        XCTAssertEqual(decode2(encode2(randomTwistPoint(&rng))).0, BN254_ERR_NOT_IN_SUBGROUP)
    }

    func testCompressedRejections() throws {
        let g = compress1(g1Affine(g1Generator()))
        var bad = g
        bad[31] |= 0x40
        XCTAssertEqual(decompress1(bad).0, BN254_ERR_BAD_FLAGS, "reserved bit")
        bad = [UInt8](repeating: 0, count: 32)
        bad[31] = 0x80
        XCTAssertEqual(decompress1(bad).0, BN254_ERR_BAD_FLAGS, "infinity with a y flag")
        bad = Array(pBE.reversed())
        XCTAssertEqual(decompress1(bad).0, BN254_ERR_NONCANONICAL, "x = p")
        // smallest x with no point: x^3 + 3 a non-square
        var x: UInt = 1
        while (GMPInt(x) * GMPInt(x) * GMPInt(x) + 3).legendre(gmpP) != -1 { x += 1 }
        bad = [UInt8](repeating: 0, count: 32)
        bad[0] = UInt8(x)
        XCTAssertEqual(decompress1(bad).0, BN254_ERR_NOT_A_SQUARE, "x = \(x)")

        let h = compress2(g2Affine(g2Generator()))
        bad = h
        bad[63] |= 0x40
        XCTAssertEqual(decompress2(bad).0, BN254_ERR_BAD_FLAGS)
        bad = [UInt8](repeating: 0, count: 64)
        bad[63] = 0x80
        XCTAssertEqual(decompress2(bad).0, BN254_ERR_BAD_FLAGS)
        bad = h
        bad.replaceSubrange(0..<32, with: pBE.reversed())
        XCTAssertEqual(decompress2(bad).0, BN254_ERR_NONCANONICAL, "x.c0 = p")
        bad = h
        bad[31] |= 0x80
        XCTAssertEqual(decompress2(bad).0, BN254_ERR_NONCANONICAL, "x.c0 >= 2^255 carries no flag")
        bad = h
        bad.replaceSubrange(32..<64, with: pBE.reversed())
        XCTAssertEqual(decompress2(bad).0, BN254_ERR_NONCANONICAL, "x.c1 = p")
        for p in try PointFixtures.load().g2OutsideSubgroup {
            XCTAssertEqual(decompress2(hexBytes(p.compressed)).0, BN254_ERR_NOT_IN_SUBGROUP)
        }
        // an x in Fq2 with no y: about half of all x
        var rng = OracleRNG(seed: 203)
        var found = false
        for _ in 0..<64 where !found {
            var xv = bn254_fp2(c0: randomFp(&rng), c1: randomFp(&rng))
            var rhs = twistRHS(xv), y = xv
            if bn254_fp2_sqrt(&y, &rhs) == 0 {
                var enc = [UInt8](repeating: 0, count: 64)
                bn254_fp_to_bytes_le(&enc, &xv.c0)
                var hi = [UInt8](repeating: 0, count: 32)
                bn254_fp_to_bytes_le(&hi, &xv.c1)
                enc.replaceSubrange(32..<64, with: hi)
                XCTAssertEqual(decompress2(enc).0, BN254_ERR_NOT_A_SQUARE)
                found = true
            }
        }
        XCTAssertTrue(found)
    }
}
