public import Foundation

/// Debt positions read from a CSV file an office uploads (fines, fees, instalment plans).
///
/// The file is UTF-8 (a byte order mark is allowed), RFC 4180 (quotes around cells that hold the
/// separator, quotes or line breaks), with CRLF or LF line ends. The first row names the columns, in
/// any order and case ("Codice fiscale" reads as `codice_fiscale`); the separator is `;` or `,`,
/// whichever the header uses.
///
/// | column | required | content |
/// |---|---|---|
/// | `codice_fiscale` | yes | the debtor's codice fiscale (16 characters, a person) or 11-digit fiscal code (an organisation) |
/// | `nominativo` | yes | name and surname, or the organisation's name (at most 70 characters) |
/// | `email` | no | the debtor's e-mail address |
/// | `importo` | yes | the amount: "12,50", "1.234,50" or "1234.50"; more than zero |
/// | `causale` | yes | the reason, at most 140 characters: the position's reason, the notice's description, the transfer's remittance information |
/// | `scadenza` | yes | the due date, "31/12/2025" or "2025-12-31", not before today |
/// | `categoria` | unless the import has a default | the pagoPA taxonomy code, e.g. "9/0101100IM/" |
/// | `iban` | unless the import has a default | the account credited |
/// | `id_posizione` | no | the position's identifier (IUPD); rows that share one are the instalments of one position, in file order |
///
/// Each row is one payment option with one transfer. Every row is read, whatever is wrong with
/// others: the result lists the positions made and, for the rest, every error with its line and column.
public enum DebtPositionImport {
    /// The columns a file may have.
    public enum Column: String, CaseIterable, Sendable {
        case fiscalCode = "codice_fiscale"
        case fullName = "nominativo"
        case email = "email"
        case amount = "importo"
        case reason = "causale"
        case dueDate = "scadenza"
        case category = "categoria"
        case iban = "iban"
        case positionID = "id_posizione"
    }

    /// Reads a whole file. Never throws: problems come back as errors in the result.
    public static func read(_ data: Data, settings: DebtPositionImportSettings) -> DebtPositionImportResult {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard String(validating: bytes, as: UTF8.self) != nil else { return .fileError("notUTF8") }
        let separator = CSVReader.separator(ofHeaderIn: bytes)
        let records: [CSVReader.Record]
        switch CSVReader.records(in: bytes, separator: separator) {
        case .success(let read): records = read
        case .failure(let failure): return .fileError("unterminatedQuote", line: failure.line)
        }
        return read(records: records, settings: settings)
    }

    /// One position typed in a form, read as a one-line file would be: the same checks, the errors by column.
    public static func read(entry: [Column: String], settings: DebtPositionImportSettings) -> DebtPositionImportResult {
        let columns = Column.allCases.filter { entry[$0] != nil }
        return read(
            records: [
                CSVReader.Record(line: 1, fields: columns.map(\.rawValue), isMalformed: false),
                CSVReader.Record(line: 2, fields: columns.map { entry[$0]! }, isMalformed: false),
            ], settings: settings)
    }

    private static func read(records: [CSVReader.Record], settings: DebtPositionImportSettings) -> DebtPositionImportResult {
        guard let headerRecord = records.first else { return .fileError("empty") }
        let header: Header
        switch Header.read(headerRecord, settings: settings) {
        case .success(let read): header = read
        case .failure(let errors): return DebtPositionImportResult(positions: [], errors: errors.errors, rowCount: 0)
        }
        var builder = PositionBuilder(settings: settings)
        var ibans = IBANCache()
        var groups: [String: Int] = [:]
        var groupRows: [[ParsedRow]] = []
        for record in records.dropFirst() {
            let row = ParsedRow(record, header: header, settings: settings, ibans: &ibans)
            if let id = row.positionID {
                if let group = groups[id] {
                    groupRows[group].append(row)
                    continue
                }
                groups[id] = groupRows.count
            }
            groupRows.append([row])
        }
        for rows in groupRows { builder.add(rows) }
        return DebtPositionImportResult(
            positions: builder.positions, errors: builder.errors, rowCount: records.count - 1,
            sequenceNumbersUsed: builder.sequenceNumbersUsed)
    }
}

