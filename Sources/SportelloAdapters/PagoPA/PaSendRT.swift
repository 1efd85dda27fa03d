public import Foundation
public import SportelloCore

/// OK or KO, as the node writes an outcome.
public enum PaOutcome: String, Codable, Sendable {
    case ok = "OK"
    case ko = "KO"
}

/// A debtor or payer in a receipt (`ctSubject`).
public struct PaSubject: Equatable, Sendable {
    public var type: GPDSubjectType
    /// The fiscal code (or VAT number, or "ANONIMO").
    public var identifier: String
    public var fullName: String
    public var streetName: String?
    public var civicNumber: String?
    public var postalCode: String?
    public var city: String?
    public var stateProvinceRegion: String?
    public var country: String?
    public var email: String?

    public init(
        type: GPDSubjectType, identifier: String, fullName: String, streetName: String? = nil, civicNumber: String? = nil,
        postalCode: String? = nil, city: String? = nil, stateProvinceRegion: String? = nil, country: String? = nil,
        email: String? = nil
    ) {
        self.type = type
        self.identifier = identifier
        self.fullName = fullName
        self.streetName = streetName
        self.civicNumber = civicNumber
        self.postalCode = postalCode
        self.city = city
        self.stateProvinceRegion = stateProvinceRegion
        self.country = country
        self.email = email
    }
}

/// One transfer of a receipt (`ctTransferPA`).
public struct PaReceiptTransfer: Equatable, Sendable {
    /// 1...5
    public var idTransfer: Int
    /// Euro cents.
    public var transferAmount: Int
    public var fiscalCodePA: String
    /// Absent only for a revenue stamp, which the first version of the receipt cannot describe.
    public var iban: String?
    public var remittanceInformation: String
    public var transferCategory: String

    public init(
        idTransfer: Int, transferAmount: Int, fiscalCodePA: String, iban: String?, remittanceInformation: String,
        transferCategory: String
    ) {
        self.idTransfer = idTransfer
        self.transferAmount = transferAmount
        self.fiscalCodePA = fiscalCodePA
        self.iban = iban
        self.remittanceInformation = remittanceInformation
        self.transferCategory = transferCategory
    }
}

/// The receipt of a payment as the node sends it to the creditor (`ctReceipt` of paForNode). Amounts are cents
/// here and `"123.45"` on the wire.
public struct PaSendRTReceipt: Equatable, Sendable {
    public var receiptId: String
    public var noticeNumber: String
    /// The creditor's fiscal code.
    public var fiscalCode: String
    public var outcome: PaOutcome
    /// The IUV.
    public var creditorReferenceId: String
    public var paymentAmount: Int
    public var description: String
    public var companyName: String
    public var officeName: String?
    public var debtor: PaSubject
    public var transferList: [PaReceiptTransfer]
    public var idPSP: String
    public var pspFiscalCode: String?
    public var pspPartitaIVA: String?
    public var pspCompanyName: String
    public var idChannel: String
    public var channelDescription: String
    public var payer: PaSubject?
    public var paymentMethod: String?
    public var fee: Int?
    /// Written to the second, in Rome's local time.
    public var paymentDateTime: Date?
    public var applicationDate: LocalDate?
    public var transferDate: LocalDate?

    public init(
        receiptId: String, noticeNumber: String, fiscalCode: String, outcome: PaOutcome, creditorReferenceId: String,
        paymentAmount: Int, description: String, companyName: String, officeName: String? = nil, debtor: PaSubject,
        transferList: [PaReceiptTransfer], idPSP: String, pspFiscalCode: String? = nil, pspPartitaIVA: String? = nil,
        pspCompanyName: String, idChannel: String, channelDescription: String, payer: PaSubject? = nil,
        paymentMethod: String? = nil, fee: Int? = nil, paymentDateTime: Date? = nil, applicationDate: LocalDate? = nil,
        transferDate: LocalDate? = nil
    ) {
        self.receiptId = receiptId
        self.noticeNumber = noticeNumber
        self.fiscalCode = fiscalCode
        self.outcome = outcome
        self.creditorReferenceId = creditorReferenceId
        self.paymentAmount = paymentAmount
        self.description = description
        self.companyName = companyName
        self.officeName = officeName
        self.debtor = debtor
        self.transferList = transferList
        self.idPSP = idPSP
        self.pspFiscalCode = pspFiscalCode
        self.pspPartitaIVA = pspPartitaIVA
        self.pspCompanyName = pspCompanyName
        self.idChannel = idChannel
        self.channelDescription = channelDescription
        self.payer = payer
        self.paymentMethod = paymentMethod
        self.fee = fee
        self.paymentDateTime = paymentDateTime
        self.applicationDate = applicationDate
        self.transferDate = transferDate
    }
}

