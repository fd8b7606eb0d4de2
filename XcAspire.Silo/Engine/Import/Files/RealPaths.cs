namespace XcAspire.Silo.Import.Files;

/// <summary>A path with every symbolic link in it followed, component by component, whether or not its end exists.</summary>
public static class RealPaths
{
    public static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            var info = new DirectoryInfo(current);
            if (info.LinkTarget is not null)
            {
                current = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? current;
            }
        }

        return Path.TrimEndingDirectorySeparator(current);
    }
}
