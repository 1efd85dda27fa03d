public import Foundation

/// Checks of the formats citizens type, with the normalisation stored afterwards.
public enum FieldFormats {
    /// IBAN: country, two check digits, national part; mod-97 = 1 (ISO 13616). Italian IBANs are 27 characters.
    public static func normalizedIBAN(_ raw: String) -> String? {
        let iban = String(raw.uppercased().filter { !$0.isWhitespace && $0 != "-" })
        guard (15...34).contains(iban.count), iban.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        let country = String(iban.prefix(2))
        guard country.allSatisfy(\.isLetter), iban.dropFirst(2).prefix(2).allSatisfy(\.isNumber) else { return nil }
        if let length = ibanLengths[country], length != iban.count { return nil }
        // Move the first four characters to the end and read letters as 10...35, folding mod 97 as we go.
        var remainder = 0
        for character in iban.dropFirst(4) + iban.prefix(4) {
            if let digit = character.wholeNumberValue {
                remainder = (remainder * 10 + digit) % 97
            } else {
                let value = Int(character.asciiValue! - Character("A").asciiValue!) + 10
                remainder = (remainder * 100 + value) % 97
            }
        }
        return remainder == 1 ? iban : nil
    }

    /// Lengths of the SEPA countries citizens are most likely to use; others are checked by mod-97 only.
    static let ibanLengths: [String: Int] = [
        "IT": 27, "SM": 27, "VA": 22, "DE": 22, "FR": 27, "ES": 24, "AT": 20, "BE": 16, "CH": 21, "GB": 22, "IE": 22,
        "NL": 18, "PT": 25, "LU": 20, "MT": 31, "SI": 19, "HR": 21, "GR": 27, "PL": 28, "RO": 24,
    ]

    /// A practical email check: one @, a local part, a domain with a dot, no spaces; lowercased domain.
    public static func normalizedEmail(_ raw: String) -> String? {
        let email = raw.trimmed(keepingLineBreaks: true)
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...64).contains(parts[0].count), (4...253).contains(parts[1].count), email.count <= 254,
            !email.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" })
        else { return nil }
        let domain = parts[1].lowercased()
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.first != "-" && $0.last != "-" }),
            labels.last!.count >= 2, labels.last!.allSatisfy(\.isLetter),
            !parts[0].hasPrefix("."), !parts[0].hasSuffix("."), !parts[0].contains("..")
        else { return nil }
        return String(parts[0]) + "@" + domain
    }

    /// Italian phone numbers: mobile (3xx, 9–10 digits) or landline (0…, 6–11 digits), with an
    /// optional +39 / 0039 prefix; spaces, dots, dashes and slashes allowed. Stored as +39 and digits.
    public static func normalizedItalianPhone(_ raw: String) -> String? {
        var text = raw.filter { !" .-/()".contains($0) }
        if text.hasPrefix("+39") {
            text.removeFirst(3)
        } else if text.hasPrefix("0039") {
            text.removeFirst(4)
        }
        guard text.allSatisfy(\.isNumber), let first = text.first else { return nil }
        switch first {
        case "3" where (9...10).contains(text.count): return "+39" + text
        case "0" where (6...11).contains(text.count): return "+39" + text
        default: return nil
        }
    }

    /// Codice di avviamento postale: five digits.
    public static func normalizedCAP(_ raw: String) -> String? {
        let cap = raw.trimmed(keepingLineBreaks: true)
        return cap.count == 5 && cap.allSatisfy { $0.isASCII && $0.isNumber } ? cap : nil
    }

    /// A number as typed in Italy ("1.234,56", "1234,5", "60.000") or with a decimal point ("1234.56",
    /// "1,234.56"); an optional euro sign is ignored. The one rule for form fields and `number()`.
    public static func decimal(_ raw: String) -> Decimal? {
        // Most numbers are plain digits ("3", "1500"): no separators, no sign, no Unicode checks needed.
        if raw.utf8.count <= 18, !raw.isEmpty, raw.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = UInt64(raw) {
            return Decimal(value)
        }
        var text = raw.filter { $0 != "€" && !$0.isWhitespace }
        // A single point followed by exactly three digits groups thousands, as Italians write amounts.
        if isThousandsWithPoint(text) { text.removeAll { $0 == "." } }
        return Numbers.parse(text)
    }

    /// `[+-]?[0-9]{1,3}\.[0-9]{3}` exactly, e.g. "60.000" (sixty thousand, not sixty).
    static func isThousandsWithPoint(_ text: String) -> Bool {
        var bytes = Substring(text).utf8
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        guard let point = bytes.firstIndex(of: UInt8(ascii: ".")) else { return false }
        let head = bytes[..<point]
        let tail = bytes[bytes.index(after: point)...]
        func digits(_ part: Substring.UTF8View.SubSequence) -> Bool {
            part.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        }
        return (1...3).contains(head.count) && tail.count == 3 && digits(head) && digits(tail)
    }

    /// Number of digits after the decimal separator, to refuse money with fractions of a cent.
    public static func fractionDigits(_ value: Decimal) -> Int {
        max(0, -value.exponent)
    }
}
