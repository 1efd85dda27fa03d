import Foundation
import NIOCore
import SportelloAdapters

/// The fields of an application/x-www-form-urlencoded body.
struct FormFields: Sendable {
    private let pairs: [(String, String)]

    init(buffer: ByteBuffer) {
        pairs = FormEncoding.decode(bytes: Array(buffer.readableBytesView))
    }

    init(pairs: [(String, String)]) {
        self.pairs = pairs
    }

    subscript(name: String) -> String? {
        pairs.first { $0.0 == name }?.1
    }

    /// Every value of a repeated field, in order.
    func all(_ name: String) -> [String] {
        pairs.filter { $0.0 == name }.map(\.1)
    }

    var dictionary: [String: String] {
        Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }
}
