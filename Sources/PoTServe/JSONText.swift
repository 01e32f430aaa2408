/// A JSON document to send, written compactly in member order.
///
/// Log-probabilities are the runner's binary32 values, written in Swift's shortest form that
/// reads back to the same binary32 (`-0.6931472`, `-1.2e-05`): a client that parses them as
/// binary32 has the runner's exact numbers.
indirect enum JSONText: Sendable {
    case object([(String, JSONText)])
    case array([JSONText])
    case string(String)
    case int(Int)
    case float(Float)
    case bool(Bool)
    case null

    var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .object(let members):
            out += "{"
            for (i, member) in members.enumerated() {
                if i > 0 { out += "," }
                Self.quote(member.0, into: &out)
                out += ":"
                member.1.write(to: &out)
            }
            out += "}"
        case .array(let elements):
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                element.write(to: &out)
            }
            out += "]"
        case .string(let s): Self.quote(s, into: &out)
        case .int(let n): out += String(n)
        case .float(let x):
            // JSON has no infinities or NaN; the completion code never hands them over.
            precondition(x.isFinite, "non-finite number in a response")
            out += "\(x)"
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }

    /// A JSON string: `"`, `\` and control characters escaped, everything else as UTF-8.
    private static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
