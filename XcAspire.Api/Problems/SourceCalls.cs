using XcAspire.Silo.Sources;

namespace XcAspire.Api.Problems;

/// <summary>A call to the source made while answering a request: its failure is answered as what happened at the source.</summary>
public static class SourceCalls
{
    public static async Task<T> RunAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (SourceException e)
        {
            throw new SourceProblemException(e);
        }
    }
}
