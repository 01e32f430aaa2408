import CBN254
import CGMP
import XCTest

/// The C entry points of one prime field, so that one oracle test body checks Fq and Fr.
struct OracleField<E: Sendable>: Sendable {
    typealias Binary = @Sendable (UnsafeMutablePointer<E>?, UnsafePointer<E>?, UnsafePointer<E>?) -> Void
    typealias Unary = @Sendable (UnsafeMutablePointer<E>?, UnsafePointer<E>?) -> Void

    let name: String
    let modulus: GMPInt
    let zero: E, one: E
    let add: Binary, sub: Binary, mul: Binary
    let neg: Unary, dbl: Unary, sqr: Unary
    let inv: @Sendable (UnsafeMutablePointer<E>?, UnsafePointer<E>?) -> Int32
    let batchInv: @Sendable (UnsafeMutablePointer<E>?, UnsafePointer<E>?, Int, UnsafeMutablePointer<E>?) -> Void
    let pow: @Sendable (UnsafeMutablePointer<E>?, UnsafePointer<E>?, UnsafePointer<UInt64>?, Int) -> Void
    let isZero: @Sendable (UnsafePointer<E>?) -> Int32
    let isOne: @Sendable (UnsafePointer<E>?) -> Int32
    let eq: @Sendable (UnsafePointer<E>?, UnsafePointer<E>?) -> Int32
    let fromU64: @Sendable (UnsafeMutablePointer<E>?, UInt64) -> Void
    let fromCanonical: @Sendable (UnsafeMutablePointer<E>?, UnsafePointer<UInt64>?) -> bn254_status
    let toCanonical: @Sendable (UnsafeMutablePointer<UInt64>?, UnsafePointer<E>?) -> Void
    let fromBytesBE: @Sendable (UnsafeMutablePointer<E>?, UnsafePointer<UInt8>?) -> bn254_status
    let fromBytesLE: @Sendable (UnsafeMutablePointer<E>?, UnsafePointer<UInt8>?) -> bn254_status
    let toBytesBE: @Sendable (UnsafeMutablePointer<UInt8>?, UnsafePointer<E>?) -> Void
    let toBytesLE: @Sendable (UnsafeMutablePointer<UInt8>?, UnsafePointer<E>?) -> Void
    let fromWideLE: @Sendable (UnsafeMutablePointer<E>?, UnsafePointer<UInt8>?) -> Void

    func element(_ x: GMPInt) -> E {
        var r = zero
        XCTAssertEqual(fromCanonical(&r, x.mod(modulus).limbs4), BN254_OK)
        return r
    }

    /// The canonical value of a; also checks the kernel invariant that the stored
    /// Montgomery limbs are < m (to_canonical alone would hide an unreduced m for 0).
    func value(_ a: E, file: StaticString = #filePath, line: UInt = #line) -> GMPInt {
        var a = a
        let raw = withUnsafeBytes(of: a) { GMPInt(limbs: Array($0.bindMemory(to: UInt64.self))) }
        if !(raw < modulus) { XCTFail("\(name): stored limbs not reduced", file: file, line: line) }
        var out = [UInt64](repeating: 0, count: 4)
        toCanonical(&out, &a)
        return GMPInt(limbs: out)
    }

    func binary(_ f: Binary, _ a: E, _ b: E) -> E {
        var a = a, b = b, r = zero
        f(&r, &a, &b)
        return r
    }

    func unary(_ f: Unary, _ a: E) -> E {
        var a = a, r = zero
        f(&r, &a)
        return r
    }
}

