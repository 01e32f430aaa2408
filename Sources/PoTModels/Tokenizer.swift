/// Text to token ids and back, exactly as llama.cpp tokenizes with the same GGUF vocabulary.
///
/// Special tokens written in the text (`<|im_start|>`) become their ids when `parseSpecial` is
/// set, as in llama.cpp; user-defined tokens are always recognised.
public struct Tokenizer: Sendable {
    public let vocabulary: Vocabulary
    private enum Encoder {
        case bytePair(PreTokenizer, BytePairEncoder)
        case sentencePiece(SentencePieceEncoder)
    }
    private let encoder: Encoder
    /// Control, unknown and user-defined tokens, longest text first (llama.cpp's partition order).
    private let specials: [(text: String, id: Int32, alwaysParsed: Bool)]

    /// The tokenizer of the GGUF file at `path` (a model or a vocabulary-only file).
    public init(path: String) throws(ModelError) {
        try self.init(file: GGUFFile(path: path))
    }

    init(file: GGUFFile) throws(ModelError) {
        let vocabulary = try Vocabulary(file: file)
        switch vocabulary.model {
        case "gpt2":
            guard let name = vocabulary.pre else {
                throw ModelError(path: file.path, reason: "no tokenizer.ggml.pre: the BPE pre-tokenizer is unknown")
            }
            guard let pre = PreTokenizer(name: name) else {
                throw ModelError(
                    path: file.path, reason: "unsupported pre-tokenizer \"\(name)\" (supported: gpt-2, smollm, llama3, llama-bpe, qwen2)")
            }
            encoder = .bytePair(pre, BytePairEncoder(vocabulary: vocabulary, ignoresMerges: pre.ignoresMerges))
        case "llama":
            encoder = .sentencePiece(SentencePieceEncoder(vocabulary: vocabulary))
        default:
            throw ModelError(
                path: file.path, reason: "unsupported tokenizer model \"\(vocabulary.model)\" (supported: gpt2, llama)")
        }
        self.vocabulary = vocabulary
        specials = vocabulary.types.enumerated()
            .filter { [.control, .unknown, .userDefined].contains($0.element) && !vocabulary.tokens[$0.offset].isEmpty }
            .map { (vocabulary.tokens[$0.offset], Int32($0.offset), $0.element == .userDefined) }
            .sorted { $0.text.utf8.count > $1.text.utf8.count }
    }

    /// Token ids of `text`.
    /// - Parameters:
    ///   - addSpecial: add BOS/EOS where the vocabulary's metadata asks for them.
    ///   - parseSpecial: recognise control tokens written in the text.
    public func encode(_ text: String, addSpecial: Bool = true, parseSpecial: Bool = false) -> [Int32] {
        var out: [Int32] = []
        if addSpecial, vocabulary.addsBOS, let bos = vocabulary.bos { out.append(bos) }
        var afterSpecial = true
        for fragment in partition(text, parseSpecial: parseSpecial) {
            switch (fragment, encoder) {
            case (.special(let id), _):
                out.append(id)
                afterSpecial = true
            case (.text(let scalars), .bytePair(let pre, let bpe)):
                for word in pre.split(scalars) {
                    var utf8: [UInt8] = []
                    for s in word { utf8.append(contentsOf: String(s).utf8) }
                    bpe.encode(word: ByteLevel.encode(utf8), into: &out)
                }
            case (.text(let scalars), .sentencePiece(let spm)):
                // As llama.cpp: a space before the text at the start and after every special token.
                spm.encode(vocabulary.addsSpacePrefix && afterSpecial ? [" "] + scalars : scalars, into: &out)
                afterSpecial = false
            }
        }
        if addSpecial, vocabulary.addsEOS, let eos = vocabulary.eos { out.append(eos) }
        return out
    }

    /// The text of `tokens`; control tokens are left out unless `special` is set.
    public func decode(_ tokens: [Int32], special: Bool = false) -> String {
        var bytes: [UInt8] = []
        for id in tokens { append(id, special: special, to: &bytes) }
        if case .sentencePiece = encoder, vocabulary.addsSpacePrefix, bytes.first == 0x20 { bytes.removeFirst() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The bytes of `id` where it follows other text: what it adds to a decoded text, without the
    /// space that ``decode(_:special:)`` drops at the start of one (SentencePiece's word marker
    /// before a continuation's first word is a real space). Control and unknown tokens give their
    /// text only when `special` is set; an id outside the vocabulary gives nothing.
    public func bytes(of id: Int32, special: Bool = false) -> [UInt8] {
        var bytes: [UInt8] = []
        append(id, special: special, to: &bytes)
        return bytes
    }

    private func append(_ id: Int32, special: Bool, to bytes: inout [UInt8]) {
        guard id >= 0, Int(id) < vocabulary.tokens.count else { return }
        let text = vocabulary.tokens[Int(id)]
        switch (vocabulary.types[Int(id)], encoder) {
        case (.control, _), (.unknown, _): if special { bytes.append(contentsOf: text.utf8) }
        case (.userDefined, _): bytes.append(contentsOf: text.utf8)
        case (_, .bytePair): bytes.append(contentsOf: ByteLevel.decode(text))
        case (.byte, .sentencePiece):
            if let b = UInt8(text.dropFirst(3).dropLast(), radix: 16) { bytes.append(b) }
        case (_, .sentencePiece):
            bytes.append(contentsOf: String(text.unicodeScalars.map { $0 == SentencePieceEncoder.space ? " " : Character($0) }).utf8)
        }
    }

    /// Text between special tokens is kept as Unicode scalars, so that a special token is found
    /// whatever characters surround it (no grapheme clustering).
    private enum Fragment { case text(ArraySlice<Unicode.Scalar>), special(Int32) }

    /// Splits out special tokens, longest first, then the rest in order.
    private func partition(_ text: String, parseSpecial: Bool) -> [Fragment] {
        let scalars = Array(text.unicodeScalars)
        var fragments: [Fragment] = scalars.isEmpty ? [] : [.text(scalars[...])]
        for special in specials where parseSpecial || special.alwaysParsed {
            let pattern = Array(special.text.unicodeScalars)
            var next: [Fragment] = []
            for fragment in fragments {
                guard case .text(var rest) = fragment else { next.append(fragment); continue }
                while let found = rest.firstRange(of: pattern) {
                    if found.lowerBound > rest.startIndex { next.append(.text(rest[..<found.lowerBound])) }
                    next.append(.special(special.id))
                    rest = rest[found.upperBound...]
                }
                if !rest.isEmpty { next.append(.text(rest)) }
            }
            fragments = next
        }
        return fragments
    }
}
