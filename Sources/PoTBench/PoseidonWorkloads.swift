import PoTAlgebra

/// `pot bench poseidon`: `poseidon_native` (ns per hash; name and unit fixed by issue 5), the
/// two-input circomlib Poseidon through the Swift API, as a dependent chain h = H(h, x) the way
/// a Merkle path or the Poseidon-chain statement hashes.
public enum PoseidonWorkloads {
    public static func all() -> [Workload] {
        var rng = SeededRandom(seed: 5)
        let start = Fr.random(using: &rng), x = Fr.random(using: &rng)
        let chain = 20_000
        return [
            Workload(name: "poseidon_native", unit: .ns, batch: chain) {
                var h = start
                for _ in 0..<chain { h = Poseidon.hash(h, x) }
                blackHole(h)
            },
        ]
    }
}