let fpOracleField = OracleField<bn254_fp>(
    name: "Fq", modulus: gmpP, zero: bn254_fp_zero, one: bn254_fp_one,
    add: bn254_fp_add, sub: bn254_fp_sub, mul: bn254_fp_mul,
    neg: bn254_fp_neg, dbl: bn254_fp_dbl, sqr: bn254_fp_sqr,
    inv: bn254_fp_inv, batchInv: bn254_fp_batch_inv, pow: bn254_fp_pow,
    isZero: bn254_fp_is_zero, isOne: bn254_fp_is_one, eq: bn254_fp_eq, fromU64: bn254_fp_from_u64,
    fromCanonical: bn254_fp_from_canonical, toCanonical: bn254_fp_to_canonical,
    fromBytesBE: bn254_fp_from_bytes_be, fromBytesLE: bn254_fp_from_bytes_le,
    toBytesBE: bn254_fp_to_bytes_be, toBytesLE: bn254_fp_to_bytes_le,
    fromWideLE: bn254_fp_from_bytes_wide_le)

let frOracleField = OracleField<bn254_fr>(
    name: "Fr", modulus: gmpR, zero: bn254_fr_zero, one: bn254_fr_one,
    add: bn254_fr_add, sub: bn254_fr_sub, mul: bn254_fr_mul,
    neg: bn254_fr_neg, dbl: bn254_fr_dbl, sqr: bn254_fr_sqr,
    inv: bn254_fr_inv, batchInv: bn254_fr_batch_inv, pow: bn254_fr_pow,
    isZero: bn254_fr_is_zero, isOne: bn254_fr_is_one, eq: bn254_fr_eq, fromU64: bn254_fr_from_u64,
    fromCanonical: bn254_fr_from_canonical, toCanonical: bn254_fr_to_canonical,
    fromBytesBE: bn254_fr_from_bytes_be, fromBytesLE: bn254_fr_from_bytes_le,
    toBytesBE: bn254_fr_to_bytes_be, toBytesLE: bn254_fr_to_bytes_le,
    fromWideLE: bn254_fr_from_bytes_wide_le)

/// Every Fq and Fr kernel operation against GMP: 10^5 seeded random inputs per operation,
/// plus the edge values 0, 1, m-1, m-2 in every combination.
final class PrimeFieldOracleTests: XCTestCase {
    static let iterations = 100_000

    /// 0, 1, m-1, m-2 and two values around 2^255 mod m (top-bit patterns).
    static func edgeValues(_ m: GMPInt) -> [GMPInt] {
        [GMPInt(0), GMPInt(1), m - 1, m - 2, GMPInt(1).shiftedLeft(255).mod(m), (m - 1).shiftedRight(1)]
    }

    /// Random field inputs: uniform 256-bit integers reduced mod m, with every third one
    /// masked to a few limbs so that short and sparse values appear too.
    static func randomValue(_ rng: inout OracleRNG, _ m: GMPInt) -> GMPInt {
        var l = rng.limbs(4)
        switch rng.next() % 6 {
        case 0: l[1] = 0; l[2] = 0; l[3] = 0
        case 1: l[3] = 0
        default: break
        }
        return GMPInt(limbs: l).mod(m)
    }

    func checkArithmetic<E: Sendable>(_ f: OracleField<E>, seed: UInt64) {
        let m = f.modulus
        var rng = OracleRNG(seed: seed)
        var pairs: [(GMPInt, GMPInt)] = []
        let edges = Self.edgeValues(m)
        for a in edges { for b in edges { pairs.append((a, b)) } }
        for _ in 0..<Self.iterations { pairs.append((Self.randomValue(&rng, m), Self.randomValue(&rng, m))) }

        var failures = 0
        for (i, (x, y)) in pairs.enumerated() {
            let a = f.element(x), b = f.element(y)
            let expected: [(String, E, GMPInt)] = [
                ("add", f.binary(f.add, a, b), (x + y).mod(m)),
                ("sub", f.binary(f.sub, a, b), (x - y).mod(m)),
                ("mul", f.binary(f.mul, a, b), (x * y).mod(m)),
                ("neg", f.unary(f.neg, a), (-x).mod(m)),
                ("dbl", f.unary(f.dbl, a), (x + x).mod(m)),
                ("sqr", f.unary(f.sqr, a), (x * x).mod(m)),
            ]
            for (op, got, want) in expected where !(f.value(got) == want) {
                failures += 1
                if failures < 10 { XCTFail("\(f.name) \(op) case \(i)") }
            }
            // Output aliasing an input.
            var c = a
            withUnsafeMutablePointer(to: &c) { p in f.mul(p, p, p) }
            if !(f.value(c) == (x * x).mod(m)) { failures += 1; XCTFail("\(f.name) aliased mul case \(i)") }
            var d = a
            withUnsafeMutablePointer(to: &d) { p in
                var bb = b
                f.sub(p, p, &bb)
            }
            if !(f.value(d) == (x - y).mod(m)) { failures += 1; XCTFail("\(f.name) aliased sub case \(i)") }
        }
        XCTAssertEqual(failures, 0)
    }

