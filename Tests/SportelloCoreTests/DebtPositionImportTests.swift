import Foundation
import SportelloCore
import Testing

@Suite("Debt positions imported from CSV")
struct DebtPositionImportTests {
    typealias F = PaymentFixtures

    static let settings = DebtPositionImportSettings(
        tenantID: F.tenantID, creditorFiscalCode: F.creditor, companyName: "Comune di Esempio", segregationCode: 1,
        firstSequenceNumber: 500, switchToExpired: true, today: F.today)

    /// Good and bad rows; the comment after each line says what it holds (line numbers of the file).
    static let mixedFile = [
        "codice_fiscale;nominativo;email;importo;causale;scadenza;categoria;iban;id_posizione",
        // 2: good, a person
        "RSSMRA85T10A562S;Mario Rossi;mario.rossi@example.it;120,50;Sanzione 1;31/03/2025;9/0101100IM/;IT60X0542811101000000123456;",
        // 3: six bad cells
        "RSSMRA85T10A562T;Anna Bianchi;;12,505;;2025-02-30;;IT00;",
        // 4: good, an organisation, quoted cells with the separator and quotes, an IBAN with spaces
        #"97735020584;"Ditta ""Esempio"" S.r.l.; sede";;"1.234,00";"Canone; rata unica";2025-04-30;9/0101100IM/;IT60 X054 2811 1010 0000 0123 456;"#,
        // 5, 6: a good plan of two instalments
        "RSSMRA85T10A562S;Mario Rossi;;100,00;Rata 1;30/04/2025;9/0101100IM/;IT60X0542811101000000123456;PIANO-1",
        "RSSMRA85T10A562S;Mario Rossi;;100,00;Rata 2;31/05/2025;9/0101100IM/;IT60X0542811101000000123456;PIANO-1",
        // 7, 8: a plan with one bad instalment: neither row is imported
        "RSSMRA85T10A562S;Mario Rossi;;50,00;Rata 1;30/04/2025;9/0101100IM/;IT60X0542811101000000123456;PIANO-2",
        "RSSMRA85T10A562S;Mario Rossi;;-50,00;Rata 2;31/05/2025;9/0101100IM/;IT60X0542811101000000123456;PIANO-2",
        // 9: due before today (found by the position's own validation)
        "RSSMRA85T10A562S;Mario Rossi;;10,00;Multa;01/01/2025;9/0101100IM/;IT60X0542811101000000123456;",
        // 10: too few cells
        "only;three;cells",
        // 11-12: a quoted line break in a name, and a bad IBAN reported on the line the row starts on
        "\"RSSMRA85T10A562S\";\"Mario\nRossi\";;10,00;Multa;30/04/2025;9/0101100IM/;IT00;",
        // 13, 14: instalments out of order
        "RSSMRA85T10A562S;Mario Rossi;;10,00;Rata 1;30/04/2025;9/0101100IM/;IT60X0542811101000000123456;PIANO-3",
        "RSSMRA85T10A562S;Mario Rossi;;10,00;Rata 2;30/03/2025;9/0101100IM/;IT60X0542811101000000123456;PIANO-3",
        // 15: a plan row for another debtor
        "RSSMRA45D25F205N;Maria Rossi;;100,00;Rata 3;30/06/2025;9/0101100IM/;IT60X0542811101000000123456;PIANO-1",
        // 16: blank line, skipped
        "",
        // 17: good, last line without a line end
        "RSSMRA80A01H501U;Luca Verdi;;5;Diritti;2025-12-31;9/0101100IM/;IT60X0542811101000000123456;",
    ].joined(separator: "\n")

    static func errors(_ result: DebtPositionImportResult, line: Int) -> [String] {
        result.errors(line: line).map { "\($0.column ?? "-"): \($0.messageKey)" }
    }

