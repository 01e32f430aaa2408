import PoTAlgebra
import XCTest

/// Polynomial arithmetic against schoolbook definitions and the identities that define it.
final class PolynomialTests: XCTestCase {
    static func randomPolynomial(_ count: Int, rng: inout SeededRandom) -> Polynomial {
        Polynomial(coefficients: (0..<count).map { _ in Fr.random(using: &rng) })
    }

    /// Σ a_i b_j X^(i+j) with the Swift operators only.
    static func schoolbook(_ a: Polynomial, _ b: Polynomial) -> Polynomial {
        guard !a.isZero, !b.isZero else { return .zero }
        var out = [Fr](repeating: .zero, count: a.coefficients.count + b.coefficients.count - 1)
        for (i, x) in a.coefficients.enumerated() {
            for (j, y) in b.coefficients.enumerated() { out[i + j] += x * y }
        }
        return Polynomial(coefficients: out)
    }

    func testCoefficientsAreTrimmedAndZeroHasNoDegree() {
        XCTAssertEqual(Polynomial(coefficients: [1, 2, 0, 0]).coefficients, [1, 2])
        XCTAssertEqual(Polynomial(coefficients: [0, 0]), .zero)
        XCTAssertNil(Polynomial.zero.degree)
        XCTAssertEqual(Polynomial.one.degree, 0)
        XCTAssertEqual(Polynomial.x.degree, 1)
        XCTAssertEqual(Polynomial.x[1], .one)
        XCTAssertEqual(Polynomial.x[5], .zero)
        let p = Polynomial(coefficients: [1, 2, 3])
        XCTAssertEqual((p - p), .zero, "cancelling leading terms lowers the degree")
        XCTAssertEqual((p + -p).degree, nil)
        XCTAssertEqual(p + .zero, p)
        XCTAssertEqual(p * .zero, .zero)
        XCTAssertEqual(p.scaled(by: .zero), .zero)
        XCTAssertEqual(p.evaluate(at: 2), 1 + 4 + 12)
        XCTAssertEqual(Polynomial.zero.evaluate(at: 5), .zero)
        XCTAssertEqual(Polynomial(constant: 0), .zero)
    }

    func testAdditionAndScaling() {
        var rng = SeededRandom(seed: 1)
        let a = Self.randomPolynomial(10, rng: &rng), b = Self.randomPolynomial(4, rng: &rng)
        let c = Fr.random(using: &rng)
        let sum = a + b, difference = b - a
        for i in 0..<10 {
            XCTAssertEqual(sum[i], a[i] + b[i])
            XCTAssertEqual(difference[i], b[i] - a[i])
            XCTAssertEqual((c * a)[i], c * a[i])
        }
        XCTAssertEqual(a + b, b + a)
        XCTAssertEqual((a - b) + b, a)
    }

    func testMultiplicationMatchesSchoolbook() {
        var rng = SeededRandom(seed: 2)
        for (m, n) in [(1, 1), (1, 100), (3, 5), (32, 33), (33, 33), (40, 100), (100, 7), (64, 64), (257, 300)] {
            let a = Self.randomPolynomial(m, rng: &rng), b = Self.randomPolynomial(n, rng: &rng)
            let expected = Self.schoolbook(a, b)
            XCTAssertEqual(a * b, expected, "\(m) x \(n) coefficients")
            XCTAssertEqual(b.multiplied(by: a, threads: 1), expected)
            XCTAssertEqual((a * b).degree, m + n - 2)
        }
    }

    func testLargeMultiplicationAtRandomPoints() {
        var rng = SeededRandom(seed: 3)
        let a = Self.randomPolynomial(20_000, rng: &rng), b = Self.randomPolynomial(15_000, rng: &rng)
        let product = a.multiplied(by: b, threads: 2)
        XCTAssertEqual(product.degree, 34_998)
        for _ in 0..<3 {
            let z = Fr.random(using: &rng)
            XCTAssertEqual(product.evaluate(at: z), a.evaluate(at: z) * b.evaluate(at: z))
        }
        XCTAssertEqual(product, a.multiplied(by: b, threads: 1))
    }

    func testDivisionByVanishingPolynomial() {
        var rng = SeededRandom(seed: 4)
        for (k, count) in [(0, 5), (2, 3), (2, 4), (2, 5), (3, 17), (4, 100), (6, 64), (6, 65), (5, 200)] {
            let domain = Domain(logSize: k)
            let a = Self.randomPolynomial(count, rng: &rng)
            let (q, r) = a.divided(byVanishingOf: domain)
            XCTAssertEqual(Self.schoolbook(q, domain.vanishingPolynomial) + r, a, "2^\(k), \(count) coefficients")
            XCTAssertLessThan(r.degree ?? -1, domain.size)
        }
        let domain = Domain(logSize: 3)
        let q = Self.randomPolynomial(11, rng: &rng)
        let (quotient, remainder) = (q * domain.vanishingPolynomial).divided(byVanishingOf: domain)
        XCTAssertEqual(quotient, q)
        XCTAssertEqual(remainder, .zero, "a multiple of Z_H leaves no remainder")
        XCTAssertEqual(Polynomial.zero.divided(byVanishingOf: domain).quotient, .zero)
    }

