public import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The FlussoRiversamento XML of pagoPA (namespace `http://www.digitpa.gov.it/schemas/2011/Pagamenti/`).
extension ReconciliationFlow {
    public static let xmlNamespace = "http://www.digitpa.gov.it/schemas/2011/Pagamenti/"

    /// Reads a flow and checks it: every required element present, values of the right form, and the
    /// declared totals (`numeroTotalePagamenti`, `importoTotalePagamenti`) equal to its payments'.
    ///
    /// Times without an offset are read in `timeZone` (pagoPA writes Italian local time). Elements the
    /// reader does not use (`versioneOggetto`, `revisioneFlusso`, …) are ignored; external entities are
    /// never resolved.
    public init(xml: Data, timeZone: TimeZone = .rome) throws(ReconciliationFlowError) {
        let reader = FlowXMLReader()
        let parser = XMLParser(data: xml)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        // FoundationXML on Linux may report success after an error, or for a document that stops
        // before its root closes: the reader's own record decides.
        let parsed = parser.parse()
        if let failure = reader.failure {
            throw .malformedXML(line: failure.line, detail: failure.detail)
        }
        guard parsed, parser.parserError == nil, reader.isComplete else {
            throw .malformedXML(line: parser.lineNumber, detail: parser.parserError.map { "\($0)" } ?? "incomplete document")
        }
        guard reader.rootName == "FlussoRiversamento",
            reader.rootNamespace == nil || reader.rootNamespace == "" || reader.rootNamespace == Self.xmlNamespace
        else { throw .notAFlow(root: reader.rootName ?? "") }
        self = try reader.flow(timeZone: timeZone)
    }

    /// The flow as FlussoRiversamento XML (UTF-8, indented), times written in `timeZone` without an offset.
    public func xml(timeZone: TimeZone = .rome) -> String {
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<FlussoRiversamento xmlns="\#(Self.xmlNamespace)">"#,
        ]
        func element(_ name: String, _ value: String, depth: Int) {
            lines.append(String(repeating: "    ", count: depth) + "<\(name)>\(Segnatura.escape(value))</\(name)>")
        }
        func open(_ name: String, depth: Int) { lines.append(String(repeating: "    ", count: depth) + "<\(name)>") }
        func close(_ name: String, depth: Int) { lines.append(String(repeating: "    ", count: depth) + "</\(name)>") }
        element("versioneOggetto", "1.0", depth: 1)
        element("identificativoFlusso", id, depth: 1)
        element("dataOraFlusso", XMLDateTime.format(dateTime, in: timeZone), depth: 1)
        element("identificativoUnivocoRegolamento", settlementID, depth: 1)
        element("dataRegolamento", settlementDate.iso, depth: 1)
        open("istitutoMittente", depth: 1)
        open("identificativoUnivocoMittente", depth: 2)
        element("tipoIdentificativoUnivoco", sender.idType.rawValue, depth: 3)
        element("codiceIdentificativoUnivoco", sender.id, depth: 3)
        close("identificativoUnivocoMittente", depth: 2)
        if let name = sender.name { element("denominazioneMittente", name, depth: 2) }
        close("istitutoMittente", depth: 1)
        if let settlementBankBIC { element("codiceBicBancaDiRiversamento", settlementBankBIC, depth: 1) }
        open("istitutoRicevente", depth: 1)
        open("identificativoUnivocoRicevente", depth: 2)
        element("tipoIdentificativoUnivoco", "G", depth: 3)
        element("codiceIdentificativoUnivoco", receiver.fiscalCode.value, depth: 3)
        close("identificativoUnivocoRicevente", depth: 2)
        if let name = receiver.name { element("denominazioneRicevente", name, depth: 2) }
        close("istitutoRicevente", depth: 1)
        element("numeroTotalePagamenti", String(totalCount), depth: 1)
        element("importoTotalePagamenti", totalAmount.wireValue, depth: 1)
        for payment in payments {
            open("datiSingoliPagamenti", depth: 1)
            element("identificativoUnivocoVersamento", payment.iuv, depth: 2)
            element("identificativoUnivocoRiscossione", payment.iur, depth: 2)
            element("indiceDatiSingoloPagamento", String(payment.transferIndex), depth: 2)
            element("singoloImportoPagato", payment.amount.wireValue, depth: 2)
            element("codiceEsitoSingoloPagamento", payment.outcome.rawValue, depth: 2)
            element("dataEsitoSingoloPagamento", payment.outcomeDate.iso, depth: 2)
            close("datiSingoliPagamenti", depth: 1)
        }
        lines.append("</FlussoRiversamento>")
        return lines.joined(separator: "\n") + "\n"
    }
}