    func testFqArithmeticMatchesGMP() { checkArithmetic(fpOracleField, seed: 1) }
    func testFrArithmeticMatchesGMP() { checkArithmetic(frOracleField, seed: 2) }

    func checkInverseAndPow<E: Sendable>(_ f: OracleField<E>, seed: UInt64) {
        let m = f.modulus
        var rng = OracleRNG(seed: seed)
        var inputs = Self.edgeValues(m)
        for _ in 0..<Self.iterations { inputs.append(Self.randomValue(&rng, m)) }
        var failures = 0
        for (i, x) in inputs.enumerated() {
            var a = f.element(x), r = f.one
            let ok = f.inv(&r, &a)
            if let want = x.invert(m) {
                if ok != 1 || !(f.value(r) == want) { failures += 1 }
            } else if ok != 0 || f.isZero(&r) != 1 {
                failures += 1
            }
            // Exponents of 0 to 4 limbs; a 4-limb exponent can exceed the modulus.
            let n = i % 5
            let e = rng.limbs(n)
            var p = f.zero
            f.pow(&p, &a, e, n)
            let want = x.powm(GMPInt(limbs: e.isEmpty ? [0] : e), m)
            if !(f.value(p) == want) {
                failures += 1
                if failures < 10 { XCTFail("\(f.name) pow case \(i) limbs \(n)") }
            }
        }
        XCTAssertEqual(failures, 0, "\(f.name) inverse/pow")
    }

    func testFqInverseAndPowMatchGMP() { checkInverseAndPow(fpOracleField, seed: 3) }
    func testFrInverseAndPowMatchGMP() { checkInverseAndPow(frOracleField, seed: 4) }

    /// The tests above run the field-multiplication path the kernel selection chose (bn254.h:
    /// MULX/ADCX/ADOX on x86-64 with BMI2/ADX, unless POT_KERNELS says otherwise). This runs the
    /// same GMP checks, with other seeds, on each other path this CPU has: the portable C and,
    /// where supported, the ADX code.
    func testArithmeticMatchesGMPOnTheOtherFieldPaths() {
        let chosen = bn254_kernel_features()
        defer { bn254_select_kernels(chosen) }
        let adx = UInt32(BN254_KERNEL_ADX.rawValue)
        var paths = [UInt32(0)]
        if bn254_kernel_features_supported() & adx != 0 { paths.append(adx) }
        var ran = 0
        for path in paths where path != chosen & adx {
            XCTAssertEqual(bn254_select_kernels(path), path)
            checkArithmetic(fpOracleField, seed: 21 + UInt64(path))
            checkArithmetic(frOracleField, seed: 23 + UInt64(path))
            checkInverseAndPow(fpOracleField, seed: 25 + UInt64(path))
            checkInverseAndPow(frOracleField, seed: 27 + UInt64(path))
            ran += 1
        }
        XCTAssertEqual(ran, paths.count - 1, "every path but the chosen one ran")
    }