    func testDivisionByLinearFactor() {
        var rng = SeededRandom(seed: 5)
        for count in [1, 2, 3, 50, 1000] {
            let a = Self.randomPolynomial(count, rng: &rng)
            let z = Fr.random(using: &rng)
            let (q, remainder) = a.divided(byLinear: z)
            XCTAssertEqual(remainder, a.evaluate(at: z))
            XCTAssertEqual(a - Polynomial(constant: remainder), Self.schoolbook(q, Polynomial(coefficients: [-z, .one])))
            XCTAssertEqual(q.degree, count == 1 ? nil : count - 2)
        }
        let root = Fr(9)
        let a = Polynomial(coefficients: [-root, .one]) * Polynomial(coefficients: [3, 1, 4])
        XCTAssertEqual(a.divided(byLinear: root).quotient, Polynomial(coefficients: [3, 1, 4]))
        XCTAssertEqual(a.divided(byLinear: root).remainder, .zero)
        XCTAssertEqual(Polynomial.zero.divided(byLinear: root).quotient, .zero)
    }

    func testEvaluationOfOneAndManyPolynomials() {
        var rng = SeededRandom(seed: 6)
        let z = Fr.random(using: &rng)
        let polynomials = [0, 1, 2, 17, 300].map { Self.randomPolynomial($0, rng: &rng) }
        let expected = polynomials.map { $0.coefficients.reversed().reduce(Fr.zero) { $0 * z + $1 } }
        XCTAssertEqual(polynomials.map { $0.evaluate(at: z) }, expected)
        XCTAssertEqual(Polynomial.evaluate(polynomials, at: z), expected)
        XCTAssertEqual(Polynomial.evaluate(polynomials, at: z, threads: 1), expected)
        XCTAssertEqual(Polynomial.evaluate([], at: z), [])
        let long = Self.randomPolynomial(100_003, rng: &rng)
        XCTAssertEqual(long.evaluate(at: z, threads: 2), long.evaluate(at: z, threads: 1))
        XCTAssertEqual(long.evaluate(at: z, threads: 3), long.coefficients.reversed().reduce(Fr.zero) { $0 * z + $1 })
    }

    func testInterpolationRoundTrips() {
        var rng = SeededRandom(seed: 7)
        for k in [0, 1, 4, 10, 13] {
            let domain = Domain(logSize: k)
            for onCoset in [false, true] {
                let p = Self.randomPolynomial(domain.size, rng: &rng)
                let evaluations = p.evaluations(on: domain, onCoset: onCoset)
                XCTAssertEqual(evaluations.interpolate(), p, "2^\(k), coset \(onCoset)")
                for i in [0, domain.size - 1] {
                    XCTAssertEqual(evaluations.values[i], p.evaluate(at: evaluations.point(i)))
                }
                let values = (0..<domain.size).map { _ in Fr.random(using: &rng) }
                let through = Evaluations(values: values, domain: domain, onCoset: onCoset).interpolate()
                XCTAssertEqual(through.evaluations(on: domain, onCoset: onCoset).values, values)
            }
        }
        let domain = Domain(logSize: 3)
        let short = Polynomial(coefficients: [1, 2])
        XCTAssertEqual(short.evaluations(on: domain).interpolate(), short, "fewer coefficients than points")
        XCTAssertEqual(Polynomial.zero.evaluations(on: domain).values, [Fr](repeating: .zero, count: 8))
        XCTAssertEqual(Polynomial(coefficients: (1...8).map { Fr(UInt64($0)) }).evaluations(on: domain).interpolate().degree, 7,
                       "degree n - 1 is the largest that fits")
    }

    func testPointwiseArithmeticOfEvaluations() {
        var rng = SeededRandom(seed: 8)
        let domain = Domain(logSize: 5)
        let a = Self.randomPolynomial(16, rng: &rng), b = Self.randomPolynomial(16, rng: &rng)
        let (ea, eb) = (a.evaluations(on: domain), b.evaluations(on: domain))
        XCTAssertEqual((ea * eb).interpolate(), a * b, "degree 30 < 32 fits the domain")
        XCTAssertEqual((ea + eb).interpolate(), a + b)
        XCTAssertEqual((ea - eb).interpolate(), a - b)
        XCTAssertEqual(ea.scaled(by: 3).interpolate(), a.scaled(by: 3))
    }

    /// The quotient route of a PLONK prover: a·b − c vanishes on H when c interpolates a·b on
    /// H; its quotient by Z_H has degree n − 2 and is computed on the coset of the doubled domain.
    func testQuotientOnExtendedCoset() {
        var rng = SeededRandom(seed: 9)
        for k in [2, 6, 10] {
            let domain = Domain(logSize: k)
            let a = Self.randomPolynomial(domain.size, rng: &rng), b = Self.randomPolynomial(domain.size, rng: &rng)
            let c = (a.evaluations(on: domain) * b.evaluations(on: domain)).interpolate()
            let extended = domain.extended(byLog: 1)
            XCTAssertEqual(extended.size, 2 * domain.size)
            let numerator = a.evaluations(on: extended, onCoset: true) * b.evaluations(on: extended, onCoset: true)
                - c.evaluations(on: extended, onCoset: true)
            let quotient = numerator.dividedByVanishing(of: domain).interpolate()
            let (expected, remainder) = (a * b - c).divided(byVanishingOf: domain)
            XCTAssertEqual(remainder, .zero)
            XCTAssertEqual(quotient, expected, "2^\(k)")
            XCTAssertEqual(quotient.degree, domain.size - 2)
        }
        let domain = Domain(logSize: 2), extended = Domain(logSize: 5)
        let inverses = domain.vanishingInversesOnCoset(of: extended)
        XCTAssertEqual(inverses.count, 8)
        for i in [0, 3, 8, 31] {
            XCTAssertEqual(inverses[i % 8] * domain.vanishing(at: extended.cosetShift * extended.element(i)), .one)
        }
    }
}
