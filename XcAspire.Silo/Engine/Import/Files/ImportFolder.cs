namespace XcAspire.Silo.Import.Files;

/// <summary>
/// One folder an import reads: every file opened through <see cref="RegularFile"/> (regular, really
/// inside the root), and all of them together no larger than the folder's byte budget, so the largest
/// folder a reader accepts, and the memory reading it takes, are known in advance.
/// </summary>
public sealed class ImportFolder
{
    private readonly string _path;
    private readonly string _root;
    private readonly long _maxBytes;
    private long _opened;

    /// <param name="path">The folder (already resolved inside the root by whoever chose it).</param>
    /// <param name="root">The directory every file must really be inside: the data root, or the folder itself.</param>
    /// <param name="maxBytes">The most the folder's files may hold together.</param>
    public ImportFolder(string path, string root, long maxBytes)
    {
        _path = path;
        // The root as the kernel knows it: an opened file's real path is compared with it.
        _root = RealPaths.Resolve(root);
        _maxBytes = maxBytes;
    }

    /// <summary>The folder's own name: what messages call it (never the server's path to it).</summary>
    public string Name => Path.GetFileName(Path.TrimEndingDirectorySeparator(_path));

    public bool Exists => Directory.Exists(_path);

    /// <summary>True when the folder has an entry of that name that is not a directory (whether it may be read is for <see cref="Open"/>).</summary>
    public bool Has(string file) => File.Exists(Path.Combine(_path, file));

    /// <summary>The names of the folder's files that match a pattern (*.csv), in ordinal order.</summary>
    public IReadOnlyList<string> Names(string pattern) =>
        Directory.EnumerateFiles(_path, pattern).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    /// <summary>Opens a file of the folder; <see cref="FileRefusedException"/> says why one may not be read.</summary>
    public FileStream Open(string file)
    {
        var stream = RegularFile.Open(Path.Combine(_path, file), _root, file);
        _opened += stream.Length;
        if (_opened > _maxBytes)
        {
            stream.Dispose();
            throw new FileRefusedException(
                $"{file}: with it the folder's files come to {RegularFile.Mebibytes(_opened)}; at most {RegularFile.Mebibytes(_maxBytes)} of a folder are read");
        }

        return stream;
    }
}
