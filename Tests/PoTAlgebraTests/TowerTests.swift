import CBN254
import CGMP
import XCTest

/// Fq12 in py_ecc's flat representation, Fq[w] / (w^12 - 18 w^6 + 82), multiplied naively
/// with GMP. The tower maps into it by u = w^6 - 9, v = w^2 (then w^6 = 9 + u = xi and
/// u^2 = -1 follow from the modulus), so it checks the tower without sharing any of its
/// formulas or constants.
struct FlatFq12: Equatable {
    var c: [GMPInt]

    static func == (a: FlatFq12, b: FlatFq12) -> Bool { zip(a.c, b.c).allSatisfy { $0 == $1 } }

    static let one = FlatFq12(c: [GMPInt(1)] + (1..<12).map { _ in GMPInt(0) })

    init(c: [GMPInt]) { self.c = c.map { $0.mod(gmpP) } }

    /// sum_k x_k w^k with x_k = a + b u = (a - 9 b) w^k + b w^(k+6).
    init(_ a: bn254_fp12) {
        var c = (0..<12).map { _ in GMPInt(0) }
        let coefficients: [(Int, bn254_fp2)] = [
            (0, a.c0.c0), (2, a.c0.c1), (4, a.c0.c2), (1, a.c1.c0), (3, a.c1.c1), (5, a.c1.c2),
        ]
        for (k, x) in coefficients {
            let re = fpValue(x.c0), im = fpValue(x.c1)
            c[k] = c[k] + re - im * 9
            c[k + 6] = c[k + 6] + im
        }
        self.init(c: c)
    }

    init(_ a: bn254_fp6) { self.init(bn254_fp12(c0: a, c1: fp6Zero)) }

    static func * (a: FlatFq12, b: FlatFq12) -> FlatFq12 {
        var prod = (0..<23).map { _ in GMPInt(0) }
        for i in 0..<12 where !a.c[i].isZero {
            for j in 0..<12 { prod[i + j] = prod[i + j] + a.c[i] * b.c[j] }
        }
        // w^12 = 18 w^6 - 82, from the top down.
        for i in stride(from: 22, through: 12, by: -1) {
            prod[i - 6] = prod[i - 6] + prod[i] * 18
            prod[i - 12] = prod[i - 12] - prod[i] * 82
        }
        return FlatFq12(c: Array(prod[0..<12]))
    }

    func pow(_ e: GMPInt) -> FlatFq12 {
        var acc = FlatFq12.one
        let bits = Int(__gmpz_sizeinbase(e.z, 2))
        for i in stride(from: bits - 1, through: 0, by: -1) {
            acc = acc * acc
            if __gmpz_tstbit(e.z, UInt(i)) == 1 { acc = acc * self }
        }
        return acc
    }
}

let fp2ZeroValue = bn254_fp2(c0: bn254_fp_zero, c1: bn254_fp_zero)
let fp6Zero = bn254_fp6(c0: fp2ZeroValue, c1: fp2ZeroValue, c2: fp2ZeroValue)

func randomFp2(_ rng: inout OracleRNG) -> bn254_fp2 { bn254_fp2(c0: randomFp(&rng), c1: randomFp(&rng)) }
func randomFp6(_ rng: inout OracleRNG) -> bn254_fp6 {
    bn254_fp6(c0: randomFp2(&rng), c1: randomFp2(&rng), c2: randomFp2(&rng))
}
func randomFp12(_ rng: inout OracleRNG) -> bn254_fp12 { bn254_fp12(c0: randomFp6(&rng), c1: randomFp6(&rng)) }

/// Calls a C function `f(r, a, b)` on values and returns r.
func call<T>(_ a: T, _ b: T, _ f: (UnsafeMutablePointer<T>?, UnsafePointer<T>?, UnsafePointer<T>?) -> Void) -> T {
    var a = a, b = b, r = a
    f(&r, &a, &b)
    return r
}

func call<T>(_ a: T, _ f: (UnsafeMutablePointer<T>?, UnsafePointer<T>?) -> Void) -> T {
    var a = a, r = a
    f(&r, &a)
    return r
}

/// The tower Fq2 / Fq6 / Fq12 against GMP: Fq2 against complex arithmetic mod p, Fq6 and
/// Fq12 against the flat polynomial representation above.
final class TowerTests: XCTestCase {
    // MARK: Fq2

