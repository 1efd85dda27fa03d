import SportelloAdapters
import Testing

@Suite("URL-encoded forms")
struct FormEncodingTests {
    @Test("pairs are decoded with + as space, percent escapes as UTF-8, repeated and empty values kept")
    func decode() {
        let pairs = FormEncoding.decode("a.nome=Mario+Rossi&a.citt%C3%A0=Citt%C3%A0+di+Castello&a.x=1&a.x=2&vuoto=&solo")
        #expect(pairs.map(\.0) == ["a.nome", "a.città", "a.x", "a.x", "vuoto", "solo"])
        #expect(pairs.map(\.1) == ["Mario Rossi", "Città di Castello", "1", "2", "", ""])
    }

    @Test("a malformed escape is kept as typed instead of losing the whole value, and = inside a value stays")
    func malformed() {
        let pairs = FormEncoding.decode("a=50%&b=%zz%4&c=x=y&&d=%E2%82%AC")
        #expect(pairs.map(\.1) == ["50%", "%zz%4", "x=y", "€"])
        #expect(FormEncoding.decode("").isEmpty)
        #expect(FormEncoding.decode("bad=%FF").first?.1 == "\u{FFFD}")
    }

    @Test("encoding and decoding round-trip any text")
    func roundTrip() {
        let fields = [("key with spaces", "valore & più = €"), ("a+b", "100%"), ("", "x")]
        let decoded = FormEncoding.decode(FormEncoding.encode(fields))
        #expect(decoded.map(\.0) == fields.map(\.0))
        #expect(decoded.map(\.1) == fields.map(\.1))
    }
}
