public import Foundation

/// The segnatura XML of a registration (AgID, Linee guida 2021, Allegato 6: namespace
/// `http://www.agid.gov.it/protocollo/`, root `SegnaturaInformatica`, version 3.0.0).
public enum Segnatura {
    public static let namespace = "http://www.agid.gov.it/protocollo/"

    /// The XML for an entry about to be written (number and date already assigned).
    public static func xml(
        register: ProtocolRegisterIdentity, number: Int, registeredAt: Date, timeZone: TimeZone,
        registration: ProtocolRegistration
    ) -> String {
        let date = isoDate(registeredAt, in: timeZone)
        let own =
            "<Amministrazione><Denominazione>\(escape(register.administrationName))</Denominazione>"
            + "<CodiceAmministrazione>\(escape(register.administrationCode))</CodiceAmministrazione>"
            + "<CodiceAOO>\(escape(register.aooCode))</CodiceAOO></Amministrazione>"
        let others = registration.correspondents.map(party)
        let sender = registration.direction == .incoming ? others.first ?? own : own
        let recipients = registration.direction == .incoming ? [own] : (others.isEmpty ? [own] : others)
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += #"<SegnaturaInformatica xmlns="\#(namespace)" versione="3.0.0" xml:lang="it">"#
        xml += "<Intestazione><Identificatore>"
        xml += "<CodiceAmministrazione>\(escape(register.administrationCode))</CodiceAmministrazione>"
        xml += "<CodiceAOO>\(escape(register.aooCode))</CodiceAOO>"
        xml += "<CodiceRegistro>\(escape(register.registerCode))</CodiceRegistro>"
        xml += "<NumeroRegistrazione>\(ProtocolEntry.format(number))</NumeroRegistrazione>"
        xml += "<DataRegistrazione>\(date)</DataRegistrazione>"
        xml += "</Identificatore><Oggetto>\(escape(registration.subject))</Oggetto></Intestazione>"
        xml += "<Descrizione><Mittente>\(sender)</Mittente>"
        for recipient in recipients { xml += "<Destinatario>\(recipient)</Destinatario>" }
        for (index, document) in registration.documents.enumerated() {
            let element = index == 0 ? "DocumentoPrimario" : "Allegato"
            xml += #"<\#(element) nomeFile="\#(escape(document.fileName))" mimeType="\#(escape(document.mimeType))">"#
            xml += #"<Impronta algoritmo="SHA-256" codifica="base64">\#(base64(hex: document.sha256))</Impronta>"#
            xml += "</\(element)>"
        }
        xml += "</Descrizione></SegnaturaInformatica>\n"
        return xml
    }

    /// The municipality's name as the segnatura states it (the entry does not store it apart).
    public static func administrationName(in xml: String) -> String? {
        guard let start = xml.range(of: "<Amministrazione><Denominazione>"),
            let end = xml.range(of: "</Denominazione>", range: start.upperBound..<xml.endIndex)
        else { return nil }
        return unescape(String(xml[start.upperBound..<end.lowerBound]))
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func party(_ party: ProtocolParty) -> String {
        var xml = "<Persona><Denominazione>\(escape(party.name))</Denominazione>"
        if let code = party.fiscalCode { xml += "<CodiceFiscale>\(escape(code))</CodiceFiscale>" }
        if let email = party.email { xml += "<IndirizzoTelematico tipo=\"smtp\">\(escape(email))</IndirizzoTelematico>" }
        return xml + "</Persona>"
    }

    /// The calendar day of the registration in the municipality's time zone (yyyy-mm-dd).
    static func isoDate(_ date: Date, in timeZone: TimeZone) -> String {
        LocalDate(date, in: timeZone).iso
    }

    /// A SHA-256 written in hexadecimal, re-encoded as base64 for `Impronta`.
    static func base64(hex: String) -> String {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex), index != hex.endIndex {
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return "" }
            bytes.append(byte)
            index = next
        }
        return Data(bytes).base64EncodedString()
    }

    /// XML text and attribute escaping; characters XML 1.0 forbids are dropped (also used for the pagoPA SOAP messages).
    public static func escape(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            case "\t", "\n", "\r": output.unicodeScalars.append(scalar)
            default:
                if scalar.value >= 0x20 && !(0xFFFE...0xFFFF).contains(scalar.value) { output.unicodeScalars.append(scalar) }
            }
        }
        return output
    }
}