    struct Complex {
        let re: GMPInt, im: GMPInt
        init(_ re: GMPInt, _ im: GMPInt) { self.re = re.mod(gmpP); self.im = im.mod(gmpP) }
        init(_ a: bn254_fp2) { self.init(fpValue(a.c0), fpValue(a.c1)) }
        var element: bn254_fp2 { bn254_fp2(c0: fpElement(re), c1: fpElement(im)) }
        func matches(_ a: bn254_fp2) -> Bool { let x = Complex(a); return x.re == re && x.im == im }
        static func * (a: Complex, b: Complex) -> Complex {
            Complex(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
        }
        var norm: GMPInt { (re * re + im * im).mod(gmpP) }
    }

    func testFp2MatchesComplexArithmetic() {
        var rng = OracleRNG(seed: 21)
        let p = gmpP
        let edges = [Complex(GMPInt(0), GMPInt(0)), Complex(GMPInt(1), GMPInt(0)), Complex(GMPInt(0), GMPInt(1)),
                     Complex(p - 1, p - 1), Complex(p - 2, GMPInt(1))]
        var pairs: [(Complex, Complex)] = []
        for a in edges { for b in edges { pairs.append((a, b)) } }
        for _ in 0..<20_000 { pairs.append((Complex(randomFp2(&rng)), Complex(randomFp2(&rng)))) }
        let xi = Complex(GMPInt(9), GMPInt(1))
        var failures = 0
        for (x, y) in pairs {
            let a = x.element, b = y.element
            var checks: [Bool] = [
                Complex(x.re + y.re, x.im + y.im).matches(call(a, b, bn254_fp2_add)),
                Complex(x.re - y.re, x.im - y.im).matches(call(a, b, bn254_fp2_sub)),
                (x * y).matches(call(a, b, bn254_fp2_mul)),
                (x * x).matches(call(a, bn254_fp2_sqr)),
                Complex(-x.re, -x.im).matches(call(a, bn254_fp2_neg)),
                Complex(x.re * 2, x.im * 2).matches(call(a, bn254_fp2_dbl)),
                Complex(x.re, -x.im).matches(call(a, bn254_fp2_conj)),
                (x * xi).matches(call(a, bn254_fp2_mul_by_nonresidue)),
            ]
            var aa = a, bb = b, r = a
            bn254_fp2_mul_fp(&r, &aa, &bb.c0)
            checks.append((x * Complex(y.re, GMPInt(0))).matches(r))

            var inverse = a
            let ok = bn254_fp2_inv(&inverse, &aa)
            if let n = x.norm.invert(p) {
                checks.append(ok == 1 && Complex(x.re * n, -x.im * n).matches(inverse))
            } else {
                checks.append(ok == 0 && bn254_fp2_is_zero(&inverse) == 1)
            }
            // Aliased output.
            var c = a
            withUnsafeMutablePointer(to: &c) { bn254_fp2_mul($0, $0, &bb) }
            checks.append((x * y).matches(c))
            checks.append((bn254_fp2_eq(&aa, &bb) == 1) == (x.re == y.re && x.im == y.im))
            failures += checks.filter { !$0 }.count
        }
        XCTAssertEqual(failures, 0)
        var one = bn254_fp2_one, zero = bn254_fp2_zero
        XCTAssertTrue(Complex(GMPInt(1), GMPInt(0)).matches(one))
        XCTAssertEqual(bn254_fp2_is_zero(&zero), 1)
        XCTAssertEqual(bn254_fp2_is_zero(&one), 0)
    }

