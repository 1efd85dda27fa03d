public import Foundation

/// A raster image to place in a document, e.g. the municipality's logo: a PNG or JPEG file, checked and prepared for
/// PDF/A once, when the value is created.
///
/// Create images once (at start-up, or when the logo changes) and reuse them: a PNG with transparency is decoded and
/// compressed again here, never while rendering. An image drawn several times in a document, such as a logo in the
/// running header of every page, is written to the file once.
///
/// PDF/A-1 forbids transparency, so transparent pixels (alpha channel, `tRNS` chunk) are composited onto white.
/// JPEG files are embedded as they are; CMYK JPEGs are refused because the document's output intent is sRGB.
public struct DocumentImage: Sendable, Hashable {
    let xObject: ImageXObject

    /// Width of the image in pixels.
    public var pixelWidth: Int { xObject.width }
    /// Height of the image in pixels.
    public var pixelHeight: Int { xObject.height }

    /// The largest image accepted, in pixels (4096 × 4096), so a hostile file cannot make the server allocate
    /// without bound.
    public static let maximumPixelCount = 4096 * 4096

    /// Reads a PNG or JPEG file, recognised by its first bytes.
    /// - Throws: ``DocumentImageError`` when the data is neither, is damaged, or uses a feature that cannot be
    ///   embedded.
    public init(bytes: [UInt8]) throws(DocumentImageError) {
        if bytes.starts(with: PNGDecoder.signature) {
            xObject = try PNGDecoder.decode(bytes)
        } else if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            xObject = try JPEGReader.read(bytes)
        } else {
            throw .unrecognizedFormat
        }
    }

    /// Reads a PNG or JPEG file, recognised by its first bytes.
    /// - Throws: ``DocumentImageError`` when the data is neither, is damaged, or uses a feature that cannot be
    ///   embedded.
    public init(data: Data) throws(DocumentImageError) {
        try self.init(bytes: [UInt8](data))
    }

    static func checkSize(width: Int, height: Int) throws(DocumentImageError) {
        guard width <= maximumPixelCount, height <= maximumPixelCount, width * height <= maximumPixelCount else {
            throw .tooLarge(width: width, height: height)
        }
    }

    /// Width divided by height.
    var aspectRatio: Double { Double(pixelWidth) / Double(pixelHeight) }
}

/// Why bytes could not be used as a ``DocumentImage``.
public enum DocumentImageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The data is neither a PNG nor a JPEG file.
    case unrecognizedFormat
    /// The file is damaged or truncated; the reason is in English, for logs.
    case corrupt(String)
    /// The file is valid but uses something that cannot be embedded in PDF/A (e.g. CMYK colours); the reason is in
    /// English, for logs.
    case unsupported(String)
    /// The image has more pixels than ``DocumentImage/maximumPixelCount``.
    case tooLarge(width: Int, height: Int)

    public var description: String {
        switch self {
        case .unrecognizedFormat: "not a PNG or JPEG image"
        case let .corrupt(reason): "damaged image: \(reason)"
        case let .unsupported(reason): "unsupported image: \(reason)"
        case let .tooLarge(width, height):
            "image too large: \(width) × \(height) pixels (at most \(DocumentImage.maximumPixelCount) pixels)"
        }
    }
}

/// An image as a PDF image XObject: dictionary values and the stream data.
struct ImageXObject: Sendable, Hashable {
    let width: Int
    let height: Int
    /// A colour space in PDF syntax: `/DeviceGray`, `/DeviceRGB` or an `/Indexed` array.
    let colorSpace: String
    let bitsPerComponent: Int
    /// `/DCTDecode` or `/FlateDecode`.
    let filter: String
    /// `/DecodeParms` in PDF syntax, if any.
    let decodeParameters: String?
    let payload: [UInt8]
    /// A digest of the payload, so hashing an image does not read all of it.
    private let digest: [UInt8]

    init(
        width: Int, height: Int, colorSpace: String, bitsPerComponent: Int, filter: String, decodeParameters: String?,
        payload: [UInt8]
    ) {
        self.width = width
        self.height = height
        self.colorSpace = colorSpace
        self.bitsPerComponent = bitsPerComponent
        self.filter = filter
        self.decodeParameters = decodeParameters
        self.payload = payload
        digest = PDFWriter.fingerprint(payload)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(width)
        hasher.combine(height)
        hasher.combine(digest)
    }

    /// The stream dictionary entries besides `/Length`.
    var entries: String {
        var entries = "/Type /XObject /Subtype /Image /Width \(width) /Height \(height) /ColorSpace \(colorSpace)"
        entries += " /BitsPerComponent \(bitsPerComponent) /Filter \(filter)"
        if let decodeParameters { entries += " /DecodeParms \(decodeParameters)" }
        return entries
    }
}
