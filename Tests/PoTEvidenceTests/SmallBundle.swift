import Foundation
import PoTAlgebra
import PoTCircuits
import PoTCommitments
import PoTEvidence
import PoTHashing
import PoTPlonk

/// A small bundle made here from real parts: the commitment document of a 300-byte opaque
/// file, and a squaring-chain proof with its key on a seeded development SRS.
enum SmallBundle {
    static let srs = SRS.insecure(k: 6, tau: Fr(0xb0_0d1e))
    static let statement = SquaringChainStatement(squarings: 8)
    static let x = Fr(5)

    struct Files {
        let modelFile: String
        let commitment: [UInt8]
        let key: [UInt8]
        let proof: [UInt8]
        let keyDigest: [UInt8]
    }

    static let files: Files = {
        let path = NSTemporaryDirectory() + "pot-evidence-model-\(getpid()).bin"
        _ = FileManager.default.createFile(atPath: path, contents: Data((0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7) }))
        let document = try! ModelCommitment(layout: ModelLayout.open(path: path), threads: 1, tool: "test")
        let key = try! statement.keygen(k: statement.minimumK, srs: srs)
        let proof = try! statement.prove(witness: x, key: key, srs: srs)
        return Files(modelFile: path, commitment: Array(document.json.utf8), key: key.vk.encoded(),
                     proof: proof.encoded(vkDigest: key.vk.digest), keyDigest: key.vk.digest)
    }()

    static let bundle: EvidenceBundle = {
        var builder = BundleBuilder()
        try! builder.addModel(commitment: files.commitment, role: .model, name: "model.json")
        try! builder.addProof(proof: files.proof, proofName: "chain.proof", key: files.key, keyName: "chain.vk")
        return try! builder.build()
    }()

    /// Inputs under which the bundle verifies: the SRS file, and the key's digest as trusted
    /// so that no check re-runs key generation.
    static var trusting: BundleVerifierInputs {
        BundleVerifierInputs(srs: srs, trustedKeyDigests: [files.keyDigest])
    }
}
