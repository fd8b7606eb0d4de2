namespace XcAspire.AppHost.Hosting;

/// <summary>
/// One AppHost per checkout: a second one would start a second PostgreSQL on the same data.
/// The lock is an exclusive open of .xcaspire/apphost.lock (flock on Linux), released by the
/// kernel when the process ends however it ends, so it is never left behind.
/// </summary>
internal sealed class InstanceLock : IDisposable
{
    private readonly FileStream stream;

    private InstanceLock(FileStream stream) => this.stream = stream;

    public static InstanceLock? TryAcquire(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        var path = Path.Combine(stateDirectory, "apphost.lock");
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            using (var writer = new StreamWriter(stream, leaveOpen: true))
            {
                writer.Write(Environment.ProcessId);
            }

            return new InstanceLock(stream);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => stream.Dispose();
}
