/// How a challenge is turned into a score in [0, 1]; recorded in the transcript header.
public enum ScoringMethod: String, Sendable, Codable {
    /// Same vocabulary: the mean, over the K continuation positions, of the total-variation
    /// distance ½ Σ_v |p(v) − q(v)| between the two models' next-token distributions, both
    /// teacher-forced on prompt + the reference's greedy continuation of exactly K tokens
    /// (end-of-sequence tokens do not stop it).
    case meanTotalVariation = "mean-total-variation"
    /// Different vocabularies, where token distributions cannot be compared: each model
    /// continues the prompt greedily for exactly K of its own tokens; both texts are cut to the
    /// shorter one's length in Unicode scalars (n) and the score is their Levenshtein distance
    /// divided by n (0 if both are empty, 1 if only one is).
    case textEditDistance = "text-edit-distance"
    /// One side is a served model (an endpoint) that returns only its k likeliest tokens per
    /// position: the endpoint continues the prompt greedily for K tokens with its top-k
    /// log-probabilities; the local model is teacher-forced on prompt + that continuation; the
    /// score is the mean over the positions of ``Distances/topKTotalVariation(full:top:)``, the
    /// total variation between the two distributions coarsened to the endpoint's top-k tokens
    /// and one bucket for the rest of the vocabulary. It is at most the full-distribution
    /// score, and at least that minus the smaller of the two rest masses (docs/behaviour.md).
    case topKTotalVariation = "top-k-total-variation"

    /// The definition in words, written into the transcript.
    public var definition: String {
        switch self {
        case .meanTotalVariation:
            "mean over the K continuation positions of the total-variation distance between the reference's and the candidate's next-token distributions, both teacher-forced on prompt + the reference's greedy K-token continuation (end-of-sequence tokens do not stop it)"
        case .textEditDistance:
            "the vocabularies differ: Levenshtein distance between the two models' greedy K-token continuations (as text, end-of-sequence tokens not stopping them), both cut to the shorter one's length n in Unicode scalars, divided by n; 0 if both are empty, 1 if only one is"
        case .topKTotalVariation:
            "mean over the endpoint's greedy continuation (K tokens, fewer only if it reports finish_reason stop) of the total-variation distance between the local model's next-token distribution, teacher-forced on prompt + that continuation, and the endpoint's, both coarsened to the endpoint's top-k tokens plus one bucket for the rest of the vocabulary; a lower bound of the full-distribution distance, within the smaller rest mass of it"
        }
    }
}