    func checkBatchInverse<E: Sendable>(_ f: OracleField<E>, seed: UInt64) {
        let m = f.modulus
        var rng = OracleRNG(seed: seed)
        for n in [0, 1, 2, 7, 1000] {
            // Zeros at the ends and scattered, so skipping them is exercised everywhere.
            let values = (0..<n).map { i -> GMPInt in
                (i == 0 || i == n - 1 || rng.next() % 8 == 0) ? GMPInt(0) : Self.randomValue(&rng, m)
            }
            let input = values.map { f.element($0) }
            var out = [E](repeating: f.zero, count: n)
            var scratch = [E](repeating: f.zero, count: n)
            f.batchInv(&out, input, n, &scratch)
            var inPlace = input
            inPlace.withUnsafeMutableBufferPointer { buf in
                f.batchInv(buf.baseAddress, buf.baseAddress, n, &scratch)
            }
            for i in 0..<n {
                let want = values[i].invert(m) ?? GMPInt(0)
                XCTAssertTrue(f.value(out[i]) == want, "\(f.name) batch_inv n=\(n) i=\(i)")
                XCTAssertTrue(f.value(inPlace[i]) == want, "\(f.name) in-place batch_inv n=\(n) i=\(i)")
            }
        }
    }

    func testFqBatchInverse() { checkBatchInverse(fpOracleField, seed: 5) }
    func testFrBatchInverse() { checkBatchInverse(frOracleField, seed: 6) }

    func checkEncodings<E: Sendable>(_ f: OracleField<E>, seed: UInt64) {
        let m = f.modulus
        var rng = OracleRNG(seed: seed)
        var inputs = Self.edgeValues(m)
        for _ in 0..<Self.iterations { inputs.append(Self.randomValue(&rng, m)) }
        var failures = 0
        for x in inputs {
            var a = f.element(x)
            var be = [UInt8](repeating: 0, count: 32), le = [UInt8](repeating: 0, count: 32)
            f.toBytesBE(&be, &a)
            f.toBytesLE(&le, &a)
            if be != x.bytesBE || le != Array(x.bytesBE.reversed()) { failures += 1 }
            var b = f.zero, c = f.zero
            if f.fromBytesBE(&b, be) != BN254_OK || f.eq(&a, &b) != 1 { failures += 1 }
            if f.fromBytesLE(&c, le) != BN254_OK || f.eq(&a, &c) != 1 { failures += 1 }
        }
        XCTAssertEqual(failures, 0, "\(f.name) byte round trips")

        // Values >= m are rejected in every decoder, and the output is left untouched.
        let all1 = GMPInt(1).shiftedLeft(256) - 1
        for bad in [m, m + 1, m + m - 1, all1] {
            var r = f.one
            XCTAssertEqual(f.fromBytesBE(&r, bad.bytesBE), BN254_ERR_NONCANONICAL)
            XCTAssertEqual(f.fromBytesLE(&r, Array(bad.bytesBE.reversed())), BN254_ERR_NONCANONICAL)
            XCTAssertEqual(f.fromCanonical(&r, bad.limbs4), BN254_ERR_NONCANONICAL)
            XCTAssertEqual(f.isOne(&r), 1)
        }

        // 64-byte reduction against GMP, including the all-ones and the m * 2^256 inputs.
        var wides: [[UInt8]] = [[UInt8](repeating: 0xff, count: 64), [UInt8](repeating: 0, count: 64)]
        wides.append(Array(m.bytesBE.reversed()) + Array(m.bytesBE.reversed()))
        for _ in 0..<Self.iterations { wides.append(rng.bytes(64)) }
        failures = 0
        for w in wides {
            var r = f.zero
            f.fromWideLE(&r, w)
            if !(f.value(r) == GMPInt(bytesLE: w).mod(m)) { failures += 1 }
        }
        XCTAssertEqual(failures, 0, "\(f.name) from_bytes_wide_le")

        for x: UInt64 in [0, 1, 2, 0xffff_ffff_ffff_ffff, rng.next()] {
            var r = f.zero
            f.fromU64(&r, x)
            XCTAssertTrue(f.value(r) == GMPInt(limbs: [x]), "\(f.name) from_u64 \(x)")
        }
    }

