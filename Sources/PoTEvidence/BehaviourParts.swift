import Foundation
import PoTBehaviour
import PoTSystem

/// The behavioural parts of a bundle, read with PoTBehaviour's strict readers: the prompt
/// bank, the published commitment, the contribution (when given), the transcript's lines and
/// the revealed secret. Each reader's error names the part.
struct BehaviourParts {
    let bank: PromptBank
    let published: ChallengeCommitment
    let contribution: Contribution?
    let lines: [String]
    let secret: AuditorSecret

    init(bank: [UInt8], commitment: [UInt8], contribution: [UInt8]?, transcript: [UInt8], reveal: [UInt8],
         names: (bank: String, commitment: String, contribution: String, transcript: String, reveal: String)) throws(BehaviourError) {
        self.bank = try PromptBank(data: Data(bank), name: names.bank)
        published = try CommitmentRecord.read(try Self.line(commitment, names.commitment), at: names.commitment)
        if let contribution {
            self.contribution = try ContributionRecord.read(try Self.line(contribution, names.contribution), at: names.contribution, for: published)
        } else {
            self.contribution = nil
        }
        lines = try Self.lines(transcript, names.transcript)
        let reveal = try TranscriptJSON.decode(KeyReveal.self, from: try Self.line(reveal, names.reveal), at: names.reveal)
        guard reveal.commitment == Hex.encode(published.value), reveal.runId == published.runID else {
            throw .badKey("\(names.reveal): the reveal answers commitment \(reveal.commitment) of run \(reveal.runId), not the published one")
        }
        guard let bytes = Hex.decode(reveal.secret) else { throw .badKey("\(names.reveal): the secret is not hex") }
        secret = try AuditorSecret(bytes: bytes)
    }

    /// Checks the transcript against everything published: the commitment, the contribution,
    /// the secret (which opens the commitment and re-derives every seed); the structure,
    /// prompts, running figures and decision follow (TranscriptVerifier).
    func verify() throws(BehaviourError) -> TranscriptVerification {
        var inputs = PoTBehaviour.VerificationInputs()
        inputs.published = published
        inputs.contribution = contribution
        inputs.secret = secret
        return try TranscriptVerifier.verify(lines: lines, bank: bank, inputs: inputs)
    }

    /// The NDJSON lines of a transcript (UTF-8, empty lines dropped as `pot behave verify` does).
    static func lines(_ bytes: [UInt8], _ name: String) throws(BehaviourError) -> [String] {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .rejected("\(name): not UTF-8") }
        return text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
    }

    /// The one line of a single-record file.
    static func line(_ bytes: [UInt8], _ name: String) throws(BehaviourError) -> String {
        let lines = try lines(bytes, name)
        guard lines.count == 1 else { throw .rejected("\(name): expected one JSON line, found \(lines.count)") }
        return lines[0]
    }
}