extension TimeZone {
    /// Italy's time zone, in which pagoPA writes times without an offset.
    @usableFromInline static let rome = TimeZone(identifier: "Europe/Rome")!
}

/// Why a file is not an acceptable reconciliation flow.
public enum ReconciliationFlowError: LocalizedDomainError, Equatable {
    /// Not well-formed XML; the parser's line and message.
    case malformedXML(line: Int, detail: String)
    /// Well-formed, but its root is not a FlussoRiversamento.
    case notAFlow(root: String)
    /// A required element is absent (its path, e.g. "istitutoRicevente/…/codiceIdentificativoUnivoco").
    case missingElement(String)
    /// An element holds a value of the wrong form; payments are named "datiSingoliPagamenti[n]/element", from 1.
    case invalidValue(element: String, value: String)
    /// The flow lists no payment.
    case noPayments
    /// The header's totals differ from the sum of the payments.
    case totalsMismatch(declaredCount: Int, actualCount: Int, declaredAmount: Money, actualAmount: Money)

    /// Localization key, e.g. "error.reconciliationFlow.totalsMismatch".
    public var messageKey: String {
        let name =
            switch self {
            case .malformedXML: "malformedXML"
            case .notAFlow: "notAFlow"
            case .missingElement: "missingElement"
            case .invalidValue: "invalidValue"
            case .noPayments: "noPayments"
            case .totalsMismatch: "totalsMismatch"
            }
        return "error.reconciliationFlow." + name
    }
}

/// Collects the text of the elements that matter, by path below the root.
private final class FlowXMLReader: NSObject, XMLParserDelegate {
    var rootName: String?
    var rootNamespace: String?
    /// The first error the parser reported, with its line.
    var failure: (line: Int, detail: String)?
    /// Whether the root element was closed.
    var isComplete = false
    private var path: [String] = []
    private var text = ""
    private var header: [String: String] = [:]
    private var payments: [[String: String]] = []

