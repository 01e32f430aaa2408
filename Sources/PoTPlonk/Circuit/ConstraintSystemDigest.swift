import PoTAlgebra
import PoTSystem

extension ConstraintSystem {
    /// SHA-256 of a canonical encoding of the circuit's shape: column counts, every gate and
    /// lookup expression, the equality columns in order, the constants column and the degree
    /// bound; then, for a circuit with challenges or second-phase columns only, the challenge
    /// count and the second-phase columns (so every digest of a circuit without phases is what
    /// it was before phases existed). A verifying key records it, so a key is never used with
    /// another circuit's code.
    public var digest: [UInt8] {
        var w = ByteWriter()
        w.raw(Array("PoT-ConstraintSystem-v1".utf8))
        for count in [maxDegree, fixedColumns, adviceColumns, instanceColumns, selectors] { w.u32(UInt32(count)) }
        w.u32(UInt32(gates.count))
        for gate in gates {
            w.string(gate.name)
            w.u32(UInt32(gate.constraints.count))
            for c in gate.constraints {
                w.string(c.name)
                Self.encode(c.expression, &w)
            }
        }
        w.u32(UInt32(lookups.count))
        for lookup in lookups {
            w.string(lookup.name)
            w.u32(UInt32(lookup.inputs.count))
            for (input, table) in zip(lookup.inputs, lookup.table) {
                Self.encode(input, &w)
                Self.encode(table.column, &w)
            }
        }
        w.u32(UInt32(equalityColumns.count))
        for column in equalityColumns { Self.encode(column, &w) }
        w.u32(UInt32(tableColumns.count))
        for column in tableColumns { Self.encode(column, &w) }
        if let constants = constantsColumn {
            w.u8(1)
            Self.encode(constants, &w)
        } else {
            w.u8(0)
        }
        if challenges > 0 || hasSecondPhase {
            w.raw(Array("phases".utf8))
            w.u32(UInt32(challenges))
            let second = adviceColumns(in: .second)
            w.u32(UInt32(second.count))
            for index in second { w.u32(UInt32(index)) }
        }
        return SHA256.hash(w.bytes)
    }

    private static func encode(_ column: Column, _ w: inout ByteWriter) {
        let kind: UInt8 = switch column.kind { case .fixed: 0; case .advice: 1; case .instance: 2 }
        w.u8(kind)
        w.u32(UInt32(column.index))
    }

    private static func encode(_ e: Expr, _ w: inout ByteWriter) {
        switch e {
        case .constant(let c):
            w.u8(0)
            w.scalar(c)
        case .selector(let s):
            w.u8(1)
            w.u32(UInt32(s.index))
        case .query(let q):
            w.u8(2)
            encode(q.column, &w)
            w.u32(UInt32(bitPattern: Int32(q.rotation)))
        case .challenge(let c):
            w.u8(6)
            w.u32(UInt32(c.index))
        case .negated(let a):
            w.u8(3)
            encode(a, &w)
        case .sum(let a, let b):
            w.u8(4)
            encode(a, &w)
            encode(b, &w)
        case .product(let a, let b):
            w.u8(5)
            encode(a, &w)
            encode(b, &w)
        }
    }
}
