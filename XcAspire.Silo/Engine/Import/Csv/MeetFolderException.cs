namespace XcAspire.Silo.Import.Csv;

/// <summary>A meet folder that cannot be read at all: a required file or column is missing, or a file is not CSV.</summary>
public sealed class MeetFolderException(string message, Exception? inner = null) : Exception(message, inner);