/// Who the imported positions are owed to and how their notices are numbered.
public struct DebtPositionImportSettings: Sendable {
    public var tenantID: Tenant.ID
    public var creditorFiscalCode: CreditorFiscalCode
    public var companyName: String
    /// The creditor's segregation code, the first two digits of its IUVs.
    public var segregationCode: Int
    /// The sequence number of the first new IUV; the next options take the following numbers. Reserve
    /// as many numbers as the file has rows; the result tells how many were used.
    public var firstSequenceNumber: Int64
    /// The account credited when a row has no `iban`.
    public var defaultIBAN: String?
    /// The taxonomy code used when a row has no `categoria`.
    public var defaultCategory: String?
    public var switchToExpired: Bool
    /// The municipality's day: due dates may not lie before it.
    public var today: LocalDate

    public init(
        tenantID: Tenant.ID, creditorFiscalCode: CreditorFiscalCode, companyName: String, segregationCode: Int,
        firstSequenceNumber: Int64, defaultIBAN: String? = nil, defaultCategory: String? = nil,
        switchToExpired: Bool = false, today: LocalDate
    ) {
        self.tenantID = tenantID
        self.creditorFiscalCode = creditorFiscalCode
        self.companyName = companyName
        self.segregationCode = segregationCode
        self.firstSequenceNumber = firstSequenceNumber
        self.defaultIBAN = defaultIBAN
        self.defaultCategory = defaultCategory
        self.switchToExpired = switchToExpired
        self.today = today
    }
}

/// What an import produced.
public struct DebtPositionImportResult: Sendable {
    /// Draft positions made from rows without errors, in file order.
    public var positions: [ImportedDebtPosition]
    /// Every problem found, by line; a position with any problem is not made.
    public var errors: [DebtPositionImportError]
    /// Data rows read (the header not counted).
    public var rowCount: Int
    /// How many sequence numbers the positions took, from the settings' first one.
    public var sequenceNumbersUsed: Int64

    public init(
        positions: [ImportedDebtPosition], errors: [DebtPositionImportError], rowCount: Int, sequenceNumbersUsed: Int64 = 0
    ) {
        self.positions = positions
        self.errors = errors
        self.rowCount = rowCount
        self.sequenceNumbersUsed = sequenceNumbersUsed
    }

    /// The errors of one line.
    public func errors(line: Int) -> [DebtPositionImportError] {
        errors.filter { $0.line == line }
    }

    fileprivate static func fileError(_ name: String, line: Int = 1) -> DebtPositionImportResult {
        DebtPositionImportResult(
            positions: [], errors: [DebtPositionImportError(line: line, column: nil, messageKey: "error.paymentImport." + name)],
            rowCount: 0)
    }
}

/// A draft position and the lines of the file it came from.
public struct ImportedDebtPosition: Hashable, Sendable {
    public var lines: [Int]
    public var position: DebtPosition

    public init(lines: [Int], position: DebtPosition) {
        self.lines = lines
        self.position = position
    }
}

/// One problem of an imported file: where (line from 1, column name if it is about one cell) and what.
public struct DebtPositionImportError: Hashable, Sendable {
    public var line: Int
    public var column: String?
    public var messageKey: String

    public init(line: Int, column: String?, messageKey: String) {
        self.line = line
        self.column = column
        self.messageKey = messageKey
    }
}

/// Which field of the file holds which column.
private struct Header {
    var positions: [DebtPositionImport.Column: Int]
    var width: Int

    static func read(
        _ record: CSVReader.Record, settings: DebtPositionImportSettings
    ) -> Result<Header, ImportErrors> {
        var errors = ImportErrors()
        var positions: [DebtPositionImport.Column: Int] = [:]
        for (index, name) in record.fields.enumerated() {
            let normalized = name.trimmedWhitespace.lowercased()
                .replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
            guard let column = DebtPositionImport.Column(rawValue: normalized) else {
                errors.add(record.line, name, "unknownColumn")
                continue
            }
            if positions[column] != nil { errors.add(record.line, name, "duplicateColumn") }
            positions[column] = index
        }
        var required: [DebtPositionImport.Column] = [.fiscalCode, .fullName, .amount, .reason, .dueDate]
        if settings.defaultCategory == nil { required.append(.category) }
        if settings.defaultIBAN == nil { required.append(.iban) }
        for column in required where positions[column] == nil {
            errors.add(record.line, column.rawValue, "missingColumn")
        }
        guard errors.errors.isEmpty else { return .failure(errors) }
        return .success(Header(positions: positions, width: record.fields.count))
    }
}

