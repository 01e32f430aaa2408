/// GPT-2's reversible map from bytes to printable characters, in which byte-level BPE
/// vocabularies are written: printable Latin-1 bytes stand for themselves, the other 68 bytes
/// for the characters from U+0100 on, in byte order.
enum ByteLevel {
    static let characters: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        var next: UInt32 = 256
        for byte in 0..<256 {
            let printable = (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte)
            if printable {
                table[byte] = Unicode.Scalar(UInt8(byte))
            } else {
                table[byte] = Unicode.Scalar(next)!
                next += 1
            }
        }
        return table
    }()

    static let bytes: [Unicode.Scalar: UInt8] = {
        Dictionary(uniqueKeysWithValues: characters.enumerated().map { ($1, UInt8($0)) })
    }()

    /// `text`'s UTF-8 bytes written as byte-level characters.
    static func encode<S: Sequence>(_ utf8: S) -> String where S.Element == UInt8 {
        var s = String.UnicodeScalarView()
        for b in utf8 { s.append(characters[Int(b)]) }
        return String(s)
    }

    /// The bytes a byte-level token stands for; characters outside the map are kept as UTF-8.
    static func decode(_ token: String) -> [UInt8] {
        var out: [UInt8] = []
        for scalar in token.unicodeScalars {
            if let b = bytes[scalar] { out.append(b) } else { out.append(contentsOf: String(scalar).utf8) }
        }
        return out
    }
}