/// `paSendRTReq`: the node hands a receipt to the creditor's station.
public struct PaSendRTRequest: Equatable, Sendable {
    public var idPA: String
    public var idBrokerPA: String
    public var idStation: String
    public var receipt: PaSendRTReceipt
    /// The payment was taken while the creditor was unreachable (stand-in).
    public var standin: Bool?

    public init(idPA: String, idBrokerPA: String, idStation: String, receipt: PaSendRTReceipt, standin: Bool? = nil) {
        self.idPA = idPA
        self.idBrokerPA = idBrokerPA
        self.idStation = idStation
        self.receipt = receipt
        self.standin = standin
    }
}

/// A fault code of the creditor's answers; open, since the node knows more than those named here.
public struct PaFaultCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// No payable notice with this number.
    public static let paymentUnknown = PaFaultCode(rawValue: "PAA_PAGAMENTO_SCONOSCIUTO")
    /// Already paid.
    public static let paymentDuplicated = PaFaultCode(rawValue: "PAA_PAGAMENTO_DUPLICATO")
    /// Past its due date on a position that expires.
    public static let paymentExpired = PaFaultCode(rawValue: "PAA_PAGAMENTO_SCADUTO")
    /// The creditor cancelled (invalidated) the position.
    public static let paymentCancelled = PaFaultCode(rawValue: "PAA_PAGAMENTO_ANNULLATO")
    public static let systemError = PaFaultCode(rawValue: "PAA_SYSTEM_ERROR")
    /// The request names a creditor (idPA) this endpoint does not serve, or another than the receipt's.
    public static let wrongDomain = PaFaultCode(rawValue: "PAA_ID_DOMINIO_ERRATO")

    public var description: String { rawValue }
}

/// A fault bean (`ctFaultBean`): why the creditor refused.
public struct PaFault: Error, Equatable, Sendable, CustomStringConvertible {
    public var faultCode: PaFaultCode
    public var faultString: String
    /// Who raised the fault (the creditor's fiscal code).
    public var id: String
    public var detail: String?

    public init(_ faultCode: PaFaultCode, faultString: String, id: String, detail: String? = nil) {
        self.faultCode = faultCode
        self.faultString = faultString
        self.id = id
        self.detail = detail
    }

    public var description: String { "\(faultCode): \(detail ?? faultString)" }
}

/// `paSendRTRes`: the creditor took the receipt (OK) or refused it (KO with a fault).
public struct PaSendRTResponse: Equatable, Sendable {
    public var outcome: PaOutcome
    public var fault: PaFault?

    public init(outcome: PaOutcome, fault: PaFault? = nil) {
        self.outcome = outcome
        self.fault = fault
    }

    public static let ok = PaSendRTResponse(outcome: .ok)

    public static func ko(_ fault: PaFault) -> PaSendRTResponse { PaSendRTResponse(outcome: .ko, fault: fault) }
}

/// The SOAP 1.1 envelopes of `paSendRTReq` and `paSendRTRes`, written and read.
public enum PaSendRTEnvelope {
    static let rome = TimeZone(identifier: "Europe/Rome")!

    public static func write(_ request: PaSendRTRequest) -> String {
        SOAPWriter.envelope(operation: "paSendRTReq") { xml in
            xml.element("idPA", request.idPA)
            xml.element("idBrokerPA", request.idBrokerPA)
            xml.element("idStation", request.idStation)
            xml.group("receipt") { xml in write(request.receipt, to: &xml) }
            xml.element("standin", request.standin.map { $0 ? "true" : "false" })
        }
    }

