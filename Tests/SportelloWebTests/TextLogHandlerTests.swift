import Logging
import Testing

@testable import SportelloWeb

@Suite("Text log lines")
struct TextLogHandlerTests {
    @Test("metadata is written sorted by key, entry metadata winning over the logger's")
    func metadataLine() {
        var handler = TextLogHandler(label: "sportello")
        handler[metadataKey: "tenant"] = "esempio"
        handler[metadataKey: "request_id"] = "abc"
        #expect(handler[metadataKey: "tenant"] == "esempio")
        let merged = handler.metadata.merging(["tenant": "altro", "filing": "42"], uniquingKeysWith: { $1 })
        #expect(TextLogHandler.format(merged) == " filing=42 request_id=abc tenant=altro")
        #expect(TextLogHandler.format([:]) == "")
    }
}
