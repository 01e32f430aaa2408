/// One entry of a served model's top-k list at a position: a token id of the local model's
/// vocabulary and the server's natural log-probability for it, as binary32: the precision of
/// the local model's rows it is compared with, and the one servers compute in (vLLM's and
/// llama.cpp's float32 softmax, `pot serve`'s). Their JSON numbers, whether a float32's shortest
/// form or the binary64 form of a float32, read back as exactly that float32; reading them as
/// binary64 gives another number for the shortest form ("-2.3" is not the float32 −2.3).
public struct TopToken: Sendable, Equatable {
    public let id: Int32
    public let logProb: Float

    public init(id: Int32, logProb: Float) {
        self.id = id
        self.logProb = logProb
    }
}