    private static func write(_ receipt: PaSendRTReceipt, to xml: inout SOAPWriter) {
        xml.element("receiptId", receipt.receiptId)
        xml.element("noticeNumber", receipt.noticeNumber)
        xml.element("fiscalCode", receipt.fiscalCode)
        xml.element("outcome", receipt.outcome.rawValue)
        xml.element("creditorReferenceId", receipt.creditorReferenceId)
        xml.element("paymentAmount", PaAmount.format(receipt.paymentAmount))
        xml.element("description", receipt.description)
        xml.element("companyName", receipt.companyName)
        xml.element("officeName", receipt.officeName)
        write(receipt.debtor, as: "debtor", to: &xml)
        xml.group("transferList") { xml in
            for transfer in receipt.transferList {
                xml.group("transfer") { xml in
                    xml.element("idTransfer", String(transfer.idTransfer))
                    xml.element("transferAmount", PaAmount.format(transfer.transferAmount))
                    xml.element("fiscalCodePA", transfer.fiscalCodePA)
                    xml.element("IBAN", transfer.iban)
                    xml.element("remittanceInformation", transfer.remittanceInformation)
                    xml.element("transferCategory", transfer.transferCategory)
                }
            }
        }
        xml.element("idPSP", receipt.idPSP)
        xml.element("pspFiscalCode", receipt.pspFiscalCode)
        xml.element("pspPartitaIVA", receipt.pspPartitaIVA)
        xml.element("PSPCompanyName", receipt.pspCompanyName)
        xml.element("idChannel", receipt.idChannel)
        xml.element("channelDescription", receipt.channelDescription)
        if let payer = receipt.payer { write(payer, as: "payer", to: &xml) }
        xml.element("paymentMethod", receipt.paymentMethod)
        xml.element("fee", receipt.fee.map(PaAmount.format))
        xml.element("paymentDateTime", receipt.paymentDateTime.map { ISO8601Timestamp.local($0, in: rome) })
        xml.element("applicationDate", receipt.applicationDate?.iso)
        xml.element("transferDate", receipt.transferDate?.iso)
    }

    private static func write(_ subject: PaSubject, as name: String, to xml: inout SOAPWriter) {
        xml.group(name) { xml in
            xml.group("uniqueIdentifier") { xml in
                xml.element("entityUniqueIdentifierType", subject.type.rawValue)
                xml.element("entityUniqueIdentifierValue", subject.identifier)
            }
            xml.element("fullName", subject.fullName)
            xml.element("streetName", subject.streetName)
            xml.element("civicNumber", subject.civicNumber)
            xml.element("postalCode", subject.postalCode)
            xml.element("city", subject.city)
            xml.element("stateProvinceRegion", subject.stateProvinceRegion)
            xml.element("country", subject.country)
            xml.element("e-mail", subject.email)
        }
    }

    public static func write(_ response: PaSendRTResponse) -> String {
        SOAPWriter.envelope(operation: "paSendRTRes") { xml in
            xml.element("outcome", response.outcome.rawValue)
            if let fault = response.fault {
                xml.group("fault") { xml in
                    xml.element("faultCode", fault.faultCode.rawValue)
                    xml.element("faultString", fault.faultString)
                    xml.element("id", fault.id)
                    xml.element("description", fault.detail)
                }
            }
        }
    }

    public static func parseRequest(_ data: Data) throws(PaXMLError) -> PaSendRTRequest {
        let request = try body(of: data, operation: "paSendRTReq")
        let receipt = try required(request.child("receipt"), "receipt")
        return PaSendRTRequest(
            idPA: try text(request, "idPA"), idBrokerPA: try text(request, "idBrokerPA"),
            idStation: try text(request, "idStation"), receipt: try parseReceipt(receipt),
            standin: try request.value("standin").map { value throws(PaXMLError) in try boolean(value, "standin") })
    }

    private static func parseReceipt(_ receipt: XMLElementNode) throws(PaXMLError) -> PaSendRTReceipt {
        let transfers = try required(receipt.child("transferList"), "transferList").children("transfer")
        guard (1...5).contains(transfers.count) else {
            throw PaXMLError("transferList has \(transfers.count) transfers, 1 to 5 allowed")
        }
        return PaSendRTReceipt(
            receiptId: try text(receipt, "receiptId"), noticeNumber: try text(receipt, "noticeNumber"),
            fiscalCode: try text(receipt, "fiscalCode"), outcome: try outcome(receipt),
            creditorReferenceId: try text(receipt, "creditorReferenceId"),
            paymentAmount: try amount(text(receipt, "paymentAmount"), "paymentAmount"),
            description: try text(receipt, "description"), companyName: try text(receipt, "companyName"),
            officeName: receipt.value("officeName"),
            debtor: try subject(required(receipt.child("debtor"), "debtor")),
            transferList: try transfers.map { transfer throws(PaXMLError) in
                guard let index = Int(try text(transfer, "idTransfer")), (1...5).contains(index) else {
                    throw PaXMLError("idTransfer must be 1 to 5")
                }
                return PaReceiptTransfer(
                    idTransfer: index, transferAmount: try amount(text(transfer, "transferAmount"), "transferAmount"),
                    fiscalCodePA: try text(transfer, "fiscalCodePA"), iban: transfer.value("IBAN"),
                    remittanceInformation: try text(transfer, "remittanceInformation"),
                    transferCategory: try text(transfer, "transferCategory"))
            },
            idPSP: try text(receipt, "idPSP"), pspFiscalCode: receipt.value("pspFiscalCode"),
            pspPartitaIVA: receipt.value("pspPartitaIVA"), pspCompanyName: try text(receipt, "PSPCompanyName"),
            idChannel: try text(receipt, "idChannel"), channelDescription: try text(receipt, "channelDescription"),
            payer: try receipt.child("payer").map { payer throws(PaXMLError) in try subject(payer) },
            paymentMethod: receipt.value("paymentMethod"),
            fee: try receipt.value("fee").map { value throws(PaXMLError) in try amount(value, "fee") },
            paymentDateTime: try receipt.value("paymentDateTime").map { value throws(PaXMLError) in
                try required(ISO8601Timestamp.parse(value, zone: rome), "paymentDateTime as xsd:dateTime")
            },
            applicationDate: try receipt.value("applicationDate").map { value throws(PaXMLError) in
                try required(LocalDate(iso: value), "applicationDate as xsd:date")
            },
            transferDate: try receipt.value("transferDate").map { value throws(PaXMLError) in
                try required(LocalDate(iso: value), "transferDate as xsd:date")
            })
    }

