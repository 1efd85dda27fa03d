import Foundation
import Testing

@testable import SportelloCore

@Suite("Trimming white space")
struct TrimmingTests {
    static let samples = [
        "", " ", "\n\t ", "abc", "  Via Roma 1  ", "\tcittà\n", "\u{00A0}Rossi\u{2003}", "riga uno\nriga due\r\n",
        "\n x \n", "€ 12,50 ", " 日本 ", "a\u{2028}", "\u{3000}", "é", " \u{0301}x",
    ]

    @Test("the same as Foundation's trimming, with and without line breaks", arguments: samples)
    func sameAsFoundation(_ text: String) {
        #expect(text.trimmed() == text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(text.trimmed(keepingLineBreaks: true) == text.trimmingCharacters(in: .whitespaces))
    }
}
