using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace XcAspire.Silo.Import.Files;

/// <summary>
/// Opening without waiting and asking what was opened, which .NET has no API for: open(2) with
/// O_NONBLOCK (a FIFO then opens at once instead of waiting for a writer), statx(2) on the descriptor
/// for its type, and /proc/self/fd for the path really opened, whatever links led there. The flags and
/// statx's layout are the same on every Linux architecture.
/// </summary>
[SupportedOSPlatform("linux")]
internal static partial class LinuxFiles
{
    private const int ReadOnlyNonBlocking = 0x800 | 0x100 | 0x80000; // O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC
    private const int EmptyPath = 0x1000; // AT_EMPTY_PATH: statx the descriptor itself
    private const uint TypeMask = 0x1; // STATX_TYPE
    private const int ModeOffset = 28; // stx_mode in struct statx
    private const int FileTypeBits = 0xF000; // S_IFMT
    private const int RegularFile = 0x8000; // S_IFREG

    public static SafeFileHandle OpenRegular(string path, string shownAs)
    {
        var fd = Open(path, ReadOnlyNonBlocking);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new FileRefusedException(errno == 2 ? $"{shownAs} does not exist" : $"{shownAs} cannot be opened ({Marshal.GetPInvokeErrorMessage(errno)})");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        var status = new byte[256];
        if (Statx(fd, "", EmptyPath, TypeMask, status) != 0)
        {
            handle.Dispose();
            throw new FileRefusedException($"{shownAs} cannot be examined ({Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())})");
        }

        var type = BitConverter.ToUInt16(status, ModeOffset) & FileTypeBits;
        if (type != RegularFile)
        {
            handle.Dispose();
            throw new FileRefusedException($"{shownAs} is {Describe(type)}, not a regular file; only regular files are read");
        }

        return handle;
    }

    /// <summary>The path the kernel has for an open file: every link, anywhere in the path, already followed.</summary>
    public static string RealPath(SafeFileHandle handle) =>
        new FileInfo($"/proc/self/fd/{handle.DangerousGetHandle()}").LinkTarget
            ?? throw new FileRefusedException("the file's real path cannot be read");

    private static string Describe(int type) => type switch
    {
        0x1000 => "a FIFO",
        0x2000 => "a character device",
        0x4000 => "a directory",
        0x6000 => "a block device",
        0xC000 => "a socket",
        _ => "a special file",
    };

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, [Out] byte[] buffer);
}
