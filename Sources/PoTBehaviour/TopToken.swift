/// One entry of a served model's top-k list at a position: a token id of the local model's
/// vocabulary and the server's natural log-probability for it.
public struct TopToken: Sendable, Equatable {
    public let id: Int32
    public let logProb: Double

    public init(id: Int32, logProb: Double) {
        self.id = id
        self.logProb = logProb
    }
}