    func testFp2Sqrt() {
        var rng = OracleRNG(seed: 22)
        let p = gmpP
        var inputs: [Complex] = [Complex(GMPInt(0), GMPInt(0)), Complex(GMPInt(1), GMPInt(0)),
                                 Complex(p - 1, GMPInt(0)), Complex(GMPInt(0), GMPInt(1))]
        for _ in 0..<2_000 {
            let x = Complex(randomFp2(&rng))
            inputs.append(x)
            inputs.append(x * x)
            // Elements of Fq embedded in Fq2: all of them are squares in Fq2.
            inputs.append(Complex(x.re, GMPInt(0)))
        }
        var squares = 0, failures = 0
        for x in inputs {
            var a = x.element, r = fp2ZeroValue
            let found = bn254_fp2_sqrt(&r, &a)
            // a is a square in Fq2 exactly when its norm is a square in Fq.
            let isSquare = x.norm.isZero || x.norm.legendre(p) == 1
            if isSquare {
                squares += 1
                if found != 1 || !(Complex(r) * Complex(r)).matches(a) { failures += 1 }
            } else if found != 0 {
                failures += 1
            }
        }
        XCTAssertEqual(failures, 0)
        XCTAssertGreaterThan(squares, 4_000)
        XCTAssertLessThan(squares, inputs.count - 500, "non-squares were exercised")
    }

    // MARK: Fq6

    func testFp6MatchesFlatOracle() {
        var rng = OracleRNG(seed: 23)
        let v = FlatFq12(c: (0..<12).map { GMPInt($0 == 2 ? 1 : 0) })
        var failures = 0
        for i in 0..<400 {
            let a = i == 0 ? fp6Zero : randomFp6(&rng)
            let b = randomFp6(&rng)
            let fa = FlatFq12(a), fb = FlatFq12(b)
            var checks: [Bool] = [
                FlatFq12(call(a, b, bn254_fp6_mul)) == fa * fb,
                FlatFq12(call(a, bn254_fp6_sqr)) == fa * fa,
                FlatFq12(call(a, bn254_fp6_mul_by_nonresidue)) == fa * v,
                FlatFq12(call(a, b, bn254_fp6_add)) == FlatFq12(c: zip(fa.c, fb.c).map { $0 + $1 }),
                FlatFq12(call(a, b, bn254_fp6_sub)) == FlatFq12(c: zip(fa.c, fb.c).map { $0 - $1 }),
                FlatFq12(call(a, bn254_fp6_neg)) == FlatFq12(c: fa.c.map { -$0 }),
            ]
            var aa = a, bb = b, r = a
            let ok = bn254_fp6_inv(&r, &aa)
            if i == 0 {
                checks.append(ok == 0 && FlatFq12(r) == FlatFq12(fp6Zero))
            } else {
                checks.append(ok == 1 && FlatFq12(r) * fa == .one)
            }
            var c = a
            withUnsafeMutablePointer(to: &c) { bn254_fp6_mul($0, $0, &bb) }
            checks.append(FlatFq12(c) == fa * fb)
            checks.append(bn254_fp6_eq(&aa, &aa) == 1 && bn254_fp6_eq(&aa, &bb) == 0)
            failures += checks.filter { !$0 }.count
        }
        XCTAssertEqual(failures, 0)
    }

    // MARK: Fq12

    func testFp12MulSqrInvMatchFlatOracle() {
        var rng = OracleRNG(seed: 24)
        var failures = 0
        let zero12 = bn254_fp12(c0: fp6Zero, c1: fp6Zero)
        for i in 0..<400 {
            let a = i == 0 ? zero12 : randomFp12(&rng)
            let b = randomFp12(&rng)
            let fa = FlatFq12(a), fb = FlatFq12(b)
            var checks: [Bool] = [
                FlatFq12(call(a, b, bn254_fp12_mul)) == fa * fb,
                FlatFq12(call(a, bn254_fp12_sqr)) == fa * fa,
            ]
            var aa = a, bb = b, r = a
            let ok = bn254_fp12_inv(&r, &aa)
            if i == 0 {
                checks.append(ok == 0 && FlatFq12(r) == FlatFq12(zero12))
            } else {
                checks.append(ok == 1 && FlatFq12(r) * fa == .one)
            }
            // conj is a^(p^6): x -> x^(p^6) fixes Fq6 and sends w to -w.
            let conj = FlatFq12(call(a, bn254_fp12_conj))
            checks.append(conj == FlatFq12(c: fa.c.enumerated().map { $0.offset % 2 == 0 ? $0.element : -$0.element }))
            var c = a
            withUnsafeMutablePointer(to: &c) { bn254_fp12_mul($0, $0, &bb) }
            checks.append(FlatFq12(c) == fa * fb)
            c = a
            withUnsafeMutablePointer(to: &c) { bn254_fp12_sqr($0, $0) }
            checks.append(FlatFq12(c) == fa * fa)
            checks.append(bn254_fp12_eq(&aa, &aa) == 1 && bn254_fp12_eq(&aa, &bb) == 0)
            failures += checks.filter { !$0 }.count
        }
        XCTAssertEqual(failures, 0)
        var one = bn254_fp12_one
        XCTAssertEqual(bn254_fp12_is_one(&one), 1)
        XCTAssertTrue(FlatFq12(one) == .one)
        var notOne = randomFp12(&rng)
        XCTAssertEqual(bn254_fp12_is_one(&notOne), 0)
    }

