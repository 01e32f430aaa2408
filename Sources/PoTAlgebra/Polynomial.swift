import CNTT

/// A polynomial over Fr in coefficient form, constant term first.
///
/// Coefficients are kept without trailing zeros, so equal polynomials have equal arrays and
/// the zero polynomial has none (and no degree).
public struct Polynomial: Equatable, Hashable, Sendable, CustomStringConvertible {
    public private(set) var coefficients: [Fr]

    /// The polynomial Σ coefficients[i]·X^i (trailing zeros are dropped).
    public init(coefficients: [Fr]) {
        self.coefficients = coefficients
        trim()
    }

    public init(constant: Fr) {
        self.init(coefficients: [constant])
    }

    public static let zero = Polynomial(coefficients: [])
    public static let one = Polynomial(constant: .one)
    /// The polynomial X.
    public static let x = Polynomial(coefficients: [.zero, .one])

    public var isZero: Bool { coefficients.isEmpty }

    /// The degree, `nil` for the zero polynomial.
    public var degree: Int? { coefficients.isEmpty ? nil : coefficients.count - 1 }

    /// The coefficient of X^i (zero above the degree).
    public subscript(i: Int) -> Fr {
        i < coefficients.count ? coefficients[i] : .zero
    }

    private mutating func trim() {
        while let last = coefficients.last, last.isZero { coefficients.removeLast() }
    }

    public var description: String {
        isZero ? "0" : coefficients.enumerated().filter { !$0.element.isZero }
            .map { $0.offset == 0 ? "\($0.element)" : "\($0.element)·X^\($0.offset)" }.joined(separator: " + ")
    }

    // MARK: linear operations

    public static func + (a: Polynomial, b: Polynomial) -> Polynomial {
        combine(a, b, bn254_fr_vec_add)
    }

    public static func - (a: Polynomial, b: Polynomial) -> Polynomial {
        combine(a, b, bn254_fr_vec_sub)
    }

    public static prefix func - (a: Polynomial) -> Polynomial {
        .zero - a
    }

    public static func += (a: inout Polynomial, b: Polynomial) { a = a + b }
    public static func -= (a: inout Polynomial, b: Polynomial) { a = a - b }

    /// The polynomial times a constant.
    public func scaled(by c: Fr) -> Polynomial {
        var out = coefficients
        let n = out.count
        out.withMutableRawElements { p in withUnsafePointer(to: c.raw) { bn254_fr_vec_scale(p, p, $0, n) } }
        return Polynomial(coefficients: out)
    }

    public static func * (c: Fr, a: Polynomial) -> Polynomial { a.scaled(by: c) }
    public static func * (a: Polynomial, c: Fr) -> Polynomial { a.scaled(by: c) }

    /// Applies an element-wise kernel to both coefficient arrays, padded to the longer one.
    private static func combine(
        _ a: Polynomial, _ b: Polynomial,
        _ kernel: (UnsafeMutablePointer<bn254_fr>?, UnsafePointer<bn254_fr>?, UnsafePointer<bn254_fr>?, Int) -> Void
    ) -> Polynomial {
        let n = max(a.coefficients.count, b.coefficients.count)
        var out = a.coefficients + [Fr](repeating: .zero, count: n - a.coefficients.count)
        let rhs = b.coefficients + [Fr](repeating: .zero, count: n - b.coefficients.count)
        out.withMutableRawElements { o in rhs.withRawElements { r in kernel(o, o, r, n) } }
        return Polynomial(coefficients: out)
    }
}
