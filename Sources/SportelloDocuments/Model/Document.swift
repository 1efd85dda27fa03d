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
    /// An image at the left margin, `width` points wide (at most the text column) and as tall as its aspect ratio
    /// makes it (scaled down further if taller than a page).
    case image(DocumentImage, width: Double)
    /// A table with a bold header row that is repeated at the top of each page the table continues on.
    case table(DocumentTable)
    /// A bordered box like a protocol stamp, aligned right, whose values may be filled in after rendering.
    case stamp(DocumentStamp)
    /// A two-dimensional code (a QR code of a payment notice) drawn as filled squares, at the left margin.
    case matrixCode(DocumentMatrixCode)
}

/// A square matrix of dark and light modules (made by a QR encoder), drawn as vector rectangles with its quiet zone:
/// sharp at any zoom and in print, and a few hundred bytes in the page.
public struct DocumentMatrixCode: Sendable, Equatable {
    /// A horizontal run of dark modules.
    public struct Run: Sendable, Equatable {
        public var row: Int
        public var column: Int
        public var length: Int

        public init(row: Int, column: Int, length: Int) {
            self.row = row
            self.column = column
            self.length = length
        }
    }

    /// Modules per side.
    public var size: Int
    public var darkRuns: [Run]
    /// Side of the drawn code, quiet zone included, in points.
    public var width: Double
    /// Light modules around the code (4 for QR).
    public var quietZone: Int

    public init(size: Int, darkRuns: [Run], width: Double, quietZone: Int = 4) {
        self.size = size
        self.darkRuns = darkRuns
        self.width = width
        self.quietZone = quietZone
    }
}

/// A table: column titles, relative column widths and rows of wrapped cell text, separated by thin rules.
///
/// A row is kept on one page unless it is taller than a page; long words (such as a SHA-256 digest in a narrow
/// column) are broken between characters.
public struct DocumentTable: Sendable, Equatable {
    /// A column of a table.
    public struct Column: Sendable, Equatable {
        /// Title in the header row.
        public var title: String
        /// Share of the table's width: the columns divide the text column in proportion to these values. Values that
        /// are not positive and finite count as 1.
        public var width: Double

        /// Creates a column.
        public init(_ title: String, width: Double = 1) {
            self.title = title
            self.width = width
        }
    }

    /// The columns, left to right.
    public var columns: [Column]
    /// The rows, each with one text per column (missing cells are empty, extra cells are ignored); `\n` starts a
    /// new line within a cell.
    public var rows: [[String]]

    /// Creates a table.
    public init(columns: [Column], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }
}

/// A bordered box with a title and label/value rows, like the stamp a protocol office puts on a registered document.
/// Values may be slots (see ``DocumentSlot``) that are written into the finished file later, with
/// ``RenderedDocument/filling(_:)``.
public struct DocumentStamp: Sendable, Equatable {
    /// One line of a stamp.
    public struct Row: Sendable, Equatable {
        /// What a row shows as its value.
        public enum Value: Sendable, Equatable {
            /// Fixed text, wrapped (at most three lines).
            case text(String)
            /// A value filled in after rendering.
            case slot(DocumentSlot)
        }

        /// Label in grey on the left.
        public var label: String
        /// The value on the right.
        public var value: Value

        /// A row with fixed text.
        public init(label: String, value: String) {
            self.label = label
            self.value = .text(value)
        }

        /// A row whose value is filled in after rendering.
        public init(label: String, slot: DocumentSlot) {
            self.label = label
            self.value = .slot(slot)
        }
    }

    /// Bold title on the first line, e.g. "Protocollo generale".
    public var title: String
    /// The rows under the title.
    public var rows: [Row]

    /// Creates a stamp.
    public init(title: String, rows: [Row]) {
        self.title = title
        self.rows = rows
    }
}

/// A value written into a document after rendering, such as the protocol number, which is only known inside the
/// database transaction that registers the document.
///
/// The slot is drawn showing its template; filling replaces the template's `0`s with digits in place, so nothing
/// else in the file moves (see ``RenderedDocument``).
public struct DocumentSlot: Sendable, Hashable {
    /// The name a value is given under in ``RenderedDocument/filling(_:)``. A document may show a slot several times;
    /// every occurrence gets the same value.
    public var name: String
    /// The shape of the value: each `0` stands for a digit, every other character must be given as it is, e.g.
    /// `"0000000"` or `"00/00/0000 00:00"`. At most 100 characters, from the usual Latin characters and punctuation
    /// (no line breaks).
    public var template: String

    /// Creates a slot.
    public init(name: String, template: String) {
        self.name = name
        self.template = template
    }
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

/// The parts of a running header.
public struct RunningHeader: Sendable, Equatable {
    /// Bold text on the left, after the logo; shortened with an ellipsis when too long.
    public var leading: String
    /// Grey text on the right (optional); at most 45% of the line.
    public var trailing: String
    /// An image at the far left, e.g. the municipality's coat of arms, 28 points tall (less if it would be wider than
    /// a third of the line). The image is written to the file once, however many pages show it.
    public var logo: DocumentImage?

    /// Creates a header.
    public init(leading: String, trailing: String = "", logo: DocumentImage? = nil) {
        self.leading = leading
        self.trailing = trailing
        self.logo = logo
    }
}

/// The PDF flavour to write.
public enum PDFConformance: Sendable {
    /// PDF 1.4 without archival constraints (draft previews).
    case plain
    /// PDF/A-1b (ISO 19005-1, level B): XMP metadata, sRGB output intent, embedded fonts.
    case pdfA1b
}
