import PoTModels
import PoTSystem

/// A model's vocabulary as far as the choice of ``ScoringMethod`` goes: its token strings and
/// its output size, reduced to a digest so that a reference recorded on disk can be compared
/// with a candidate loaded later.
public struct VocabularyIdentity: Sendable, Equatable {
    /// Rows of the model's output: the length of every next-token distribution.
    public let size: Int
    /// SHA-256 of the token strings, each as an 8-byte big-endian length and its UTF-8 bytes, hex.
    public let sha256: String

    public init(size: Int, sha256: String) {
        self.size = size
        self.sha256 = sha256
    }

    public init(model: LanguageModel, tokenizer: Tokenizer) {
        var hash = SHA256()
        for token in tokenizer.vocabulary.tokens { hash.update(Encoding.lengthPrefixed(Array(token.utf8))) }
        self.init(size: model.hyper.vocabularySize, sha256: Hex.encode(hash.finalize()))
    }

    /// Token distributions can be compared only over one vocabulary; otherwise the texts are.
    public static func method(reference: VocabularyIdentity, candidate: VocabularyIdentity) -> ScoringMethod {
        reference == candidate ? .meanTotalVariation : .textEditDistance
    }
}
