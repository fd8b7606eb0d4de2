using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace XcAspire.Silo.Import.Files;

/// <summary>
/// Opens a file an import reads (a meet folder's CSV files, saved result pages) the only safe way: a
/// regular file whose real path, after every symbolic link, is inside the root, and no larger than a
/// limit. A link to a file elsewhere (/etc/passwd), a FIFO, a device or a socket is refused at once:
/// opening a FIFO for reading would wait for a writer that never comes, and reading a device never ends.
/// </summary>
public static class RegularFile
{
    /// <param name="path">The file, by its path in the folder.</param>
    /// <param name="root">The directory every file must really be inside (the data root).</param>
    /// <param name="shownAs">How messages name the file (its name as the user wrote it, never a server path).</param>
    public static FileStream Open(string path, string root, string shownAs)
    {
        var handle = OperatingSystem.IsLinux() ? LinuxFiles.OpenRegular(path, shownAs) : OpenElsewhere(path, shownAs);
        try
        {
            var real = OperatingSystem.IsLinux() ? LinuxFiles.RealPath(handle) : RealPaths.Resolve(path);
            if (!IsInside(real, root))
            {
                throw new FileRefusedException($"{shownAs} is a link to a file outside the data root; only files inside it are read");
            }

            return new FileStream(handle, FileAccess.Read, bufferSize: 64 * 1024);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>A size as people read it: "32 MiB", "1.5 MiB", "900 KiB".</summary>
    public static string Mebibytes(long bytes) =>
        bytes >= 1024 * 1024
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB")
            : string.Create(CultureInfo.InvariantCulture, $"{(bytes + 1023) / 1024:N0} KiB");

    private static bool IsInside(string path, string root)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        return path.StartsWith(full + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    // Where there are no FIFOs to fear (Windows), the attributes tell a device or a link.
    private static SafeFileHandle OpenElsewhere(string path, string shownAs)
    {
        var attributes = File.GetAttributes(path);
        if ((attributes & (FileAttributes.Directory | FileAttributes.Device)) != 0)
        {
            throw new FileRefusedException($"{shownAs} is not a regular file; only regular files are read");
        }

        return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
    }
}

/// <summary>A file an import will not read, with the reason (naming the file as the user wrote it).</summary>
public sealed class FileRefusedException(string message) : IOException(message);
