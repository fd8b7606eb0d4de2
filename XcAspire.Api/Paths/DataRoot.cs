using XcAspire.Api.Problems;
using XcAspire.Silo.Import.Files;

namespace XcAspire.Api.Paths;

/// <summary>
/// The only directory <c>directoryPath</c> may point into (<c>Data:Root</c>, env <c>XC_DATA_ROOT</c>).
/// Paths are resolved, then every existing component is checked for a symlink leading outside. Answers
/// name paths as the caller wrote them, never the server's path to the root. (The files inside a folder
/// are checked as they are opened: Silo's Import/Files.)
/// </summary>
public sealed class DataRoot
{
    public DataRoot(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration["Data:Root"] ?? configuration["XC_DATA_ROOT"] ?? Path.Combine(".xcaspire", "data");
        FullPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(configured, environment.ContentRootPath));
        Directory.CreateDirectory(FullPath);
        FullPath = Path.TrimEndingDirectorySeparator(RealPaths.Resolve(FullPath));
    }

    public string FullPath { get; }

    /// <summary>An existing directory under the root, from a path absolute or relative to the root.</summary>
    public string ResolveDirectory(string? directoryPath)
    {
        if (string.IsNullOrWhiteSpace(directoryPath))
        {
            throw new RequestValidationException("directoryPath is required.");
        }

        if (directoryPath.Contains('\0', StringComparison.Ordinal) || directoryPath.Length > 1024)
        {
            throw new RequestValidationException("directoryPath is not a valid path.");
        }

        var decoded = Uri.UnescapeDataString(directoryPath);
        if (decoded.Split('/', '\\').Contains(".."))
        {
            throw new RequestValidationException("directoryPath may not contain '..'.");
        }

        var full = Path.GetFullPath(decoded, FullPath);
        if (!IsUnderRoot(full))
        {
            throw new RequestValidationException("directoryPath must be inside the data root (Data:Root): give a path relative to it.");
        }

        // Links first: a folder that is missing behind a link leading out is refused, not reported as missing.
        var resolved = RealPaths.Resolve(full);
        if (!IsUnderRoot(resolved))
        {
            throw new RequestValidationException("directoryPath leads outside the data root through a symbolic link.");
        }

        return Directory.Exists(resolved) ? resolved : throw new KeyNotFoundException($"No directory '{directoryPath}' under the data root.");
    }

    /// <summary>A path relative to the root, for answers (never leak the server's layout beyond it).</summary>
    public string Relative(string fullPath) => Path.GetRelativePath(FullPath, fullPath);

    private bool IsUnderRoot(string full) =>
        full == FullPath || full.StartsWith(FullPath + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
