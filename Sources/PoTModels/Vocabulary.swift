/// A model's vocabulary as GGUF stores it under `tokenizer.ggml.*`: token texts and types, BPE
/// merges or SentencePiece scores, and the special tokens with the rules for adding them.
public struct Vocabulary: Sendable {
    /// `tokenizer.ggml.token_type`, as llama.cpp numbers it.
    public enum TokenType: Int32, Sendable {
        case undefined = 0, normal, unknown, control, userDefined, unused, byte
    }

    /// `tokenizer.ggml.model`: "gpt2" (byte-level BPE) or "llama" (SentencePiece).
    public let model: String
    /// `tokenizer.ggml.pre`: the pre-tokenizer family of a BPE vocabulary.
    public let pre: String?
    public let tokens: [String]
    public let types: [TokenType]
    /// SentencePiece merge priorities (higher merges first); empty for BPE vocabularies.
    let scores: [Float]
    /// Merge rank by "left right" pair; lower merges first.
    let mergeRanks: [String: Int]
    let ids: [String: Int32]
    public let bos: Int32?, eos: Int32?, unknown: Int32?
    /// Whether encoding prepends BOS / appends EOS, from the metadata or the family's default.
    public let addsBOS: Bool, addsEOS: Bool
    /// SentencePiece: whether text after a special token (or at the start) gets a leading space.
    public let addsSpacePrefix: Bool

    init(file: GGUFFile) throws(ModelError) {
        guard let model = file.string("tokenizer.ggml.model") else {
            throw ModelError(path: file.path, reason: "no tokenizer in the GGUF metadata (tokenizer.ggml.model)")
        }
        guard let tokens = file.strings("tokenizer.ggml.tokens"), !tokens.isEmpty else {
            throw ModelError(path: file.path, reason: "no tokenizer.ggml.tokens in the GGUF metadata")
        }
        self.model = model
        self.tokens = tokens
        pre = file.string("tokenizer.ggml.pre")
        let rawTypes = file.int32s("tokenizer.ggml.token_type") ?? []
        types = tokens.indices.map { i in i < rawTypes.count ? TokenType(rawValue: rawTypes[i]) ?? .normal : .normal }
        var ranks: [String: Int] = [:]
        for (rank, merge) in (file.strings("tokenizer.ggml.merges") ?? []).enumerated() where ranks[merge] == nil {
            ranks[merge] = rank
        }
        mergeRanks = ranks
        scores = file.float32s("tokenizer.ggml.scores") ?? []
        guard model != "llama" || scores.count == tokens.count else {
            throw ModelError(path: file.path, reason: "a SentencePiece vocabulary needs one score per token")
        }
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(tokens.count)
        for (i, t) in tokens.enumerated() where ids[t] == nil { ids[t] = Int32(i) }
        self.ids = ids
        bos = try file.tokenID("tokenizer.ggml.bos_token_id", below: tokens.count)
        eos = try file.tokenID("tokenizer.ggml.eos_token_id", below: tokens.count)
        unknown = try file.tokenID("tokenizer.ggml.unknown_token_id", below: tokens.count)
        let familyAddsBOS = model == "llama" || PreTokenizer(name: pre ?? "") == .llama3
        addsBOS = file.bool("tokenizer.ggml.add_bos_token") ?? familyAddsBOS
        addsEOS = file.bool("tokenizer.ggml.add_eos_token") ?? false
        addsSpacePrefix = file.bool("tokenizer.ggml.add_space_prefix") ?? (model == "llama")
    }

    /// The id of the token whose text is `text`.
    public func id(of text: String) -> Int32? { ids[text] }

    /// SentencePiece's token for one raw byte, written `<0xAB>` (or the byte itself if it is a token).
    func byteToken(_ byte: UInt8) -> Int32? {
        let hex = String(byte, radix: 16, uppercase: true)
        return ids["<0x\(byte < 16 ? "0" : "")\(hex)>"] ?? ids[String(decoding: [byte], as: UTF8.self)]
    }
}