    func testFqEncodings() { checkEncodings(fpOracleField, seed: 7) }
    func testFrEncodings() { checkEncodings(frOracleField, seed: 8) }

    func checkConstantsAndPredicates<E: Sendable>(_ f: OracleField<E>, modulus: [UInt64]) {
        var zero = f.zero, one = f.one
        XCTAssertTrue(GMPInt(limbs: modulus) == f.modulus)
        XCTAssertTrue(f.value(zero) == GMPInt(0))
        XCTAssertTrue(f.value(one) == GMPInt(1))
        XCTAssertEqual(f.isZero(&zero), 1)
        XCTAssertEqual(f.isZero(&one), 0)
        XCTAssertEqual(f.isOne(&one), 1)
        XCTAssertEqual(f.isOne(&zero), 0)
        XCTAssertEqual(f.eq(&one, &zero), 0)
        var minusOne = f.element(f.modulus - 1)
        XCTAssertEqual(f.isOne(&minusOne), 0)
        var sum = f.binary(f.add, minusOne, one)
        XCTAssertEqual(f.isZero(&sum), 1)
        var two = f.zero
        f.fromU64(&two, 2)
        var alsoTwo = f.unary(f.dbl, one)
        XCTAssertEqual(f.eq(&two, &alsoTwo), 1)
    }

    func testConstantsAndPredicates() {
        checkConstantsAndPredicates(fpOracleField, modulus: limbArray(bn254_fp_modulus))
        checkConstantsAndPredicates(frOracleField, modulus: limbArray(bn254_fr_modulus))
        XCTAssertEqual(gmpP.bytesBE.map { String(format: "%02x", $0) }.joined(),
                       "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47")
        XCTAssertEqual(gmpR.bytesBE.map { String(format: "%02x", $0) }.joined(),
                       "30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001")
    }

    func testFqSqrtAndSign() {
        let p = gmpP
        let half = (p - 1).shiftedRight(1)
        var rng = OracleRNG(seed: 9)
        var inputs = Self.edgeValues(p)
        for _ in 0..<Self.iterations { inputs.append(Self.randomValue(&rng, p)) }
        var squares = 0, failures = 0
        for x in inputs {
            var a = fpElement(x), r = bn254_fp_zero
            let found = bn254_fp_sqrt(&r, &a)
            let isSquare = x.isZero || x.legendre(p) == 1
            if isSquare {
                squares += 1
                if found != 1 || !((fpValue(r) * fpValue(r)).mod(p) == x) { failures += 1 }
            } else if found != 0 {
                failures += 1
            }
            let largest = bn254_fp_is_lexicographically_largest(&a) == 1
            if largest != (half < x) { failures += 1 }
        }
        XCTAssertEqual(failures, 0)
        // About half of the inputs are squares, so both branches ran many times.
        XCTAssertGreaterThan(squares, Self.iterations * 45 / 100)
        XCTAssertLessThan(squares, Self.iterations * 55 / 100)
    }

    func testFrRootOfUnityHasOrderExactly2To28() {
        let w = frOracleField.value(bn254_fr_root_of_unity_2_28)
        XCTAssertTrue(w.powm(GMPInt(1).shiftedLeft(28), gmpR) == GMPInt(1))
        XCTAssertTrue(w.powm(GMPInt(1).shiftedLeft(27), gmpR) == gmpR - 1)
        // 2^28 is the full 2-adicity of r - 1, so no larger power-of-two subgroup exists.
        XCTAssertTrue((gmpR - 1).shiftedRight(28).isOdd)
    }
}