    private static let paymentElement = "datiSingoliPagamenti"
    private static let senderID = "istitutoMittente/identificativoUnivocoMittente/"
    private static let receiverID = "istitutoRicevente/identificativoUnivocoRicevente/"

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if path.isEmpty {
            rootName = elementName
            rootNamespace = namespaceURI
        }
        path.append(elementName)
        text = ""
        if path.count == 2, elementName == Self.paymentElement { payments.append([:]) }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        guard failure == nil else { return }
        failure = (parser.lineNumber, "\(parseError)")
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        let value = text.trimmedWhitespace
        if path.count == 3, path[1] == Self.paymentElement {
            payments[payments.count - 1][elementName] = value
        } else if path.count >= 2, path[1] != Self.paymentElement {
            header[path.dropFirst().joined(separator: "/")] = value
        }
        path.removeLast()
        text = ""
        if path.isEmpty { isComplete = true }
    }

    func flow(timeZone: TimeZone) throws(ReconciliationFlowError) -> ReconciliationFlow {
        func required(_ name: String) throws(ReconciliationFlowError) -> String {
            guard let value = header[name], !value.isEmpty else { throw .missingElement(name) }
            return value
        }
        func optional(_ name: String) -> String? { header[name].flatMap { $0.isEmpty ? nil : $0 } }
        let dateTimeText = try required("dataOraFlusso")
        guard let dateTime = XMLDateTime.parseDateTime(dateTimeText, defaultTimeZone: timeZone) else {
            throw .invalidValue(element: "dataOraFlusso", value: dateTimeText)
        }
        let settlementDateText = try required("dataRegolamento")
        guard let settlementDate = XMLDateTime.parseDate(settlementDateText) else {
            throw .invalidValue(element: "dataRegolamento", value: settlementDateText)
        }
        let senderTypeText = try required(Self.senderID + "tipoIdentificativoUnivoco")
        guard let senderType = FlowSender.IDType(rawValue: senderTypeText) else {
            throw .invalidValue(element: Self.senderID + "tipoIdentificativoUnivoco", value: senderTypeText)
        }
        let receiverCodeText = try required(Self.receiverID + "codiceIdentificativoUnivoco")
        guard let receiverCode = try? CreditorFiscalCode(validating: receiverCodeText) else {
            throw .invalidValue(element: Self.receiverID + "codiceIdentificativoUnivoco", value: receiverCodeText)
        }
        let flow = ReconciliationFlow(
            id: try required("identificativoFlusso"), dateTime: dateTime,
            settlementID: try required("identificativoUnivocoRegolamento"), settlementDate: settlementDate,
            sender: FlowSender(
                idType: senderType, id: try required(Self.senderID + "codiceIdentificativoUnivoco"),
                name: optional("istitutoMittente/denominazioneMittente")),
            settlementBankBIC: optional("codiceBicBancaDiRiversamento"),
            receiver: FlowReceiver(fiscalCode: receiverCode, name: optional("istitutoRicevente/denominazioneRicevente")),
            payments: try payments.enumerated().map { (offset, fields) throws(ReconciliationFlowError) in
                try Self.payment(fields, number: offset + 1)
            })
        let countText = try required("numeroTotalePagamenti")
        guard countText.utf8.allSatisfy(\.isASCIIDigit), let declaredCount = Int(countText) else {
            throw .invalidValue(element: "numeroTotalePagamenti", value: countText)
        }
        let amountText = try required("importoTotalePagamenti")
        guard let declaredAmount = try? Money(wireValue: amountText) else {
            throw .invalidValue(element: "importoTotalePagamenti", value: amountText)
        }
        guard !flow.payments.isEmpty else { throw .noPayments }
        guard declaredCount == flow.totalCount, declaredAmount == flow.totalAmount else {
            throw .totalsMismatch(
                declaredCount: declaredCount, actualCount: flow.totalCount, declaredAmount: declaredAmount,
                actualAmount: flow.totalAmount)
        }
        return flow
    }

    private static func payment(_ fields: [String: String], number: Int) throws(ReconciliationFlowError) -> FlowPayment {
        let prefix = "\(paymentElement)[\(number)]/"
        func required(_ name: String) throws(ReconciliationFlowError) -> String {
            guard let value = fields[name], !value.isEmpty else { throw .missingElement(prefix + name) }
            return value
        }
        func invalid(_ name: String, _ value: String) -> ReconciliationFlowError {
            .invalidValue(element: prefix + name, value: value)
        }
        let iuv = try required("identificativoUnivocoVersamento")
        let iur = try required("identificativoUnivocoRiscossione")
        guard iuv.count <= 35 else { throw invalid("identificativoUnivocoVersamento", iuv) }
        guard iur.count <= 35 else { throw invalid("identificativoUnivocoRiscossione", iur) }
        // Flows from before transfers had an index carry one transfer per payment.
        let indexText = fields["indiceDatiSingoloPagamento"].flatMap { $0.isEmpty ? nil : $0 } ?? "1"
        guard let index = Int(indexText), (1...DebtPosition.maximumTransfers).contains(index) else {
            throw invalid("indiceDatiSingoloPagamento", indexText)
        }
        let amountText = try required("singoloImportoPagato")
        guard let amount = try? Money(wireValue: amountText), amount <= FlowPayment.maximumAmount else {
            throw invalid("singoloImportoPagato", amountText)
        }
        let outcomeText = try required("codiceEsitoSingoloPagamento")
        guard let outcome = FlowPaymentOutcome(rawValue: outcomeText) else {
            throw invalid("codiceEsitoSingoloPagamento", outcomeText)
        }
        let dateText = try required("dataEsitoSingoloPagamento")
        guard let date = XMLDateTime.parseDate(dateText) else { throw invalid("dataEsitoSingoloPagamento", dateText) }
        return FlowPayment(iuv: iuv, iur: iur, transferIndex: index, amount: amount, outcome: outcome, outcomeDate: date)
    }
}
