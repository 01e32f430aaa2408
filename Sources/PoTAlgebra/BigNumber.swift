import CGMP

/// A non-negative big integer held by GMP, for parsing and printing only: field and curve
/// arithmetic never goes through it.
final class BigNumber {
    private var value = __mpz_struct()

    init(limbs: [UInt64]) {
        __gmpz_init(&value)
        // order -1: least significant word first; endian 0: native words.
        __gmpz_import(&value, limbs.count, -1, 8, 0, 0, limbs)
    }

    /// Decimal, or hexadecimal with a "0x" prefix; nil for anything else, including a sign.
    init?(text: String) {
        __gmpz_init(&value)
        let hex = text.hasPrefix("0x") || text.hasPrefix("0X")
        let digits = hex ? String(text.dropFirst(2)) : text
        let allowed = hex ? "0123456789abcdefABCDEF" : "0123456789"
        guard !digits.isEmpty, digits.allSatisfy({ allowed.contains($0) }),
              __gmpz_set_str(&value, digits, hex ? 16 : 10) == 0 else { return nil }
    }

    deinit { __gmpz_clear(&value) }

    func text(radix: Int32) -> String {
        let size = __gmpz_sizeinbase(&value, radix) + 2
        var buffer = [CChar](repeating: 0, count: size)
        __gmpz_get_str(&buffer, radix, &value)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The value as `count` little-endian 64-bit limbs, or nil when it does not fit.
    func limbs(count: Int) -> [UInt64]? {
        guard (__gmpz_sizeinbase(&value, 2) + 63) / 64 <= count else { return nil }
        var out = [UInt64](repeating: 0, count: count)
        var written = 0
        _ = out.withUnsafeMutableBytes { __gmpz_export($0.baseAddress, &written, -1, 8, 0, 0, &value) }
        return out
    }

    /// GMP's version string, as the library reports it.
    static var libraryVersion: String { String(cString: __gmp_version) }
}
