/// The prompts of one run: challenge i's seed from the key, its prompt from the bank.
struct Challenges {
    let key: ChallengeKey
    let runID: String
    let bank: PromptBank

    init(secret: AuditorSecret, commitment: ChallengeCommitment, contribution: Contribution, bank: PromptBank) {
        key = ChallengeKey(secret: secret, commitment: commitment, contribution: contribution)
        runID = commitment.runID
        self.bank = bank
    }

    func seed(_ index: Int) -> [UInt8] { ChallengeSeeds.seed(key: key, runID: runID, index: index) }

    func prompt(_ index: Int) -> String { bank.prompt(seed: seed(index)) }
}
