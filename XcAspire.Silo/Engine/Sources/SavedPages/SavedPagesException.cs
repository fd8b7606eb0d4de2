namespace XcAspire.Silo.Sources.SavedPages;

/// <summary>A folder of saved pages that cannot be read as a meet; the message says what is missing.</summary>
public sealed class SavedPagesException(string message) : SourceException(message, isTransient: false);
