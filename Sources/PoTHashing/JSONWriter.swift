/// Writes JSON in one fixed layout, so that a document has a single encoding: proofs are
/// accepted only in this form (a re-encoded proof must equal the file byte for byte), which
/// makes every flipped bit either change a bound value or break the encoding.
///
/// Layout: two-space indentation; an object or array is written on one line when it holds
/// only scalars and arrays of numbers (a tensor entry, a shape), otherwise one member per line;
/// strings escape `"`, `\` and control characters (as `\u00xx`, lowercase) and nothing else.
extension JSON {
    /// The document with a final newline.
    var encoded: String {
        var out = ""
        write(to: &out, indent: "")
        out += "\n"
        return out
    }

    private var isFlat: Bool {
        switch kind {
        case .object(let members): members.allSatisfy { $0.value.isScalar || $0.value.isNumberArray }
        case .array: isNumberArray
        default: true
        }
    }

    private var isScalar: Bool {
        switch kind {
        case .object, .array: false
        default: true
        }
    }

    private var isNumberArray: Bool {
        guard case .array(let elements) = kind else { return false }
        return elements.allSatisfy { if case .number = $0.kind { true } else { false } }
    }

    private func write(to out: inout String, indent: String) {
        switch kind {
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            if isFlat {
                out += "{" + members.map { Self.quote($0.key) + ": " + $0.value.inline }.joined(separator: ", ") + "}"
                return
            }
            let inner = indent + "  "
            out += "{\n"
            for (i, member) in members.enumerated() {
                out += inner + Self.quote(member.key) + ": "
                member.value.write(to: &out, indent: inner)
                out += i + 1 < members.count ? ",\n" : "\n"
            }
            out += indent + "}"
        case .array(let elements):
            guard !elements.isEmpty else { out += "[]"; return }
            if isFlat {
                out += inline
                return
            }
            let inner = indent + "  "
            out += "[\n"
            for (i, element) in elements.enumerated() {
                out += inner
                element.write(to: &out, indent: inner)
                out += i + 1 < elements.count ? ",\n" : "\n"
            }
            out += indent + "]"
        default:
            out += inline
        }
    }

    private var inline: String {
        switch kind {
        case .object(let members): "{" + members.map { Self.quote($0.key) + ": " + $0.value.inline }.joined(separator: ", ") + "}"
        case .array(let elements): "[" + elements.map(\.inline).joined(separator: ", ") + "]"
        case .string(let s): Self.quote(s)
        case .number(let text): text
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        }
    }

    private static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// Builders for the documents the toolkit writes.
extension JSON {
    static func object(_ members: KeyValuePairs<String, JSON>) -> JSON {
        JSON(.object(members.map { Member(key: $0.key, offset: 0, value: $0.value) }))
    }
    /// An object with its members in the given order (keys are not checked for repeats).
    public static func object(_ members: [(String, JSON)]) -> JSON {
        JSON(.object(members.map { Member(key: $0.0, offset: 0, value: $0.1) }))
    }
    public static func string(_ s: String) -> JSON { JSON(.string(s)) }
    public static func number<I: BinaryInteger>(_ n: I) -> JSON { JSON(.number(String(n))) }
    /// A binary32 in Swift's shortest form that reads back to the same binary32
    /// (`-0.6931472`, `-1.2e-05`), so a reader that parses it as binary32 has the exact value.
    /// JSON has no infinities or NaN: `x` must be finite.
    public static func float(_ x: Float) -> JSON {
        precondition(x.isFinite, "JSON has no non-finite numbers")
        return JSON(.number("\(x)"))
    }
    public static func bool(_ b: Bool) -> JSON { JSON(.bool(b)) }
    public static let null = JSON(.null)
    public static func array(_ elements: [JSON]) -> JSON { JSON(.array(elements)) }

    /// The document on one line with no spaces, for the wire (HTTP responses); escaping as in
    /// `encoded`.
    public var compact: String {
        switch kind {
        case .object(let members): "{" + members.map { Self.quote($0.key) + ":" + $0.value.compact }.joined(separator: ",") + "}"
        case .array(let elements): "[" + elements.map(\.compact).joined(separator: ",") + "]"
        default: inline
        }
    }

    /// The member named `key`, or an error naming the document and what was expected.
    func member(_ key: String, path: String) throws(ModelFileError) -> JSON {
        guard let members else { throw ModelFileError(path: path, offset: offset, reason: "expected an object, found \(typeName)") }
        guard let found = members.first(where: { $0.key.bytes == key.bytes }) else {
            throw ModelFileError(path: path, offset: offset, reason: "missing key \(key.quoted)")
        }
        return found.value
    }
}