    @Test("Good rows become draft positions, bad rows report every error with line and column")
    func mixedFile() throws {
        let result = DebtPositionImport.read(Data(Self.mixedFile.utf8), settings: Self.settings)
        #expect(result.rowCount == 14)
        #expect(result.positions.map(\.lines) == [[2], [4], [17]])
        #expect(result.sequenceNumbersUsed == 3)

        #expect(Self.errors(result, line: 2).isEmpty)
        #expect(
            Self.errors(result, line: 3) == [
                "codice_fiscale: error.fiscalCode.wrongCheckCharacter", "importo: error.money.tooManyDecimals",
                "causale: error.paymentImport.required", "scadenza: error.paymentImport.invalidDate",
                "categoria: error.paymentImport.required", "iban: error.debtPosition.invalidIBAN",
            ])
        #expect(Self.errors(result, line: 5) == ["-: error.paymentImport.otherInstalmentInvalid"])
        #expect(Self.errors(result, line: 6) == ["-: error.paymentImport.otherInstalmentInvalid"])
        #expect(Self.errors(result, line: 7) == ["-: error.paymentImport.otherInstalmentInvalid"])
        #expect(Self.errors(result, line: 8) == ["importo: error.money.negative"])
        #expect(Self.errors(result, line: 9) == ["scadenza: error.debtPosition.dueDateInPast"])
        #expect(Self.errors(result, line: 10) == ["-: error.paymentImport.wrongFieldCount"])
        #expect(Self.errors(result, line: 11) == ["iban: error.debtPosition.invalidIBAN"])
        #expect(Self.errors(result, line: 13).isEmpty)
        #expect(Self.errors(result, line: 14) == ["scadenza: error.debtPosition.instalmentsOutOfOrder"])
        #expect(Self.errors(result, line: 15) == ["codice_fiscale: error.paymentImport.debtorDiffers"])
        #expect(result.errors.count == 6 + 3 + 1 + 1 + 1 + 1 + 1 + 1)

