/// The character classes the pre-tokenizer patterns test (`\p{L}`, `\p{N}`, `\s`), from the
/// Unicode data Swift ships: general category for letters and numbers, the White_Space property
/// for `\s`, as llama.cpp's tables define them.
struct UnicodeClass: OptionSet {
    let rawValue: UInt8
    static let letter = UnicodeClass(rawValue: 1)
    static let number = UnicodeClass(rawValue: 2)
    static let whitespace = UnicodeClass(rawValue: 4)

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init(_ scalar: Unicode.Scalar) {
        var c: UnicodeClass = []
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: c.insert(.letter)
        case .decimalNumber, .letterNumber, .otherNumber: c.insert(.number)
        default: break
        }
        if scalar.properties.isWhitespace { c.insert(.whitespace) }
        self = c
    }
}
