import HTTPTypes
import Hummingbird
import Testing

@testable import SportelloWeb

@Suite("Reading one cookie")
struct RequestCookieTests {
    func request(_ cookieHeaders: [String]) -> Request {
        var fields = HTTPFields()
        for header in cookieHeaders { fields.append(HTTPField(name: .cookie, value: header)) }
        return Request(
            head: HTTPRequest(method: .get, scheme: "http", authority: "a.it", path: "/", headerFields: fields),
            body: .init(buffer: ByteBuffer()))
    }

    @Test("the named cookie's value, whole, from any Cookie header; nil when absent")
    func values() {
        let request = request(["theme=dark;sportello_session=abc=def", "  sportello_lang=en; empty="])
        #expect(request.cookieValue("sportello_session") == "abc=def")
        #expect(request.cookieValue("sportello_lang") == "en")
        #expect(request.cookieValue("empty") == "")
        #expect(request.cookieValue("sportello") == nil)
        #expect(request.cookieValue("dark") == nil)
        #expect(self.request([]).cookieValue("sportello_session") == nil)
        // The same answers as Hummingbird's parser (which reads an empty value as no cookie).
        for name in ["sportello_session", "sportello_lang", "theme", "missing"] {
            #expect(request.cookieValue(name) == request.cookies[name]?.value)
        }
    }
}
