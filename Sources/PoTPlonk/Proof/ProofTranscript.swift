import PoTAlgebra
import PoTCommitments

/// The labels of the proof's transcript (docs/plonk-format.md), in the order they are used.
enum ProofTranscript {
    static let protocolLabel = "PoT-PLONK-v1"
    static let key = "verifying-key"
    static let instanceCount = "instance-count"
    static let instance = "instance"
    static let advice = "advice"
    static let theta = "theta"
    static let beta = "beta"
    static let gamma = "gamma"
    static let lambda = "lambda"
    static let running = "running"
    static let y = "y"
    static let quotient = "quotient"
    static let x = "x"
}

extension ProofTranscript {
    /// A transcript bound to the key and the public inputs.
    static func start(_ vk: VerifyingKey, instances: [[Fr]]) -> Transcript {
        var t = Transcript(protocolLabel: protocolLabel)
        t.absorb(key, bytes: vk.digest)
        for column in instances {
            t.absorb(instanceCount, bytes: Transcript.bigEndian(UInt64(column.count), bytes: 8))
            for v in column { t.absorb(instance, scalar: v) }
        }
        return t
    }

    static func challenges(_ t: inout Transcript) -> Challenges {
        let theta = t.challenge(theta), beta = t.challenge(beta), gamma = t.challenge(gamma)
        return Challenges(theta: theta, beta: beta, gamma: gamma, lambda: t.challenge(lambda))
    }
}
