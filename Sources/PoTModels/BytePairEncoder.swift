/// Byte-level BPE over one pre-tokenized word: start from the word's byte characters and merge
/// the adjacent pair of lowest rank (the leftmost among equals) until no pair has a rank, as
/// llama.cpp and Hugging Face do.
struct BytePairEncoder {
    let vocabulary: Vocabulary
    let ignoresMerges: Bool

    func encode(word: String, into out: inout [Int32]) {
        if ignoresMerges, let id = vocabulary.id(of: word) {
            out.append(id)
            return
        }
        var symbols = word.unicodeScalars.map { String($0) }
        while symbols.count > 1 {
            var best: (rank: Int, index: Int)?
            for i in 0..<(symbols.count - 1) {
                if let rank = vocabulary.mergeRanks[symbols[i] + " " + symbols[i + 1]], rank < best?.rank ?? .max {
                    best = (rank, i)
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
                // A merged symbol missing from the vocabulary falls back to its byte tokens.
                for scalar in symbol.unicodeScalars {
                    if let id = vocabulary.id(of: String(scalar)) { out.append(id) }
                }
            }
        }
    }
}
