public import Foundation
public import SportelloCore

extension GPDPaymentPosition {
    /// The position as GPD receives it: amounts in cents, dates as instants (due dates at the end of the day in the
    /// municipality's time zone), notice numbers with their IUVs.
    public init(_ position: DebtPosition, timeZone: TimeZone) {
        self.init(
            iupd: position.iupd, type: position.debtor.type == .person ? .person : .organization,
            fiscalCode: position.debtor.identifier.value, fullName: position.debtor.fullName,
            companyName: position.companyName, email: position.debtor.email,
            validityDate: position.validityDate.map { $0.start(in: timeZone) }, switchToExpired: position.switchToExpired,
            paymentOption: position.paymentOptions.map { option in
                GPDPaymentOption(
                    iuv: option.iuv.value, nav: option.noticeNumber.value, amount: Int(option.amount.cents),
                    description: option.description, isPartialPayment: option.isPartialPayment,
                    dueDate: (option.dueDate.adding(days: 1)?.start(in: timeZone) ?? option.dueDate.start(in: timeZone))
                        .addingTimeInterval(-1),
                    transfer: option.transfers.map { transfer in
                        var gpd = GPDTransfer(
                            idTransfer: String(transfer.id), amount: Int(transfer.amount.cents),
                            remittanceInformation: transfer.remittanceInformation, category: transfer.category,
                            organizationFiscalCode: transfer.creditorFiscalCode?.value)
                        switch transfer.destination {
                        case .iban(let iban): gpd.iban = iban
                        case .stamp(let stamp):
                            gpd.stamp = GPDStamp(
                                hashDocument: stamp.documentHash, stampType: stamp.stampType,
                                provincialResidence: stamp.provincialResidence)
                        }
                        return gpd
                    })
            })
    }
}
