import PoTHashing

/// A model's identity in a behavioural run: its `pot-model-v1` model root (docs/hashing.md),
/// the root `pot commit` prints and proofs and bundles are bound to, so a behaviour verdict
/// names the same model as every other claim about it.
public enum ModelRoot {
    /// The model root of the file at `path`, hex, with the default chunk size.
    /// - Throws: ``BehaviourError/badModel(_:)`` naming the file when it cannot be read or parsed.
    public static func of(path: String, threads: Int) throws(BehaviourError) -> String {
        do {
            let layout = try ModelLayout.open(path: path)
            return try ModelCommitment(layout: layout, threads: threads, tool: "pot").modelRoot.hex
        } catch {
            throw .badModel("\(error)")
        }
    }
}
