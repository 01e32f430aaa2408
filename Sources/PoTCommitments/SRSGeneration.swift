import CBN254
import PoTAlgebra

extension SRS {
    /// A development SRS of 2^k powers from a fresh random τ (the system's secure generator).
    /// Insecure by construction: τ existed in this process, so the result carries
    /// ``Flags/insecureDevelopment``.
    public static func generateInsecure(k: Int) -> SRS {
        var generator = SystemRandomNumberGenerator()
        var tau = Fr.zero
        while tau.isZero { tau = Fr.random(using: &generator) }
        return insecure(k: k, tau: tau)
    }

    /// The development SRS of 2^k powers of a given τ: reproducible SRSs for tests and
    /// benchmarks. Whoever knows τ can forge every proof.
    public static func insecure(k: Int, tau: Fr) -> SRS {
        precondition(!tau.isZero, "τ = 0 gives no SRS")
        precondition((0...Fr.twoAdicity).contains(k), "k is at most 28")
        let count = 1 << k
        let scalars = powers(of: tau, count: count)
        let table = FixedBaseTable(base: .generator, windowBits: count >= 1 << 14 ? 10 : 6)
        let points = table.multiply(scalars)
        return SRS(k: k, flags: .insecureDevelopment, g1Powers: points, g2: .generator, tauG2: G2.generator * tau)
    }

    /// 1, τ, τ², …, computed per core from each range's first power.
    static func powers(of tau: Fr, count: Int) -> [Fr] {
        var out = [Fr](repeating: .zero, count: count)
        out.withUnsafeMutableBufferPointer { out in
            forEachRange(count) { range in
                var power = tau.power(UInt64(range.lowerBound))
                for i in range {
                    out[i] = power
                    power *= tau
                }
            }
        }
        return out
    }
}

/// Fixed-base scalar multiplication for many scalars and one base: a table of d·2^(w·j)·B for
/// every w-bit digit d and window j turns each product into ⌈254/w⌉ mixed additions, instead of
/// the ~300 doublings and additions of a variable-base multiplication.
struct FixedBaseTable {
    let windowBits: Int
    let windows: Int
    /// Window j, digit d ≥ 1 sits at j·(2^w − 1) + d − 1.
    let table: [bn254_g1_affine]

    init(base: G1, windowBits: Int) {
        self.windowBits = windowBits
        windows = (254 + windowBits - 1) / windowBits
        let digits = (1 << windowBits) - 1
        var multiples: [G1] = []
        multiples.reserveCapacity(windows * digits)
        var windowBase = base
        for _ in 0..<windows {
            var multiple = windowBase
            for _ in 0..<digits {
                multiples.append(multiple)
                multiple += windowBase
            }
            for _ in 0..<windowBits { windowBase = windowBase.doubled }
        }
        table = G1.batchAffine(multiples)
    }

    /// [s]B for every scalar, in affine form. Each core works through its range in blocks of
    /// Jacobian accumulators, converted with one inversion per block, so the scratch memory
    /// stays small beside the output.
    func multiply(_ scalars: [Fr]) -> [bn254_g1_affine] {
        var out = [bn254_g1_affine](repeating: bn254_g1_affine(), count: scalars.count)
        let digits = (1 << windowBits) - 1
        let mask = UInt64(digits)
        let block = 4096
        scalars.withUnsafeBufferPointer { scalars in
            table.withUnsafeBufferPointer { table in
                out.withUnsafeMutableBufferPointer { out in
                    forEachRange(scalars.count) { range in
                        var accumulators = [bn254_g1](repeating: bn254_g1(), count: min(block, range.count))
                        var limbs = [UInt64](repeating: 0, count: 4)
                        accumulators.withUnsafeMutableBufferPointer { accumulators in
                            for start in stride(from: range.lowerBound, to: range.upperBound, by: block) {
                                let end = min(start + block, range.upperBound)
                                for i in start..<end {
                                    let acc = accumulators.baseAddress! + (i - start)
                                    bn254_g1_set_infinity(acc)
                                    withUnsafePointer(to: scalars[i].raw) { bn254_fr_to_canonical(&limbs, $0) }
                                    for j in 0..<windows {
                                        let digit = Self.bits(limbs, from: j * windowBits) & mask
                                        if digit != 0 { bn254_g1_add_affine(acc, acc, table.baseAddress! + j * digits + Int(digit) - 1) }
                                    }
                                }
                                bn254_g1_batch_to_affine(out.baseAddress! + start, accumulators.baseAddress!, end - start)
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// The (up to 64) bits of a 4-limb integer from bit `position` on.
    static func bits(_ limbs: [UInt64], from position: Int) -> UInt64 {
        let (limb, shift) = (position / 64, position % 64)
        var bits = limbs[limb] >> UInt64(shift)
        if shift > 0, limb + 1 < 4 { bits |= limbs[limb + 1] << UInt64(64 - shift) }
        return bits
    }
}
