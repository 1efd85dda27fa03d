import FluentKit

/// Every migration in the order it was written: this list reads as the schema's history.
/// Never reorder or edit a released migration; add a new one.
enum SchemaHistory {
    static let all: [any Migration] = [
        M0001CreateTenants(),
        M0002CreateOfficesAndOperators(),
        M0003CreateSessions(),
        M0004CreateMaintenanceWindows(),
        M0005CreateProceduresAndFilings(),
        M0006AddOneTimeCodeStep(),
        M0007CreateFilingAttachments(),
        M0008CreateProtocolRegister(),
        M0009IndexDraftCleanup(),
        M0010CreateSubmission(),
        M0011CreateProtocolAnnulmentsAndDailyRegisters(),
        M0012StoreDocumentsUncompressed(),
        M0013CreateCasework(),
        M0014CreateMassCommunications(),
        M0015CreateDebtPositions(),
        M0016CreateFilingFees(),
        M0017IndexIncomingEntries(),
        M0018AddCitizenPEC(),
        M0019IndexCasesByCitizen(),
    ]
}
