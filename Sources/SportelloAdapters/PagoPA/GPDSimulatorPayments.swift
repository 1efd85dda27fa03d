import Foundation
public import SportelloCore

/// One transfer of a settled payment, as a daily reconciliation flow lists it.
public struct GPDSettledPayment: Equatable, Sendable {
    public var organizationFiscalCode: String
    public var iuv: String
    /// 1...5, the transfer's `idTransfer`.
    public var transferIndex: Int
    /// Euro cents.
    public var amount: Int
    /// The unique collection id (IUR): here the receipt's id.
    public var iur: String
    public var outcomeDate: LocalDate

    public init(organizationFiscalCode: String, iuv: String, transferIndex: Int, amount: Int, iur: String, outcomeDate: LocalDate)
    {
        self.organizationFiscalCode = organizationFiscalCode
        self.iuv = iuv
        self.transferIndex = transferIndex
        self.amount = amount
        self.iur = iur
        self.outcomeDate = outcomeDate
    }
}

extension GPDSimulator {
    /// A payment at the checkout: the notice is found among the organisation's payable positions, the option is
    /// marked paid (when the outcome is OK) and the receipt the node would send is produced and kept. A notice that
    /// cannot be paid is refused with the fault the node would report.
    public func pay(
        noticeNumber: String, organization: String, outcome: PaOutcome = .ok, payer: PaSubject? = nil,
        paymentMethod: String = "CP", fee: Int = 0
    ) throws(PaFault) -> PaSendRTReceipt {
        func fault(_ code: PaFaultCode, _ detail: String) -> PaFault {
            PaFault(code, faultString: "payment refused", id: organization, detail: detail)
        }
        guard
            let found = (positions[organization] ?? [:]).values.lazy.compactMap({ stored in
                stored.position.paymentOption.firstIndex { $0.nav == noticeNumber }.map { (stored.position.iupd, $0) }
            }).first, var stored = self.stored(organization, found.0)
        else { throw fault(.paymentUnknown, "no debt position with notice \(noticeNumber)") }
        let index = found.1
        let option = stored.position.paymentOption[index]
        switch stored.status {
        case .draft, .published: throw fault(.paymentUnknown, "the position is not payable yet")
        case .invalid: throw fault(.paymentCancelled, "the position was cancelled")
        case .expired: throw fault(.paymentExpired, "the position expired")
        case .paid, .reported: throw fault(.paymentDuplicated, "the position is paid")
        case .valid, .partiallyPaid:
            if option.status != .unpaid || (stored.status == .partiallyPaid && !option.isPartialPayment) {
                throw fault(.paymentDuplicated, "the notice is paid")
            }
        }
        let date = Date(timeIntervalSince1970: now().timeIntervalSince1970.rounded(.down))
        let receipt = makeReceipt(
            stored, option: option, outcome: outcome, payer: payer, method: paymentMethod, fee: fee, at: date)
        receipts.append(receipt)
        guard outcome == .ok else { return receipt }
        stored.position.paymentOption[index].status = .paid
        stored.position.paymentOption[index].paymentDate = date
        stored.position.paymentOption[index].idReceipt = receipt.receiptId
        stored.position.paymentOption[index].pspCompany = provider.companyName
        stored.position.paymentOption[index].paymentMethod = paymentMethod
        let instalments = stored.position.paymentOption.filter(\.isPartialPayment)
        let complete = !option.isPartialPayment || instalments.allSatisfy { $0.status == .paid }
        stored.status = complete ? .paid : .partiallyPaid
        if complete { stored.paymentDate = date }
        stored.lastUpdatedDate = date
        positions[organization]?[stored.position.iupd] = stored
        return receipt
    }

