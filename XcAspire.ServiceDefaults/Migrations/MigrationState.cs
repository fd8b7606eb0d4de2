namespace XcAspire.ServiceDefaults.Migrations;

/// <summary>Whether this process has brought the database to its schema; readiness and workers wait on it.</summary>
public sealed class MigrationState
{
    private readonly TaskCompletionSource completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsApplied => completed.Task.IsCompletedSuccessfully;

    public Task WaitAsync(CancellationToken cancellationToken) => completed.Task.WaitAsync(cancellationToken);

    internal void MarkApplied() => completed.TrySetResult();

    internal void MarkFailed(Exception error) => completed.TrySetException(error);
}