private struct ImportErrors: Error {
    var errors: [DebtPositionImportError] = []

    mutating func add(_ line: Int, _ column: String?, _ name: String) {
        errors.append(DebtPositionImportError(line: line, column: column, messageKey: "error.paymentImport." + name))
    }

    mutating func add(_ line: Int, _ column: DebtPositionImport.Column, key: String) {
        errors.append(DebtPositionImportError(line: line, column: column.rawValue, messageKey: key))
    }
}

/// One data row, its cells converted; what could not be converted is in `errors`.
private struct ParsedRow {
    var line: Int
    var errors = ImportErrors()
    var debtor: DebtorIdentifier?
    var fullName = ""
    var email: String?
    var amount = Money.zero
    var reason = ""
    var dueDate: LocalDate?
    var category = ""
    var iban = ""
    var positionID: String?

    init(_ record: CSVReader.Record, header: Header, settings: DebtPositionImportSettings, ibans: inout IBANCache) {
        line = record.line
        guard record.fields.count == header.width, !record.isMalformed else {
            errors.add(line, nil, record.isMalformed ? "malformedQuotes" : "wrongFieldCount")
            return
        }
        func cell(_ column: DebtPositionImport.Column) -> String {
            header.positions[column].map { record.fields[$0].trimmedWhitespace } ?? ""
        }
        func required(_ column: DebtPositionImport.Column) -> String? {
            let value = cell(column)
            if value.isEmpty { errors.add(line, column.rawValue, "required") }
            return value.isEmpty ? nil : value
        }
        /// A required cell read by `convert`, whose error names the message.
        func converted<Value, Failure: LocalizedDomainError>(
            _ column: DebtPositionImport.Column, _ convert: (String) throws(Failure) -> Value
        ) -> Value? {
            guard let text = required(column) else { return nil }
            do {
                return try convert(text)
            } catch {
                errors.add(line, column, key: error.messageKey)
                return nil
            }
        }
        /// A required text of at most `maximum` characters.
        func text(_ column: DebtPositionImport.Column, maximum: Int, tooLong key: String) -> String {
            let value = required(column) ?? ""
            if value.count > maximum { errors.add(line, column, key: key) }
            return value
        }
        debtor = converted(.fiscalCode, DebtorIdentifier.init(validating:))
        fullName = text(.fullName, maximum: DebtPosition.maximumFullNameLength, tooLong: "error.debtPosition.fullNameTooLong")
        email = cell(.email).isEmpty ? nil : cell(.email)
        amount = converted(.amount, Money.init(parsing:)) ?? .zero
        reason = text(.reason, maximum: DebtPosition.maximumTextLength, tooLong: "error.debtPosition.reasonTooLong")
        if let text = required(.dueDate) {
            dueDate = Self.date(text)
            if dueDate == nil { errors.add(line, Column.dueDate.rawValue, "invalidDate") }
        }
        if cell(.category).isEmpty, let defaultCategory = settings.defaultCategory {
            category = defaultCategory
        } else {
            category = required(.category) ?? ""
        }
        let ibanText = cell(.iban).isEmpty ? settings.defaultIBAN : required(.iban)
        if let ibanText {
            if let normalized = ibans.normalized(ibanText) {
                iban = normalized
            } else {
                errors.add(line, .iban, key: "error.debtPosition.invalidIBAN")
            }
        }
        positionID = cell(.positionID).isEmpty ? nil : cell(.positionID)
    }

    private typealias Column = DebtPositionImport.Column

    /// "31/12/2025" (day and month may have one digit) or "2025-12-31".
    static func date(_ text: String) -> LocalDate? {
        if let iso = LocalDate(iso: text) { return iso }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
            parts.allSatisfy({ $0.utf8.allSatisfy(\.isASCIIDigit) }),
            let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2])
        else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }
}

/// IBANs already checked: a file usually credits one or a few accounts on every row.
private struct IBANCache {
    private var normalizedIBANs: [String: String?] = [:]

