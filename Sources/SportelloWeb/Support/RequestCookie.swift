public import Hummingbird

extension Request {
    /// The value of the first cookie called `name`, found without parsing the others (every request reads two).
    /// Values are taken as sent, as Hummingbird's `cookies` does.
    func cookieValue(_ name: String) -> String? {
        for header in headers[values: .cookie] {
            for pair in header.utf8.split(separator: UInt8(ascii: ";")) {
                let trimmed = pair.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
                guard let equals = trimmed.firstIndex(of: UInt8(ascii: "=")),
                    trimmed[..<equals].elementsEqual(name.utf8)
                else { continue }
                return String(Substring(trimmed[trimmed.index(after: equals)...]))
            }
        }
        return nil
    }
}
