/// SentencePiece BPE as llama.cpp runs it on llama/Mistral vocabularies: spaces become "▁",
/// the text starts as single characters, and the adjacent pair whose concatenation is the
/// highest-scoring token (the leftmost among equals) merges until none is a token; characters
/// that are not tokens are written as their UTF-8 byte tokens (`<0x41>`).
struct SentencePieceEncoder {
    let vocabulary: Vocabulary

    static let space: Unicode.Scalar = "\u{2581}"

    func encode(_ text: ArraySlice<Unicode.Scalar>, into out: inout [Int32]) {
        var symbols = text.map { $0 == " " ? String(Self.space) : String($0) }
        while symbols.count > 1 {
            var best: (score: Float, index: Int)?
            for i in 0..<(symbols.count - 1) {
                if let id = vocabulary.id(of: symbols[i] + symbols[i + 1]) {
                    let score = vocabulary.scores[Int(id)]
                    if best == nil || score > best!.score { best = (score, i) }
                }
            }
            guard let best else { break }
            symbols[best.index] += symbols[best.index + 1]
            symbols.remove(at: best.index + 1)
        }
        for symbol in symbols {
            if let id = vocabulary.id(of: symbol) {
                out.append(id)
            } else {
                for byte in symbol.utf8 {
                    if let id = vocabulary.byteToken(byte) { out.append(id) }
                }
            }
        }
    }
}
