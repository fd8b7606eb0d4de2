namespace XcAspire.Silo.Grains.Contracts;

/// <summary>Defaults of the Orleans cluster's names, the same for the silos and the API's client.</summary>
public static class OrleansNames
{
    public const string DefaultClusterId = "xcaspire";

    public const string DefaultServiceId = "xcaspire";
}
