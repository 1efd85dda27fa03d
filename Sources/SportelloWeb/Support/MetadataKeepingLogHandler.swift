public import Logging

/// A log handler that keeps the logger's metadata as given and reads it only when it writes an entry.
public protocol MetadataKeepingLogHandler: LogHandler {}

extension MetadataKeepingLogHandler {
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// The logger's metadata with the entry's own, which wins.
    func metadata(with entry: Logger.Metadata?) -> Logger.Metadata {
        metadata.merging(entry ?? [:], uniquingKeysWith: { $1 })
    }
}