    private func makeReceipt(
        _ stored: Stored, option: GPDPaymentOption, outcome: PaOutcome, payer: PaSubject?, method: String, fee: Int,
        at date: Date
    ) -> PaSendRTReceipt {
        let position = stored.position
        let day = LocalDate(date, in: Self.rome)
        return PaSendRTReceipt(
            receiptId: UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased(),
            noticeNumber: option.nav ?? "3" + option.iuv, fiscalCode: stored.organization, outcome: outcome,
            creditorReferenceId: option.iuv, paymentAmount: option.amount, description: option.description,
            companyName: position.companyName, officeName: position.officeName,
            debtor: PaSubject(
                type: position.type, identifier: position.fiscalCode, fullName: position.fullName, email: position.email),
            transferList: option.transfer.map { transfer in
                PaReceiptTransfer(
                    idTransfer: Int(transfer.idTransfer) ?? 1, transferAmount: transfer.amount,
                    fiscalCodePA: transfer.organizationFiscalCode ?? stored.organization,
                    iban: transfer.iban ?? transfer.postalIban, remittanceInformation: transfer.remittanceInformation,
                    transferCategory: transfer.category)
            },
            idPSP: provider.idPSP, pspFiscalCode: provider.fiscalCode, pspCompanyName: provider.companyName,
            idChannel: provider.idChannel, channelDescription: provider.channelDescription, payer: payer,
            paymentMethod: method, fee: fee, paymentDateTime: date, applicationDate: day, transferDate: day)
    }

    /// Marks a paid option as reported by a reconciliation flow; the position is REPORTED once every paid option is.
    public func markReported(organization: String, iuv: String) {
        guard var stored = positions[organization]?.values.first(where: { $0.position.paymentOption.contains { $0.iuv == iuv } }),
            let index = stored.position.paymentOption.firstIndex(where: { $0.iuv == iuv }),
            stored.position.paymentOption[index].status == .paid
        else { return }
        let date = now()
        stored.position.paymentOption[index].status = .reported
        stored.position.paymentOption[index].reportingDate = date
        for transfer in stored.position.paymentOption[index].transfer.indices {
            stored.position.paymentOption[index].transfer[transfer].status = .reported
        }
        if stored.status == .paid, !stored.position.paymentOption.contains(where: { $0.status == .paid }) {
            stored.status = .reported
        }
        stored.lastUpdatedDate = date
        positions[organization]?[stored.position.iupd] = stored
    }

    /// The transfers of the payments settled on a day (Rome time), from the OK receipts, for the daily
    /// reconciliation flow.
    public func settledPayments(on date: LocalDate) -> [GPDSettledPayment] {
        receipts.filter { $0.outcome == .ok }.flatMap { receipt -> [GPDSettledPayment] in
            guard let paid = receipt.paymentDateTime, LocalDate(paid, in: Self.rome) == date else { return [] }
            return receipt.transferList.map { transfer in
                GPDSettledPayment(
                    organizationFiscalCode: receipt.fiscalCode, iuv: receipt.creditorReferenceId,
                    transferIndex: transfer.idTransfer, amount: transfer.transferAmount, iur: receipt.receiptId,
                    outcomeDate: date)
            }
        }
    }

    /// The `paSendRTReq` that carries a receipt to the creditor's station.
    public nonisolated func sendRTRequest(
        for receipt: PaSendRTReceipt, idBrokerPA: String? = nil, idStation: String? = nil
    ) -> PaSendRTRequest {
        PaSendRTRequest(
            idPA: receipt.fiscalCode, idBrokerPA: idBrokerPA ?? receipt.fiscalCode,
            idStation: idStation ?? receipt.fiscalCode + "_01", receipt: receipt)
    }
}

/// Delivers a receipt to a creditor's station as the node does: a SOAP POST with `SOAPAction: paSendRT`.
public struct PaSendRTDelivery: Sendable {
    let transport: any HTTPTransport
    let url: String

    public init(transport: any HTTPTransport, url: String) {
        self.transport = transport
        self.url = url
    }

    /// The station's answer. A station that does not answer with a `paSendRTRes` (HTTP error, not SOAP) is
    /// ``GPDError/unavailable(status:retryAfterSeconds:)``: the node tries again.
    public func send(_ request: PaSendRTRequest) async throws -> PaSendRTResponse {
        let response = try await transport.send(
            TransportRequest(
                method: "POST", url: url,
                headers: [("Content-Type", "text/xml; charset=utf-8"), ("SOAPAction", "paSendRT")],
                body: Data(PaSendRTEnvelope.write(request).utf8)))
        guard let answer = try? PaSendRTEnvelope.parseResponse(response.body) else {
            throw GPDError.unavailable(status: response.status, retryAfterSeconds: response.retryAfterSeconds())
        }
        return answer
    }
}
