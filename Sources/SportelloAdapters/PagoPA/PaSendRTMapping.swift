public import Foundation
public import SportelloCore

/// A receipt as the node sends it that does not fit the domain (a bad notice number, fiscal code or amount).
public struct UnreadableReceipt: Error, Equatable, Sendable {
    public var detail: String
}

extension PaSendRTReceipt {
    /// The receipt in the domain's terms, with every code checked.
    public func domainReceipt(timeZone: TimeZone) throws(UnreadableReceipt) -> PaymentReceipt {
        do {
            let paidAt = paymentDateTime ?? Date()
            let day = LocalDate(paidAt, in: timeZone)
            return PaymentReceipt(
                receiptID: receiptId, noticeNumber: try NoticeNumber(validating: noticeNumber),
                creditorFiscalCode: try CreditorFiscalCode(validating: fiscalCode),
                outcome: outcome == .ok ? .ok : .ko, creditorReferenceID: try IUV(validating: creditorReferenceId),
                paymentAmount: Money(cents: Int64(paymentAmount)), description: description, companyName: companyName,
                debtor: Debtor(
                    identifier: try DebtorIdentifier(validating: debtor.identifier), fullName: debtor.fullName,
                    email: debtor.email),
                transfers: try transferList.map { transfer in
                    ReceiptTransfer(
                        id: transfer.idTransfer, amount: Money(cents: Int64(transfer.transferAmount)),
                        creditorFiscalCode: try CreditorFiscalCode(validating: transfer.fiscalCodePA), iban: transfer.iban,
                        remittanceInformation: transfer.remittanceInformation, category: transfer.transferCategory)
                },
                pspID: idPSP, pspName: pspCompanyName, channelID: idChannel, paymentMethod: paymentMethod ?? "",
                fee: fee.map { Money(cents: Int64($0)) }, paymentDateTime: paidAt, applicationDate: applicationDate ?? day,
                transferDate: transferDate ?? day)
        } catch {
            throw UnreadableReceipt(detail: "\(error)")
        }
    }
}
