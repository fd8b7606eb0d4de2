namespace XcAspire.TestSilo;

// A named entry point: top-level statements would add a second global Program beside the API's in
// the test projects that reference both.
internal static class Program
{
    private static Task Main(string[] args) => Orleans.TestingHost.StandaloneSiloHost.Main(args);
}
