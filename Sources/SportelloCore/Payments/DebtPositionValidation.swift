extension DebtPosition {
    /// The longest text pagoPA carries in a description, a reason or remittance information.
    public static let maximumTextLength = 140
    /// The longest position identifier, as pagoPA's 35-character identifier fields.
    public static let maximumIUPDLength = 35
    /// The longest debtor name GPD accepts.
    public static let maximumFullNameLength = 70
    /// Each payment option splits into at most this many transfers.
    public static let maximumTransfers = 5

    /// Every problem of the position at once, each tied to a field path such as
    /// `paymentOptions[1].transfers[0].amount` and a message key under `error.debtPosition.`.
    ///
    /// Due dates and the validity date may not lie before `today` (the municipality's day), so a
    /// position is checked when it is created or changed, not when it is read back later.
    public func validationErrors(today: LocalDate) -> [FieldError] {
        var problems = DebtPositionProblems()
        problems.checkText(iupd, field: "iupd", name: "iupd", maximum: Self.maximumIUPDLength)
        problems.checkText(companyName, field: "companyName", name: "companyName", maximum: Self.maximumTextLength)
        problems.checkText(reason, field: "reason", name: "reason", maximum: Self.maximumTextLength)
        problems.checkText(debtor.fullName, field: "debtor.fullName", name: "fullName", maximum: Self.maximumFullNameLength)
        if let email = debtor.email, FieldFormats.normalizedEmail(email) == nil {
            problems.add("debtor.email", "invalidEmail")
        }
        if let validityDate, validityDate < today {
            problems.add("validityDate", "validityDateInPast")
        }
        checkOptionPlan(&problems)
        for (index, option) in paymentOptions.enumerated() {
            checkOption(option, field: "paymentOptions[\(index)]", today: today, problems: &problems)
        }
        return problems.errors
    }

    /// Throws every problem found by ``validationErrors(today:)`` at once.
    public func validate(today: LocalDate) throws(ValidationFailure) {
        let errors = validationErrors(today: today)
        guard errors.isEmpty else { throw ValidationFailure(errors) }
    }

    /// The options as a whole: at most one single payment, no lone instalment, instalments in due-date
    /// order adding up to the single payment, no IUV twice.
    private func checkOptionPlan(_ problems: inout DebtPositionProblems) {
        guard !paymentOptions.isEmpty else {
            problems.add("paymentOptions", "noPaymentOptions")
            return
        }
        let singles = paymentOptions.indices.filter { !paymentOptions[$0].isPartialPayment }
        let instalments = paymentOptions.indices.filter { paymentOptions[$0].isPartialPayment }
        if singles.count > 1 { problems.add("paymentOptions", "moreThanOneSinglePayment") }
        if instalments.count == 1 { problems.add("paymentOptions[\(instalments[0])]", "singleInstalment") }
        for (previous, next) in zip(instalments, instalments.dropFirst())
        where paymentOptions[next].dueDate <= paymentOptions[previous].dueDate {
            problems.add("paymentOptions[\(next)].dueDate", "instalmentsOutOfOrder")
        }
        if singles.count == 1, instalments.count > 1,
            Money.sum(instalments.map { paymentOptions[$0].amount }) != paymentOptions[singles[0]].amount
        {
            problems.add("paymentOptions", "instalmentsSumMismatch")
        }
        var seen: Set<IUV> = []
        for (index, option) in paymentOptions.enumerated() where !seen.insert(option.iuv).inserted {
            problems.add("paymentOptions[\(index)].iuv", "duplicateIUV")
        }
    }

    private func checkOption(_ option: PaymentOption, field: String, today: LocalDate, problems: inout DebtPositionProblems) {
        if option.amount.cents <= 0 { problems.add(field + ".amount", "amountNotPositive") }
        problems.checkText(
            option.description, field: field + ".description", name: "description", maximum: Self.maximumTextLength)
        if option.dueDate < today { problems.add(field + ".dueDate", "dueDateInPast") }
        if let validityDate, option.dueDate < validityDate { problems.add(field + ".dueDate", "dueDateBeforeValidityDate") }
        if option.transfers.isEmpty { problems.add(field + ".transfers", "noTransfers") }
        if option.transfers.count > Self.maximumTransfers { problems.add(field + ".transfers", "tooManyTransfers") }
        if !option.transfers.isEmpty, Money.sum(option.transfers.map(\.amount)) != option.amount {
            problems.add(field + ".transfers", "transfersSumMismatch")
        }
        var ids: Set<Int> = []
        for (index, transfer) in option.transfers.enumerated() {
            let transferField = field + ".transfers[\(index)]"
            if !(1...Self.maximumTransfers).contains(transfer.id) {
                problems.add(transferField + ".id", "transferIDOutOfRange")
            } else if !ids.insert(transfer.id).inserted {
                problems.add(transferField + ".id", "duplicateTransferID")
            }
            checkTransfer(transfer, field: transferField, problems: &problems)
        }
    }

    private func checkTransfer(_ transfer: PaymentTransfer, field: String, problems: inout DebtPositionProblems) {
        if transfer.amount.cents <= 0 { problems.add(field + ".amount", "amountNotPositive") }
        problems.checkText(
            transfer.remittanceInformation, field: field + ".remittanceInformation", name: "remittanceInformation",
            maximum: Self.maximumTextLength)
        if !Self.isTaxonomyCode(transfer.category) { problems.add(field + ".category", "invalidCategory") }
        switch transfer.destination {
        case .iban(let iban):
            if FieldFormats.normalizedIBAN(iban) == nil { problems.add(field + ".iban", "invalidIBAN") }
        case .stamp(let stamp):
            if !Self.isValid(stamp) { problems.add(field + ".stamp", "invalidStamp") }
        }
    }

    /// A pagoPA taxonomy code: the kind of body (1-2 digits), the revenue's code, each closed by a slash,
    /// e.g. "9/0101100IM/".
    public static func isTaxonomyCode(_ text: String) -> Bool {
        let parts = text.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].isEmpty, (1...2).contains(parts[0].count), (1...30).contains(parts[1].count)
        else { return false }
        return parts[0].allSatisfy(\.isASCIIDigit)
            && parts[1].allSatisfy { $0.isASCIIDigit || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
    }

    private static func isValid(_ stamp: RevenueStamp) -> Bool {
        let base64 = stamp.documentHash.utf8.allSatisfy {
            $0.isASCIIDigit || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
                || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || "+/=".utf8.contains($0)
        }
        return base64 && (1...72).contains(stamp.documentHash.utf8.count)
            && stamp.stampType.utf8.count == 2 && stamp.stampType.utf8.allSatisfy(\.isASCIIDigit)
            && stamp.provincialResidence.utf8.count == 2
            && stamp.provincialResidence.utf8.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
    }
}

/// Collects the problems of a position with their message keys.
private struct DebtPositionProblems {
    var errors: [FieldError] = []

    mutating func add(_ field: String, _ name: String) {
        errors.append(FieldError(field: field, messageKey: "error.debtPosition." + name))
    }

    /// A required text: present (not only spaces) and not longer than `maximum` characters (counting
    /// bytes first, which is enough for almost every text and much cheaper than counting characters).
    mutating func checkText(_ text: String, field: String, name: String, maximum: Int) {
        if text.trimmedWhitespace.isEmpty {
            add(field, name + "Missing")
        } else if text.utf8.count > maximum, text.count > maximum {
            add(field, name + "TooLong")
        }
    }
}
