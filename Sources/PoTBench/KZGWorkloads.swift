import PoTAlgebra
import PoTCommitments

/// `pot bench kzg`: KZG commitments and openings. Names, params and units are fixed by
/// issue 4: kzg_commit and kzg_open with log_n (ms), kzg_verify and kzg_verify_batch (ms).
///
/// The SRS is a development SRS of 2^20 powers of a fixed τ, generated in-process once, before
/// the first figure: timings depend only on its size, and a benchmark must not need a 64 MiB
/// file beside it.
public enum KZGWorkloads {
    public static let logSizes = [12, 14, 16, 18, 20]
    /// The batched verification: 8 polynomials at 2 points, a PLONK-like shape (6 at z, 2 at
    /// {z, ωz}), opened with SHPLONK.
    static let batchPolynomials = 8, batchShifted = 2

    public static func all() -> [Workload] {
        var rng = SeededRandom(seed: 4)
        let srs = SRS.insecure(k: logSizes.max()!, tau: Fr.random(using: &rng))
        let prover = KZGProver(srs: srs)
        let verifier = KZGVerifier(key: srs.verifierKey)
        let largest = (0..<srs.maxCoefficients).map { _ in Fr.random(using: &rng) }
        let point = Fr.random(using: &rng)

        var workloads = logSizes.flatMap { logN in
            let polynomial = Polynomial(coefficients: Array(largest[..<(1 << logN)]))
            return [
                Workload(name: "kzg_commit", params: ["log_n": logN], unit: .ms, batch: 1) {
                    blackHole(prover.commit(polynomial).raw)
                },
                Workload(name: "kzg_open", params: ["log_n": logN], unit: .ms, batch: 1) {
                    blackHole(prover.open(polynomial, at: point).proof.raw)
                },
            ]
        }

        let small = Polynomial(coefficients: Array(largest[..<(1 << 12)]))
        let commitment = prover.commit(small)
        let opening = prover.open(small, at: point)
        workloads.append(Workload(name: "kzg_verify", unit: .ms, batch: 20) {
            for _ in 0..<20 { precondition(verifier.verify(commitment: commitment, point: point, opening: opening)) }
        })

        let polynomials = (0..<batchPolynomials).map { i in Polynomial(coefficients: Array(largest[(i << 12)..<((i + 1) << 12)])) }
        let shifted = point * Fr.rootOfUnity(log2Order: 12)
        let queries = polynomials.enumerated().map { i, p in
            KZGQuery(commitment: prover.commit(p), points: i < batchPolynomials - batchShifted ? [point] : [point, shifted])
        }
        var proverTranscript = Transcript(protocolLabel: "pot-bench-kzg")
        let multi = prover.openMulti(polynomials, queries: queries, transcript: &proverTranscript)
        workloads.append(Workload(name: "kzg_verify_batch", unit: .ms, batch: 20) {
            for _ in 0..<20 {
                var transcript = Transcript(protocolLabel: "pot-bench-kzg")
                precondition(verifier.verifyMulti(queries: queries, opening: multi, transcript: &transcript))
            }
        })
        return workloads
    }
}
