import CBN254

// Concrete operators for Fr, preferred by the type checker over the generic ones of
// `PrimeField`: those reach the kernel through the `PrimeFieldKernel` table, whose copy
// retains its modulus array on every call, and cannot be specialised across modules. Circuit
// synthesis and the verifier do millions of these operations in Swift.

extension Fr {
    @inline(__always)
    private static func apply(_ a: Fr, _ b: Fr, _ f: (UnsafeMutablePointer<bn254_fr>?, UnsafePointer<bn254_fr>?, UnsafePointer<bn254_fr>?) -> Void) -> Fr {
        var r = bn254_fr()
        withUnsafePointer(to: a.raw) { pa in withUnsafePointer(to: b.raw) { pb in f(&r, pa, pb) } }
        return Fr(raw: r)
    }

    public static func + (a: Fr, b: Fr) -> Fr { apply(a, b, bn254_fr_add) }
    public static func - (a: Fr, b: Fr) -> Fr { apply(a, b, bn254_fr_sub) }
    public static func * (a: Fr, b: Fr) -> Fr { apply(a, b, bn254_fr_mul) }
    public static func += (a: inout Fr, b: Fr) { a = a + b }
    public static func -= (a: inout Fr, b: Fr) { a = a - b }
    public static func *= (a: inout Fr, b: Fr) { a = a * b }

    public static prefix func - (a: Fr) -> Fr {
        var r = bn254_fr()
        withUnsafePointer(to: a.raw) { bn254_fr_neg(&r, $0) }
        return Fr(raw: r)
    }

    public var squared: Fr {
        var r = bn254_fr()
        withUnsafePointer(to: raw) { bn254_fr_sqr(&r, $0) }
        return Fr(raw: r)
    }

    public static func == (a: Fr, b: Fr) -> Bool {
        withUnsafePointer(to: a.raw) { pa in withUnsafePointer(to: b.raw) { pb in bn254_fr_eq(pa, pb) } } == 1
    }

    public var isZero: Bool { withUnsafePointer(to: raw) { bn254_fr_is_zero($0) } == 1 }
}