    mutating func normalized(_ text: String) -> String? {
        if let known = normalizedIBANs[text] { return known }
        let normalized = FieldFormats.normalizedIBAN(text)
        normalizedIBANs[text] = normalized
        return normalized
    }
}

/// Turns groups of rows into positions, numbering their notices in order.
private struct PositionBuilder {
    let settings: DebtPositionImportSettings
    var positions: [ImportedDebtPosition] = []
    var errors: [DebtPositionImportError] = []
    var sequenceNumbersUsed: Int64 = 0

    init(settings: DebtPositionImportSettings) {
        self.settings = settings
    }

    mutating func add(_ rows: [ParsedRow]) {
        var problems = ImportErrors()
        for row in rows { problems.errors += row.errors.errors }
        let first = rows[0]
        if let debtor = first.debtor {
            for row in rows.dropFirst() where row.debtor != nil && row.debtor != debtor {
                problems.add(row.line, DebtPositionImport.Column.fiscalCode.rawValue, "debtorDiffers")
            }
        }
        guard problems.errors.isEmpty, let debtor = first.debtor else {
            // Rows of a plan whose other rows are wrong are not imported either; say why.
            for row in rows where row.errors.errors.isEmpty && !problems.errors.contains(where: { $0.line == row.line }) {
                problems.add(row.line, nil, "otherInstalmentInvalid")
            }
            record(problems.errors)
            return
        }
        var options: [PaymentOption] = []
        for (offset, row) in rows.enumerated() {
            let sequenceNumber = settings.firstSequenceNumber + sequenceNumbersUsed + Int64(offset)
            guard let iuv = try? IUV.make(segregationCode: settings.segregationCode, sequenceNumber: sequenceNumber) else {
                problems.add(row.line, nil, "noNoticeNumberLeft")
                continue
            }
            let transfer = PaymentTransfer(
                id: 1, amount: row.amount, remittanceInformation: row.reason, category: row.category,
                destination: .iban(row.iban))
            options.append(
                PaymentOption(
                    iuv: iuv, amount: row.amount, dueDate: row.dueDate!, description: row.reason,
                    isPartialPayment: rows.count > 1, transfers: [transfer]))
        }
        guard problems.errors.isEmpty else {
            record(problems.errors)
            return
        }
        let position = DebtPosition(
            tenantID: settings.tenantID, iupd: first.positionID ?? "IUPD-" + options[0].iuv.value,
            creditorFiscalCode: settings.creditorFiscalCode, companyName: settings.companyName, reason: first.reason,
            debtor: Debtor(identifier: debtor, fullName: first.fullName, email: first.email), paymentOptions: options,
            switchToExpired: settings.switchToExpired)
        let validation = position.validationErrors(today: settings.today)
        guard validation.isEmpty else {
            record(validation.map { Self.importError($0, rows: rows) })
            return
        }
        positions.append(ImportedDebtPosition(lines: rows.map(\.line), position: position))
        sequenceNumbersUsed += Int64(rows.count)
    }

    /// Keeps one error per line and column (an empty `causale` is the reason, the description and the
    /// remittance information at once, but one mistake in the file).
    private mutating func record(_ found: [DebtPositionImportError]) {
        var seen: Set<String> = []
        for error in found where seen.insert("\(error.line)|\(error.column ?? "")").inserted {
            errors.append(error)
        }
    }

    /// Where in the file a problem of the built position lies.
    private static func importError(_ error: FieldError, rows: [ParsedRow]) -> DebtPositionImportError {
        var row = rows[0]
        var field = Substring(error.field)
        if field.hasPrefix("paymentOptions["), let close = field.firstIndex(of: "]"),
            let index = Int(field[field.index(field.startIndex, offsetBy: 15)..<close]), rows.indices.contains(index)
        {
            row = rows[index]
            field = field[field.index(after: close)...]
        }
        let column: DebtPositionImport.Column? =
            switch field {
            case "iupd": .positionID
            case "reason", ".description", ".transfers[0].remittanceInformation": .reason
            case "debtor.fullName": .fullName
            case "debtor.email": .email
            case ".amount", ".transfers[0].amount": .amount
            case ".dueDate": .dueDate
            case ".transfers[0].category": .category
            case ".transfers[0].iban": .iban
            default: nil
            }
        return DebtPositionImportError(line: row.line, column: column?.rawValue, messageKey: error.messageKey)
    }
}
