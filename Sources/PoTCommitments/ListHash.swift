import PoTAlgebra

/// A hash of a list of field elements that binds its length (docs/training.md, "Dataset
/// commitment"): `acc_0 = m`, `acc_{k+1} = H(acc_k, e_k)`, the hash is `acc_m`.
public enum ListHash {
    /// The list hash of `elements`.
    public static func hash(_ elements: [Fr]) -> Fr {
        elements.reduce(Fr(UInt64(elements.count))) { Poseidon.hash($0, $1) }
    }
}
