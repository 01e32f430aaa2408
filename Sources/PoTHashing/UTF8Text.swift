/// Strict UTF-8: the string when `bytes` are well-formed, `nil` otherwise. Decoding repairs
/// ill-formed sequences with U+FFFD, so the round trip is exact only for valid input.
func strictUTF8(_ bytes: [UInt8]) -> String? {
    let text = String(decoding: bytes, as: UTF8.self)
    return text.utf8.elementsEqual(bytes) ? text : nil
}

extension String {
    /// Names and keys are compared as byte strings: Swift's `==` and `<` identify canonically
    /// equivalent strings, which would merge distinct names and sort unlike the documented order.
    var bytes: [UInt8] { Array(utf8) }

    /// The name quoted for an error message, with control characters escaped.
    var quoted: String {
        "'" + unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined() + "'"
    }
}

/// Byte-wise lexicographic order of UTF-8 encodings, the order of sorted entries in a tree.
func utf8Less(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
