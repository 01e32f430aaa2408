/// Splits text into the words that byte-pair encoding then encodes separately, one variant per
/// `tokenizer.ggml.pre` family, each following the regular expression of the original
/// tokenizer as llama.cpp's hand-written matchers interpret it.
enum PreTokenizer: Sendable {
    /// GPT-2: `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`.
    case gpt2
    /// SmolLM: every digit on its own (`\p{N}`), then GPT-2 within what remains.
    case digitsThenGPT2
    /// Llama 3: case-insensitive contractions, letters with one leading non-letter, numbers in
    /// groups of up to three, punctuation with trailing newlines, newline runs, spaces.
    case llama3
    /// Qwen2: as Llama 3 but every digit on its own.
    case qwen2

    /// The variant for a `tokenizer.ggml.pre` value, or nil for one this toolkit does not
    /// implement. Only names whose every llama.cpp setting matches a checked variant are
    /// accepted (llama.cpp's "default", used when the key is missing, is a different pattern set).
    init?(name: String) {
        switch name {
        case "gpt-2": self = .gpt2
        case "smollm": self = .digitsThenGPT2
        case "llama3", "llama-v3", "llama-bpe": self = .llama3
        case "qwen2": self = .qwen2
        default: return nil
        }
    }

    /// llama 3 files take a whole word that is itself a token even where the merges would not
    /// build it (as Hugging Face's `ignore_merges`).
    var ignoresMerges: Bool { self == .llama3 }

    /// The words of `text`.
    func split(_ slice: ArraySlice<Unicode.Scalar>) -> [ArraySlice<Unicode.Scalar>] {
        let text = Array(slice)
        return ranges(text).map { text[$0] }
    }

    private func ranges(_ text: [Unicode.Scalar]) -> [Range<Int>] {
        let classes = text.map(UnicodeClass.init)
        switch self {
        case .gpt2:
            return Self.gpt2(text, classes, 0..<text.count)
        case .digitsThenGPT2:
            return Self.digitRuns(classes).flatMap { Self.gpt2(text, classes, $0) }
        case .llama3:
            return Self.llama3(text, classes, 0..<text.count, digitGroup: 3)
        case .qwen2:
            return Self.llama3(text, classes, 0..<text.count, digitGroup: 1)
        }
    }

    /// Each number character alone, and the stretches between them.
    private static func digitRuns(_ classes: [UnicodeClass]) -> [Range<Int>] {
        var pieces: [Range<Int>] = [], start = 0
        for (i, c) in classes.enumerated() where c.contains(.number) {
            if start < i { pieces.append(start..<i) }
            pieces.append(i..<i + 1)
            start = i + 1
        }
        if start < classes.count { pieces.append(start..<classes.count) }
        return pieces
    }

    /// Length of an English contraction (`'s`, `'re`, …) starting at `i`, or 0.
    private static func contraction(_ text: [Unicode.Scalar], _ i: Int, _ end: Int, caseInsensitive: Bool) -> Int {
        guard text[i] == "'", i + 1 < end else { return 0 }
        func lower(_ s: Unicode.Scalar) -> Unicode.Scalar {
            caseInsensitive ? (s.properties.lowercaseMapping.unicodeScalars.first ?? s) : s
        }
        let a = lower(text[i + 1])
        if "stmd".unicodeScalars.contains(a) { return 2 }
        guard i + 2 < end else { return 0 }
        let b = lower(text[i + 2])
        return (a == "r" && b == "e") || (a == "v" && b == "e") || (a == "l" && b == "l") ? 3 : 0
    }

    private static func gpt2(_ text: [Unicode.Scalar], _ classes: [UnicodeClass], _ range: Range<Int>) -> [Range<Int>] {
        var words: [Range<Int>] = []
        let end = range.upperBound
        func cls(_ i: Int) -> UnicodeClass? { i < end ? classes[i] : nil }
        var pos = range.lowerBound
        while pos < end {
            let start = pos
            let n = contraction(text, pos, end, caseInsensitive: false)
            if n > 0 {
                pos += n
            } else {
                // An optional single space joins the run that follows it.
                let lead = text[pos] == " " && pos + 1 < end ? 1 : 0
                let first = cls(pos + lead)!
                if lead == 1 || !first.contains(.whitespace) {
                    let kind: (UnicodeClass) -> Bool =
                        first.contains(.letter) ? { $0.contains(.letter) }
                        : first.contains(.number) ? { $0.contains(.number) }
                        : first.contains(.whitespace) ? { _ in false }
                        : { $0.isDisjoint(with: [.letter, .number, .whitespace]) }
                    var p = pos + lead
                    while let c = cls(p), kind(c) { p += 1 }
                    if p > pos + lead { pos = p }
                }
                if pos == start {
                    var spaces = 0
                    while let c = cls(pos + spaces), c.contains(.whitespace) { spaces += 1 }
                    // \s+(?!\S) leaves the last space to the word that follows.
                    pos += spaces > 1 && pos + spaces < end ? spaces - 1 : max(spaces, 1)
                }
            }
            words.append(start..<pos)
        }
        return words
    }

    private static func llama3(
        _ text: [Unicode.Scalar], _ classes: [UnicodeClass], _ range: Range<Int>, digitGroup: Int
    ) -> [Range<Int>] {
        var words: [Range<Int>] = []
        let end = range.upperBound
        func cls(_ i: Int) -> UnicodeClass? { i < end ? classes[i] : nil }
        func isNewline(_ i: Int) -> Bool { i < end && (text[i] == "\r" || text[i] == "\n") }
        var pos = range.lowerBound
        while pos < end {
            let start = pos
            let c = classes[pos]
            defer { words.append(start..<pos) }
            let n = contraction(text, pos, end, caseInsensitive: true)
            if n > 0 { pos += n; continue }
            // [^\r\n\p{L}\p{N}]?\p{L}+
            if !isNewline(pos), !c.contains(.number),
               c.contains(.letter) || cls(pos + 1)?.contains(.letter) == true {
                pos += 1
                while cls(pos)?.contains(.letter) == true { pos += 1 }
                continue
            }
            // \p{N}{1,digitGroup}
            if c.contains(.number) {
                while pos - start < digitGroup, cls(pos)?.contains(.number) == true { pos += 1 }
                continue
            }
            // ' ?[^\s\p{L}\p{N}]+[\r\n]*'
            let lead = text[pos] == " " ? 1 : 0
            func isOther(_ i: Int) -> Bool { cls(i).map { $0.isDisjoint(with: [.letter, .number, .whitespace]) } ?? false }
            if isOther(pos + lead) {
                pos += lead
                while isOther(pos) { pos += 1 }
                while isNewline(pos) { pos += 1 }
                continue
            }
            var spaces = 0, afterLastNewline = 0
            while let s = cls(pos + spaces), s.contains(.whitespace) {
                if isNewline(pos + spaces) { afterLastNewline = pos + spaces + 1 }
                spaces += 1
            }
            if afterLastNewline > 0 {
                pos = afterLastNewline  // \s*[\r\n]+
            } else if spaces > 1, pos + spaces < end {
                pos += spaces - 1  // \s+(?!\S)
            } else {
                pos += max(spaces, 1)  // \s+, or a character no branch takes
            }
        }
        return words
    }
}
