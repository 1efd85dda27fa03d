public import Foundation

/// A document to render: metadata, page furniture and a flow of content blocks.
public struct Document: Sendable {
    /// Title, author, dates and language.
    public var metadata: DocumentMetadata
    /// Running header, footer and watermark.
    public var layout: DocumentLayout
    /// The content, top to bottom.
    public var blocks: [DocumentBlock]

    /// Creates a document; the default layout has no header and an Italian page-number footer.
    public init(metadata: DocumentMetadata, layout: DocumentLayout = DocumentLayout(), blocks: [DocumentBlock]) {
        self.metadata = metadata
        self.layout = layout
        self.blocks = blocks
    }
}

/// Descriptive information written to the document information dictionary and, for PDF/A, to the XMP metadata.
///
/// Values are cleaned before they are written: control characters are removed, whitespace is collapsed and each
/// value is limited to 2,000 characters. Empty values are left out.
public struct DocumentMetadata: Sendable {
    /// Document title (`/Title`, `dc:title`); viewers show it instead of the file name.
    public var title: String
    /// Author, e.g. the municipality (`/Author`, `dc:creator`).
    public var author: String
    /// Subject (`/Subject`, `dc:description`).
    public var subject: String
    /// Keywords, joined with ", " (`/Keywords`, `pdf:Keywords`).
    public var keywords: [String]
    /// The application that created the content (PDF `/Creator`, XMP `xmp:CreatorTool`).
    public var creator: String
    /// The software that wrote the PDF (PDF `/Producer`, XMP `pdf:Producer`).
    public var producer: String
    /// Creation (and modification) date. Pass a fixed date to get byte-identical output for identical input.
    public var creationDate: Date
    /// Time zone whose offset is written in the dates; Europe/Rome unless given.
    public var timeZone: TimeZone
    /// Natural language of the text as a BCP 47 tag, e.g. `it-IT`, written as the catalog `/Lang`.
    public var language: String

    /// Creates metadata; only the title and the date are required.
    public init(
        title: String,
        author: String = "",
        subject: String = "",
        keywords: [String] = [],
        creator: String = "Sportello",
        producer: String = "SportelloDocuments",
        creationDate: Date,
        timeZone: TimeZone = TimeZone(identifier: "Europe/Rome") ?? .gmt,
        language: String = "it-IT"
    ) {
        self.title = title
        self.author = author
        self.subject = subject
        self.keywords = keywords
        self.creator = creator
        self.producer = producer
        self.creationDate = creationDate
        self.timeZone = timeZone
        self.language = language
    }
}

/// One unit of content. Blocks are laid out top to bottom and flow onto new pages as needed.
public enum DocumentBlock: Sendable {
    /// A bold heading; `level` 1 (largest) to 3, other values are clamped. A heading is kept on the same page as the
    /// first line of the block that follows it.
    case heading(String, level: Int)
    /// Wrapped body text. `\n` starts a new line.
    case paragraph(String)
    /// Label/value rows of a form summary: label in grey in the left column, value wrapped in the right column.
    /// A row moves to the next page as a whole unless its value is very long, in which case it continues there.
    case fields([DocumentField])
    /// Small grey print, e.g. legal notes.
    case note(String)
    /// A thin horizontal line across the text column.
    case rule
    /// Starts a new page (ignored at the top of a page).
    case pageBreak
    /// Vertical space in points (dropped at the top of a page).
    case spacer(Double)
}

/// A label/value row of a ``DocumentBlock/fields(_:)`` block.
public struct DocumentField: Sendable, Equatable {
    public var label: String
    /// The value; `\n` starts a new line.
    public var value: String

    /// Creates a row.
    public init(label: String, value: String) {
        self.label = label
        self.value = value
    }
}

/// Page furniture repeated on every page.
public struct DocumentLayout: Sendable {
    /// Running header: `leading` in bold on the left (e.g. the municipality), `trailing` on the right (e.g. the
    /// document title). `nil` for no header.
    public var header: RunningHeader?
    /// Footer text centred at the bottom of every page; `{page}` and `{pages}` are replaced by the page number and
    /// the page count, e.g. `"Pagina {page} di {pages}"` or `"Page {page} of {pages}"`. Empty for no footer.
    public var footerTemplate: String
    /// Text drawn diagonally in light grey behind the content of every page, e.g. `"BOZZA – senza valore legale"`.
    public var watermark: String?

    /// Creates page furniture; by default no header, an Italian page-number footer and no watermark.
    public init(header: RunningHeader? = nil, footerTemplate: String = "Pagina {page} di {pages}", watermark: String? = nil) {
        self.header = header
        self.footerTemplate = footerTemplate
        self.watermark = watermark
    }
}

/// The two parts of a running header.
public struct RunningHeader: Sendable, Equatable {
    /// Bold text on the left; shortened with an ellipsis when too long.
    public var leading: String
    /// Grey text on the right (optional); at most 45% of the line.
    public var trailing: String

    /// Creates a header.
    public init(leading: String, trailing: String = "") {
        self.leading = leading
        self.trailing = trailing
    }
}

/// The PDF flavour to write.
public enum PDFConformance: Sendable {
    /// PDF 1.4 without archival constraints (draft previews).
    case plain
    /// PDF/A-1b (ISO 19005-1, level B): XMP metadata, sRGB output intent, embedded fonts.
    case pdfA1b
}
