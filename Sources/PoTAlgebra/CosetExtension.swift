import CNTT

/// Quotients t = f / Z_H, with f built from products of polynomials on H of degree < n, have
/// degree above n and cannot be computed by division on H itself, where Z_H is zero. The
/// standard route: evaluate the factors on the coset gH' of an extended domain H' ⊇ H of
/// size n·2^e (large enough for deg f), combine pointwise, divide by Z_H (nowhere zero on
/// gH'), and interpolate back from the coset.
extension Domain {
    /// The domain of size n·2^e with the same coset shift, containing this one.
    public func extended(byLog e: Int) -> Domain {
        Domain(logSize: logSize + e, cosetShift: cosetShift, kernel: kernel)
    }

    /// 1 / Z_H(g·ω'^i) for the points of the coset gH' of `extended` ⊇ H. Z_H(g·ω'^i) =
    /// g^n·(ω'^n)^i − 1 and ω'^n has order 2^e, so the values repeat with period 2^e: only
    /// that many are returned, entry i mod 2^e belongs to point i.
    public func vanishingInversesOnCoset(of extended: Domain) -> [Fr] {
        precondition(extended.logSize >= logSize && extended.cosetShift == cosetShift,
                     "the extended domain must contain this one and share its coset shift")
        let period = extended.size / size
        let start = cosetShift.power(UInt64(size)), ratio = extended.generator.power(UInt64(size))
        return Fr.batchInverse(Fr.powers(start: start, ratio: ratio, count: period).map { $0 - .one })
    }
}

extension Evaluations {
    /// Divides coset evaluations by the vanishing polynomial of `subdomain` pointwise. When
    /// the numerator vanishes on the subdomain this is the exact quotient's evaluations.
    public func dividedByVanishing(of subdomain: Domain) -> Evaluations {
        precondition(onCoset, "Z_H is zero on H itself: divide coset evaluations")
        // The period repeated to a longer block, so each kernel call does a useful amount of work.
        let period = subdomain.vanishingInversesOnCoset(of: domain)
        let block = [Fr](repeatElement(period, count: max(1, 1024 / period.count)).joined())
        var out = self
        let count = values.count
        out.values.withMutableRawElements { o in
            block.withRawElements { inv in
                for start in stride(from: 0, to: count, by: block.count) {
                    bn254_fr_vec_mul(o! + start, o! + start, inv, min(block.count, count - start))
                }
            }
        }
        return out
    }
}
