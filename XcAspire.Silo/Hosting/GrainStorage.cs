namespace XcAspire.Silo.Hosting;

/// <summary>The grain storage provider every grain's state uses (ADO.NET, in the xcdb database).</summary>
public static class GrainStorage
{
    public const string Name = "grains";
}