    private static func subject(_ node: XMLElementNode) throws(PaXMLError) -> PaSubject {
        let identifier = try required(node.child("uniqueIdentifier"), "uniqueIdentifier")
        return PaSubject(
            type: try required(
                GPDSubjectType(rawValue: text(identifier, "entityUniqueIdentifierType")), "entityUniqueIdentifierType F or G"),
            identifier: try text(identifier, "entityUniqueIdentifierValue"), fullName: try text(node, "fullName"),
            streetName: node.value("streetName"), civicNumber: node.value("civicNumber"),
            postalCode: node.value("postalCode"), city: node.value("city"),
            stateProvinceRegion: node.value("stateProvinceRegion"), country: node.value("country"),
            email: node.value("e-mail"))
    }

    public static func parseResponse(_ data: Data) throws(PaXMLError) -> PaSendRTResponse {
        let response = try body(of: data, operation: "paSendRTRes")
        let fault = try response.child("fault").map { fault throws(PaXMLError) in
            PaFault(
                PaFaultCode(rawValue: try text(fault, "faultCode")), faultString: try text(fault, "faultString"),
                id: try text(fault, "id"), detail: fault.value("description"))
        }
        let result = PaSendRTResponse(outcome: try outcome(response), fault: fault)
        if result.outcome == .ko && fault == nil { throw PaXMLError("a KO answer without a fault") }
        return result
    }

    private static func body(of data: Data, operation: String) throws(PaXMLError) -> XMLElementNode {
        let root = try XMLElementNode.parse(data)
        guard root.name == "Envelope", let body = root.child("Body") else { throw PaXMLError("not a SOAP envelope") }
        return try required(body.child(operation), operation + " in the SOAP body")
    }

    private static func outcome(_ node: XMLElementNode) throws(PaXMLError) -> PaOutcome {
        try required(PaOutcome(rawValue: text(node, "outcome")), "outcome OK or KO")
    }

    private static func text(_ node: XMLElementNode, _ name: String) throws(PaXMLError) -> String {
        guard let value = node.value(name), !value.isEmpty else { throw PaXMLError("\(node.name) has no \(name)") }
        return value
    }

    private static func required<T>(_ value: T?, _ what: String) throws(PaXMLError) -> T {
        guard let value else { throw PaXMLError("missing or malformed \(what)") }
        return value
    }

    private static func boolean(_ value: String, _ name: String) throws(PaXMLError) -> Bool {
        switch value {
        case "true", "1": return true
        case "false", "0": return false
        default: throw PaXMLError("\(name) is not a boolean")
        }
    }

    private static func amount(_ value: String, _ name: String) throws(PaXMLError) -> Int {
        try required(PaAmount.parse(value), "\(name) as digits, a point and two decimals")
    }
}

/// Euro amounts as the node writes them: digits, a point and two decimals (`stAmount`), held as cents.
public enum PaAmount {
    public static func format(_ cents: Int) -> String {
        let decimals = String(cents % 100)
        return "\(cents / 100)." + (decimals.count == 1 ? "0" + decimals : decimals)
    }

    /// `\d+\.\d{2}` up to 999 999 999.99, or `nil`.
    public static func parse(_ text: String) -> Int? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...9).contains(parts[0].count), parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }), let units = Int(parts[0]),
            let cents = Int(parts[1])
        else { return nil }
        return units * 100 + cents
    }
}