        let person = result.positions[0].position
        #expect(person.status == .draft)
        #expect(person.tenantID == F.tenantID)
        #expect(person.debtor == F.debtor)
        #expect(person.reason == "Sanzione 1")
        #expect(person.switchToExpired)
        #expect(person.paymentOptions.count == 1)
        let option = person.paymentOptions[0]
        #expect(option.iuv == F.iuv(500))
        #expect(person.iupd == "IUPD-" + F.iuv(500).value)
        #expect(option.amount == Money(cents: 120_50))
        #expect(option.dueDate == F.date("2025-03-31"))
        #expect(!option.isPartialPayment)
        #expect(
            option.transfers == [
                PaymentTransfer(
                    id: 1, amount: Money(cents: 120_50), remittanceInformation: "Sanzione 1", category: F.category,
                    destination: .iban(F.iban))
            ])

        let company = result.positions[1].position
        #expect(company.debtor.identifier == .organisation(F.creditor))
        #expect(company.debtor.fullName == #"Ditta "Esempio" S.r.l.; sede"#)
        #expect(company.reason == "Canone; rata unica")
        #expect(company.paymentOptions[0].amount == Money(cents: 1_234_00))
        #expect(company.paymentOptions[0].iuv == F.iuv(501))
        #expect(result.positions[2].position.paymentOptions[0].iuv == F.iuv(502))
        for imported in result.positions {
            #expect(imported.position.validationErrors(today: F.today).isEmpty)
        }
    }

    @Test("Rows sharing an id_posizione become one position with instalments in file order")
    func instalmentPlan() throws {
        let file = [
            "codice_fiscale;nominativo;importo;causale;scadenza;categoria;iban;id_posizione",
            "RSSMRA85T10A562S;Mario Rossi;100,00;Rata 1;30/04/2025;9/0101100IM/;IT60X0542811101000000123456;PIANO-1",
            "RSSMRA80A01H501U;Luca Verdi;5;Diritti;2025-12-31;9/0101100IM/;IT60X0542811101000000123456;",
            "RSSMRA85T10A562S;Mario Rossi;150,00;Rata 2;31/05/2025;9/0101100IM/;IT60X0542811101000000123456;PIANO-1",
        ].joined(separator: "\n")
        let result = DebtPositionImport.read(Data(file.utf8), settings: Self.settings)
        #expect(result.errors.isEmpty)
        #expect(result.positions.map(\.lines) == [[2, 4], [3]])
        let plan = result.positions[0].position
        #expect(plan.iupd == "PIANO-1")
        #expect(plan.paymentOptions.map(\.isPartialPayment) == [true, true])
        #expect(plan.paymentOptions.map(\.amount) == [Money(cents: 100_00), Money(cents: 150_00)])
        #expect(plan.paymentOptions.map(\.iuv) == [F.iuv(500), F.iuv(501)])
        #expect(result.positions[1].position.paymentOptions[0].iuv == F.iuv(502))
    }

    @Test("A comma-separated file with a BOM, CRLF, other header spellings and the import's defaults is read")
    func commasBOMAndDefaults() throws {
        var settings = Self.settings
        settings.defaultIBAN = F.iban
        settings.defaultCategory = F.category
        let text =
            "Codice Fiscale,NOMINATIVO,Importo,Causale,Scadenza\r\nRSSMRA85T10A562S,Mario Rossi,\"1.234,50\",Tassa,30/4/2025\r\n"
        let result = DebtPositionImport.read(Data([0xEF, 0xBB, 0xBF] + Array(text.utf8)), settings: settings)
        #expect(result.errors.isEmpty)
        let option = try #require(result.positions.first).position.paymentOptions[0]
        #expect(option.amount == Money(cents: 1_234_50))
        #expect(option.dueDate == F.date("2025-04-30"))
        #expect(option.transfers[0].destination == .iban(F.iban))
        #expect(option.transfers[0].category == F.category)
    }

    @Test(
        "Problems with the file as a whole are reported on their own",
        arguments: [
            ("", "1 -: error.paymentImport.empty"),
            ("\n\n", "1 -: error.paymentImport.empty"),
            (
                "codice_fiscale;nominativo;importo;causale;scadenza;categoria;iban;colore",
                "1 colore: error.paymentImport.unknownColumn"
            ),
            ("codice_fiscale;nominativo;importo;causale;categoria;iban", "1 scadenza: error.paymentImport.missingColumn"),
            (
                "codice_fiscale;nominativo;importo;importo;causale;scadenza;categoria;iban",
                "1 importo: error.paymentImport.duplicateColumn"
            ),
            (
                "codice_fiscale;nominativo;importo;causale;scadenza;categoria;iban\n\"RSS;x;1;c;d;e;f",
                "2 -: error.paymentImport.unterminatedQuote"
            ),
        ])
    func fileErrors(text: String, error: String) {
        let result = DebtPositionImport.read(Data(text.utf8), settings: Self.settings)
        #expect(result.positions.isEmpty)
        #expect(result.errors.map { "\($0.line) \($0.column ?? "-"): \($0.messageKey)" } == [error])
    }

    @Test("A file that is not UTF-8 is refused")
    func notUTF8() {
        let latin1 = Data("codice_fiscale;nominativo\nRSSMRA85T10A562S;Nicol".utf8) + Data([0xF2])
        let result = DebtPositionImport.read(latin1, settings: Self.settings)
        #expect(result.errors.map(\.messageKey) == ["error.paymentImport.notUTF8"])
    }

    @Test("Text after a closing quote marks the row as malformed, and too long texts are named")
    func malformedRows() {
        let long = String(repeating: "a", count: 141)
        let file = [
            "codice_fiscale;nominativo;importo;causale;scadenza;categoria;iban",
            "\"RSSMRA85T10A562S\"x;Mario Rossi;1;c;30/04/2025;9/0101100IM/;IT60X0542811101000000123456",
            "RSSMRA85T10A562S;\(long.prefix(71));1;\(long);30/04/2025;9/0101100IM/;IT60X0542811101000000123456",
        ].joined(separator: "\n")
        let result = DebtPositionImport.read(Data(file.utf8), settings: Self.settings)
        #expect(Self.errors(result, line: 2) == ["-: error.paymentImport.malformedQuotes"])
        #expect(
            Self.errors(result, line: 3) == [
                "nominativo: error.debtPosition.fullNameTooLong", "causale: error.debtPosition.reasonTooLong",
            ])
    }

    @Test("When the sequence numbers run out, the rows say so")
    func sequenceExhausted() {
        var settings = Self.settings
        settings.firstSequenceNumber = IUV.maximumSequenceNumber
        let file = [
            "codice_fiscale;nominativo;importo;causale;scadenza;categoria;iban",
            "RSSMRA85T10A562S;Mario Rossi;1;c;30/04/2025;9/0101100IM/;IT60X0542811101000000123456",
            "RSSMRA85T10A562S;Mario Rossi;1;c;30/04/2025;9/0101100IM/;IT60X0542811101000000123456",
        ].joined(separator: "\n")
        let result = DebtPositionImport.read(Data(file.utf8), settings: settings)
        #expect(result.positions.count == 1)
        #expect(Self.errors(result, line: 3) == ["-: error.paymentImport.noNoticeNumberLeft"])
    }
}
