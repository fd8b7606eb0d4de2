namespace XcAspire.AppHost.Hosting;

/// <summary>
/// The AppHost's console output. Writing must never throw: when the terminal or pipe went away
/// (Ctrl+C closes a `| tee` first), the AppHost still has to stop its children and PostgreSQL.
/// </summary>
internal static class Log
{
    public static void Info(string line) => Write(Console.Out, line);

    public static void Error(string line) => Write(Console.Error, line);

    public static void Write(TextWriter writer, string line)
    {
        try
        {
            writer.WriteLine(line);
        }
        catch (IOException)
        {
            // Nowhere to write to any more; carry on.
        }
    }
}