    func testFp12FrobeniusIsPowerOfP() {
        var rng = OracleRNG(seed: 25)
        for _ in 0..<3 {
            var a = randomFp12(&rng)
            var expected = FlatFq12(a)
            for power: UInt32 in 0...3 {
                var r = a
                bn254_fp12_frobenius(&r, &a, power)
                XCTAssertTrue(FlatFq12(r) == expected, "frobenius power \(power)")
                expected = expected.pow(gmpP)
            }
        }
        // Composition and aliasing, on many more elements (checked against power 1 above).
        for _ in 0..<200 {
            var a = randomFp12(&rng)
            var once = a, twice = a, thrice = a
            bn254_fp12_frobenius(&once, &a, 1)
            bn254_fp12_frobenius(&twice, &once, 1)
            bn254_fp12_frobenius(&thrice, &twice, 1)
            var two = a, three = a
            withUnsafeMutablePointer(to: &two) { bn254_fp12_frobenius($0, $0, 2) }
            withUnsafeMutablePointer(to: &three) { bn254_fp12_frobenius($0, $0, 3) }
            XCTAssertEqual(bn254_fp12_eq(&two, &twice), 1)
            XCTAssertEqual(bn254_fp12_eq(&three, &thrice), 1)
        }
    }

    /// f^((p^6 - 1)(p^2 + 1)) lies in the cyclotomic subgroup for any non-zero f.
    func cyclotomicElement(_ rng: inout OracleRNG) -> bn254_fp12 {
        var f = randomFp12(&rng)
        var inv = f, conj = f
        bn254_fp12_inv(&inv, &f)
        bn254_fp12_conj(&conj, &f)
        var g = f
        bn254_fp12_mul(&g, &conj, &inv)
        var gp2 = g
        bn254_fp12_frobenius(&gp2, &g, 2)
        var h = g
        bn254_fp12_mul(&h, &gp2, &g)
        return h
    }

    func testCyclotomicSquare() {
        var rng = OracleRNG(seed: 26)
        for i in 0..<100 {
            var h = cyclotomicElement(&rng)
            // Membership: h^(p^4 - p^2 + 1) = 1, i.e. h^(p^4) h = h^(p^2).
            var p2 = h, p4 = h, lhs = h
            bn254_fp12_frobenius(&p2, &h, 2)
            bn254_fp12_frobenius(&p4, &p2, 2)
            bn254_fp12_mul(&lhs, &p4, &h)
            XCTAssertEqual(bn254_fp12_eq(&lhs, &p2), 1)

            var s = h
            bn254_fp12_cyclotomic_sqr(&s, &h)
            if i < 20 {
                XCTAssertTrue(FlatFq12(s) == FlatFq12(h) * FlatFq12(h), "cyclotomic square \(i)")
            }
            // A chain of aliased squarings stays equal to plain squaring.
            var plain = h
            for _ in 0..<8 {
                withUnsafeMutablePointer(to: &h) { bn254_fp12_cyclotomic_sqr($0, $0) }
                withUnsafeMutablePointer(to: &plain) { bn254_fp12_sqr($0, $0) }
            }
            XCTAssertEqual(bn254_fp12_eq(&h, &plain), 1)
        }
    }

    func testFp12PowMatchesFlatOracle() {
        var rng = OracleRNG(seed: 27)
        for limbs in [0, 1, 2, 4] {
            var a = randomFp12(&rng)
            let e = rng.limbs(limbs)
            var r = a
            bn254_fp12_pow(&r, &a, e, limbs)
            XCTAssertTrue(FlatFq12(r) == FlatFq12(a).pow(GMPInt(limbs: e.isEmpty ? [0] : e)), "pow limbs \(limbs)")
        }
    }
}
