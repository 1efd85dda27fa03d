import Foundation

/// The document information written twice for PDF/A: as the Info dictionary and as an XMP packet. Both are built
/// from the same cleaned values, so they always agree (a PDF/A-1 requirement).
struct DocumentInfo {
    let title: String
    let author: String
    let subject: String
    let keywords: String
    let creator: String
    let producer: String
    /// The date as `D:YYYYMMDDHHmmSS+HH'mm'`.
    let pdfDate: String
    /// The date as `YYYY-MM-DDTHH:mm:SS+HH:mm`.
    let xmpDate: String

    /// Longest value kept for a metadata entry (PDF/A-1 limits strings to 65535 bytes).
    static let maximumLength = 2000

    init(_ metadata: DocumentMetadata) {
        func clean(_ text: String) -> String {
            // Usually a short single-spaced line of printable ASCII, which stays as it is.
            var previous: UInt8 = 0x20
            var isClean = text.utf8.count <= Self.maximumLength
            for byte in text.utf8 where isClean {
                isClean = (0x21..<0x7F).contains(byte) || (byte == 0x20 && previous != 0x20)
                previous = byte
            }
            if isClean && previous != 0x20 { return text }
            let single = TextSanitizer.clean(text, keepNewlines: false)
            let collapsed = single.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            return String(collapsed.prefix(Self.maximumLength))
        }
        title = clean(metadata.title)
        author = clean(metadata.author)
        subject = clean(metadata.subject)
        keywords = clean(metadata.keywords.map { clean($0) }.filter { !$0.isEmpty }.joined(separator: ", "))
        creator = clean(metadata.creator)
        producer = clean(metadata.producer)
        // Both forms of the date are made from the same parts, worked out without a Calendar (slow to create).
        let date = metadata.creationDate
        let offsetSeconds = metadata.timeZone.secondsFromGMT(for: date)
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let parts = Self.gregorian(secondsSince1970: seconds.isFinite && abs(seconds) < 1e15 ? Int(seconds) + offsetSeconds : 0)
        let offset = offsetSeconds / 60
        pdfDate = Self.pdfDate(parts, offset: offset)
        xmpDate = Self.xmpDate(parts, offset: offset)
    }

    private static func twoDigits(_ value: Int?) -> String {
        let value = value ?? 0
        return value < 10 ? "0\(value)" : "\(value)"
    }

    private static func fourDigits(_ value: Int?) -> String {
        let text = String(value ?? 0)
        return String(repeating: "0", count: max(0, 4 - text.count)) + text
    }

    /// The Gregorian date and time of a number of seconds since 1970-01-01 00:00 (days to year, month and day by
    /// Howard Hinnant's `civil_from_days`).
    static func gregorian(secondsSince1970 seconds: Int) -> DateComponents {
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secondOfDay = seconds - days * 86400
        let shifted = days + 719_468  // days since 0000-03-01
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return DateComponents(
            year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day, hour: secondOfDay / 3600,
            minute: secondOfDay % 3600 / 60, second: secondOfDay % 60)
    }

    /// `D:YYYYMMDDHHmmSS+HH'mm'`
    private static func pdfDate(_ parts: DateComponents, offset: Int) -> String {
        let sign = offset < 0 ? "-" : "+"
        return "D:" + Self.fourDigits(parts.year) + Self.twoDigits(parts.month) + Self.twoDigits(parts.day)
            + Self.twoDigits(parts.hour) + Self.twoDigits(parts.minute) + Self.twoDigits(parts.second)
            + sign + Self.twoDigits(abs(offset) / 60) + "'" + Self.twoDigits(abs(offset) % 60) + "'"
    }

    /// `YYYY-MM-DDTHH:mm:SS+HH:mm`
    private static func xmpDate(_ parts: DateComponents, offset: Int) -> String {
        let sign = offset < 0 ? "-" : "+"
        return Self.fourDigits(parts.year) + "-" + Self.twoDigits(parts.month) + "-" + Self.twoDigits(parts.day)
            + "T" + Self.twoDigits(parts.hour) + ":" + Self.twoDigits(parts.minute) + ":" + Self.twoDigits(parts.second)
            + sign + Self.twoDigits(abs(offset) / 60) + ":" + Self.twoDigits(abs(offset) % 60)
    }

    /// The Info dictionary; empty entries are left out.
    var infoDictionary: String {
        var entries: [String] = []
        for (key, value) in [
            ("Title", title), ("Author", author), ("Subject", subject), ("Keywords", keywords),
            ("Creator", creator), ("Producer", producer),
        ] where !value.isEmpty {
            entries.append("/\(key) \(PDFSyntax.textString(value))")
        }
        entries.append("/CreationDate \(PDFSyntax.literal(pdfDate))")
        entries.append("/ModDate \(PDFSyntax.literal(pdfDate))")
        return "<< " + entries.joined(separator: " ") + " >>"
    }

    /// An XMP packet with Dublin Core, XMP basic, Adobe PDF and (optionally) PDF/A identification properties.
    func xmpPacket(language: String, pdfA: Bool) -> [UInt8] {
        let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
        var xml = "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
        xml += "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n<rdf:RDF xmlns:rdf=\"\(rdf)\">\n"

        xml += "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
        xml += "<dc:format>application/pdf</dc:format>\n"
        if !title.isEmpty { xml += "<dc:title>\(Self.alternative(title))</dc:title>\n" }
        if !author.isEmpty { xml += "<dc:creator><rdf:Seq><rdf:li>\(Self.escape(author))</rdf:li></rdf:Seq></dc:creator>\n" }
        if !subject.isEmpty { xml += "<dc:description>\(Self.alternative(subject))</dc:description>\n" }
        let language = TextSanitizer.clean(language, keepNewlines: false)
        if !language.isEmpty {
            xml += "<dc:language><rdf:Bag><rdf:li>\(Self.escape(language))</rdf:li></rdf:Bag></dc:language>\n"
        }
        xml += "</rdf:Description>\n"

        xml += "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
        xml += "<xmp:CreateDate>\(xmpDate)</xmp:CreateDate>\n"
        xml += "<xmp:ModifyDate>\(xmpDate)</xmp:ModifyDate>\n"
        xml += "<xmp:MetadataDate>\(xmpDate)</xmp:MetadataDate>\n"
        if !creator.isEmpty { xml += "<xmp:CreatorTool>\(Self.escape(creator))</xmp:CreatorTool>\n" }
        xml += "</rdf:Description>\n"

        xml += "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
        if !producer.isEmpty { xml += "<pdf:Producer>\(Self.escape(producer))</pdf:Producer>\n" }
        if !keywords.isEmpty { xml += "<pdf:Keywords>\(Self.escape(keywords))</pdf:Keywords>\n" }
        xml += "</rdf:Description>\n"

        if pdfA {
            xml += "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
            xml += "<pdfaid:part>1</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n"
            xml += "</rdf:Description>\n"
        }
        xml += "</rdf:RDF>\n</x:xmpmeta>\n"
        // Writable packets end with padding so the metadata can be edited in place.
        let padding = String(repeating: String(repeating: " ", count: 99) + "\n", count: 20)
        xml += padding + "<?xpacket end=\"w\"?>"
        return Array(xml.utf8)
    }

    private static func alternative(_ value: String) -> String {
        "<rdf:Alt><rdf:li xml:lang=\"x-default\">\(escape(value))</rdf:li></rdf:Alt>"
    }

    /// Escapes XML markup characters (control characters were removed when the values were cleaned).
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\u{FFFE}", "\u{FFFF}": continue  // not allowed in XML
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}
