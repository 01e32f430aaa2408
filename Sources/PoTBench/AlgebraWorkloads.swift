import CBN254
import PoTAlgebra

/// `pot bench algebra`: the per-operation costs of the BN254 kernels. Names and units are
/// fixed by issue 2: fr_mul, fq_mul (ns), g1_add (ns), g1_scalar_mul (us), pairing (ms).
/// `fr_mul` is the latency of a dependent chain; `fr_mul_throughput` multiplies independent
/// pairs (an elementwise vector product), which is what NTT and MSM loops see.
public enum AlgebraWorkloads {
    public static func all() -> [Workload] {
        var rng = SeededRandom(seed: 2)
        let fr = (Fr.random(using: &rng), Fr.random(using: &rng))
        let fq = (Fq.random(using: &rng), Fq.random(using: &rng))
        let p = G1.generator * Fr.random(using: &rng), q = G1.generator * Fr.random(using: &rng)
        let scalar = Fr.random(using: &rng)
        let p2 = G2.generator * Fr.random(using: &rng)
        let (pa, qa) = (p.affine, p2.affine)

        // Field multiplications run as a dependent chain, so the figure is latency, and call
        // the kernel directly, as the hot loops of later layers do.
        let mulChain = 1_000_000
        let vector = 4096
        let xs = (0..<vector).map { _ in Fr.random(using: &rng).raw }
        let ys = (0..<vector).map { _ in Fr.random(using: &rng).raw }
        return [
            Workload(name: "fr_mul", unit: .ns, batch: mulChain) {
                var x = fr.0.raw, y = fr.1.raw
                withUnsafeMutablePointer(to: &x) { x in for _ in 0..<mulChain { bn254_fr_mul(x, x, &y) } }
                blackHole(x)
            },
            Workload(name: "fr_mul_throughput", unit: .ns, batch: vector * 100) {
                var out = xs
                xs.withUnsafeBufferPointer { x in
                    ys.withUnsafeBufferPointer { y in
                        out.withUnsafeMutableBufferPointer { o in
                            for _ in 0..<100 {
                                for i in 0..<vector { bn254_fr_mul(o.baseAddress! + i, x.baseAddress! + i, y.baseAddress! + i) }
                            }
                        }
                    }
                }
                blackHole(out)
            },
            Workload(name: "fq_mul", unit: .ns, batch: mulChain) {
                var x = fq.0.raw, y = fq.1.raw
                withUnsafeMutablePointer(to: &x) { x in for _ in 0..<mulChain { bn254_fp_mul(x, x, &y) } }
                blackHole(x)
            },
            Workload(name: "g1_add", unit: .ns, batch: 100_000) {
                var acc = p.raw, other = q.raw
                withUnsafeMutablePointer(to: &acc) { acc in for _ in 0..<100_000 { bn254_g1_add(acc, acc, &other) } }
                blackHole(acc)
            },
            Workload(name: "g1_scalar_mul", unit: .us, batch: 200) {
                var acc = p
                for _ in 0..<200 { acc = acc * scalar }
                blackHole(acc.raw)
            },
            Workload(name: "pairing", unit: .ms, batch: 20) {
                var out = bn254_fp12()
                var a = pa, b = qa
                for _ in 0..<20 { bn254_pairing(&out, &a, &b) }
                blackHole(out)
            },
        ]
    }
}

/// Keeps a computed value alive so the optimiser cannot drop the loop that made it.
@inline(never)
public func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }
