using Npgsql;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.Steps;

namespace XcAspire.Testing;

/// <summary>
/// Test steps that record their effects in tables with no unique keys, so a duplicated effect shows
/// as a second row. <see cref="BeforeRace"/> lets a test pause, fail or slow a step.
/// </summary>
public sealed class RecordingSteps
{
    public Func<RaceStepContext, string, CancellationToken, Task>? BeforeRace { get; set; }

    public Func<MeetStepContext, CancellationToken, Task>? BeforeMeet { get; set; }

    public GrainSteps Steps => new(new RaceStep("scrape", this), new RaceStep("import", this), new MeetStep(this));

    public static async Task CreateTablesAsync(TestDatabase database) =>
        await database.ExecuteAsync(
            """
            CREATE TABLE test_effects (id bigserial PRIMARY KEY, job_id uuid NOT NULL, meet_id text NOT NULL, race_id text NOT NULL,
                                       step text NOT NULL, silo_id text NOT NULL, attempt int NOT NULL, at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE test_meet_steps (id bigserial PRIMARY KEY, job_id uuid NOT NULL, silo_id text NOT NULL, at timestamptz NOT NULL DEFAULT now());
            """);

    private sealed class RaceStep(string name, RecordingSteps owner) : IRaceStep
    {
        public async Task<IRaceStepEffects> RunAsync(RaceStepContext context, CancellationToken ct)
        {
            if (owner.BeforeRace is { } before)
            {
                await before(context, name, ct);
            }

            return new Effects(name, context);
        }
    }

    private sealed class Effects(string step, RaceStepContext context) : IRaceStepEffects
    {
        public async Task<RowOutcomeCounts> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
        {
            await using var command = new NpgsqlCommand(
                "INSERT INTO test_effects (job_id, meet_id, race_id, step, silo_id, attempt) VALUES (@job, @meet, @race, @step, @silo, @attempt)",
                connection,
                transaction);
            command.Parameters.AddWithValue("job", context.JobId);
            command.Parameters.AddWithValue("meet", context.MeetId);
            command.Parameters.AddWithValue("race", context.RaceId);
            command.Parameters.AddWithValue("step", step);
            command.Parameters.AddWithValue("silo", context.SiloId);
            command.Parameters.AddWithValue("attempt", context.Attempt);
            await command.ExecuteNonQueryAsync(ct);
            return step == "scrape" ? new RowOutcomeCounts(3, 0, 0, 0, 0, 0) : new RowOutcomeCounts(3, 2, 1, 0, 0, 0);
        }
    }

    private sealed class MeetStep(RecordingSteps owner) : IMeetStep
    {
        public async Task RunAsync(MeetStepContext context, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
        {
            if (owner.BeforeMeet is { } before)
            {
                await before(context, ct);
            }

            await using var command = new NpgsqlCommand(
                "INSERT INTO test_meet_steps (job_id, silo_id) VALUES (@job, @silo)", connection, transaction);
            command.Parameters.AddWithValue("job", context.JobId);
            command.Parameters.AddWithValue("silo", context.SiloId);
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}
