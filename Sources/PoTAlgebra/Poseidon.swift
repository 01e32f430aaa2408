import CBN254
import CPoseidon

/// The Poseidon hash over BN254 Fr with circomlib's parameters: width 3, S-box x^5, 8 full and
/// 57 partial rounds, circomlib's round constants and MDS matrix. Hashes agree with circomlib's
/// `Poseidon(2)` template and its ports (circomlibjs, light-poseidon), so Merkle roots built with
/// it can be checked by those tools and by the Poseidon circuit gadget.
public enum Poseidon {
    /// The state width t.
    public static let width = Int(POSEIDON_T3_WIDTH)
    /// Full rounds R_F, half before and half after the partial rounds.
    public static let fullRounds = Int(POSEIDON_T3_FULL_ROUNDS)
    /// Partial rounds R_P, which apply the S-box to the first state element only.
    public static let partialRounds = Int(POSEIDON_T3_PARTIAL_ROUNDS)

    /// The constants added before round r's S-boxes are `roundConstants[r]`.
    public static let roundConstants: [[Fr]] = withUnsafeBytes(of: poseidon_t3_round_constants) { raw in
        let all = Array(raw.bindMemory(to: bn254_fr.self)).map(Fr.init(raw:))
        return stride(from: 0, to: all.count, by: width).map { Array(all[$0..<$0 + width]) }
    }

    /// The linear layer: `state'[i] = Σ_j mds[i][j] · state[j]`.
    public static let mds: [[Fr]] = withUnsafeBytes(of: poseidon_t3_mds) { raw in
        let all = Array(raw.bindMemory(to: bn254_fr.self)).map(Fr.init(raw:))
        return stride(from: 0, to: all.count, by: width).map { Array(all[$0..<$0 + width]) }
    }

    /// Whether round r applies the S-box to the whole state (otherwise to element 0 only).
    public static func isFullRound(_ r: Int) -> Bool {
        r < fullRounds / 2 || r >= fullRounds / 2 + partialRounds
    }

    /// The permutation of a width-3 state.
    public static func permute(_ state: [Fr]) -> [Fr] {
        precondition(state.count == width, "the Poseidon state has exactly \(width) elements")
        var raw = (state[0].raw, state[1].raw, state[2].raw)
        withUnsafeMutableBytes(of: &raw) { poseidon_t3_permute($0.baseAddress!.assumingMemoryBound(to: bn254_fr.self)) }
        return [Fr(raw: raw.0), Fr(raw: raw.1), Fr(raw: raw.2)]
    }

    /// circomlib's `Poseidon([a, b])`: the first element of the permuted state `[0, a, b]`.
    public static func hash(_ a: Fr, _ b: Fr) -> Fr {
        var out = Fr.zero
        withUnsafePointer(to: a.raw) { pa in
            withUnsafePointer(to: b.raw) { pb in poseidon_t3_hash2(&out.raw, pa, pb) }
        }
        return out
    }
}
