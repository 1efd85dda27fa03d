/// Comparison of secrets (tokens, state, nonce) whose running time does not depend on where they differ.
public enum ConstantTime {
    public static func equals(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
