import CBN254

/// Why a field element or point was rejected.
public enum AlgebraError: Error, Equatable, CustomStringConvertible {
    case nonCanonical
    case notOnCurve
    case notInSubgroup
    case badFlags
    case notASquare
    case wrongLength(expected: Int, got: Int)

    public var description: String {
        switch self {
        case .nonCanonical: "a field element is not below the modulus (non-canonical encoding)"
        case .notOnCurve: "the point is not on the curve"
        case .notInSubgroup: "the point is not in the prime-order subgroup"
        case .badFlags: "reserved or inconsistent flag bits in the point encoding"
        case .notASquare: "the compressed x-coordinate has no point on the curve"
        case let .wrongLength(expected, got): "expected \(expected) bytes, got \(got)"
        }
    }

    static func check(_ status: bn254_status) throws(AlgebraError) {
        switch status {
        case BN254_OK: return
        case BN254_ERR_NONCANONICAL: throw .nonCanonical
        case BN254_ERR_NOT_ON_CURVE: throw .notOnCurve
        case BN254_ERR_NOT_IN_SUBGROUP: throw .notInSubgroup
        case BN254_ERR_BAD_FLAGS: throw .badFlags
        default: throw .notASquare
        }
    }
}
