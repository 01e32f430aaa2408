import PoTAlgebra
import PoTCommitments

/// The labels of the proof's transcript (docs/plonk-format.md), in the order they are used.
enum ProofTranscript {
    static let protocolLabel = "PoT-PLONK-v1"
    static let key = "verifying-key"
    static let instanceCount = "instance-count"
    static let instance = "instance"
    static let advice = "advice"
    static let challenge = "challenge"
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

    /// Absorbs the advice commitments of `columns` (indices into `commitments`), in order.
    static func absorbAdvice(_ t: inout Transcript, _ commitments: [G1], columns: some Sequence<Int>) {
        for c in columns { t.absorb(advice, point: commitments[c]) }
    }

    /// The circuit's own challenges, drawn once the first-phase advice is absorbed.
    static func circuitChallenges(_ t: inout Transcript, count: Int) -> [Fr] {
        (0..<count).map { _ in t.challenge(challenge) }
    }

    /// The verifier's replay of the witness commitments (the user's advice columns by index,
    /// then the multiplicities): first-phase columns, the circuit's challenges, second-phase
    /// columns, multiplicities. Returns the circuit's challenges.
    static func absorbWitness(_ t: inout Transcript, _ commitments: [G1], layout: ArgumentLayout) -> [Fr] {
        absorbAdvice(&t, commitments, columns: layout.firstPhase)
        let circuit = circuitChallenges(&t, count: layout.circuitChallenges)
        absorbAdvice(&t, commitments, columns: layout.secondPhase)
        absorbAdvice(&t, commitments, columns: layout.userAdvice..<layout.witnessCommitments)
        return circuit
    }

    /// θ, β, γ, λ, drawn once every witness commitment is absorbed.
    static func challenges(_ t: inout Transcript, circuit: [Fr]) -> Challenges {
        let theta = t.challenge(theta), beta = t.challenge(beta), gamma = t.challenge(gamma)
        return Challenges(circuit: circuit, theta: theta, beta: beta, gamma: gamma, lambda: t.challenge(lambda))
    }
}
