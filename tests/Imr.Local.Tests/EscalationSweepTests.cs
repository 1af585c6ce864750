using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Storage;
using Imr.Testing;
using Imr.Workflow.Application;
using Imr.Workflow.Contract;
using Imr.Workflow.Ports;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Imr.Local.Tests;

/// <summary>
/// The sweep the escalation timer runs (Imr.Local's PeriodicTimer and the Functions timer alike), on real storage with a
/// fake clock, against a stand-in case orchestration that only waits, so the sweep's own effects are what is observed.
/// </summary>
public sealed class EscalationSweepTests : IAsyncLifetime, IAsyncDisposable
{
    private readonly AzuriteInstance azurite = new();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 2, 17, 0, 0, TimeSpan.Zero));
    private DurableTaskTestHost engine = null!;
    private ServiceProvider services = null!;

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ImrStorage:ConnectionString"] = azurite.ConnectionString })
            .Build();
        engine = await DurableTaskTestHost.StartAsync(
            registry => registry.AddOrchestratorFunc<CaseWorkflowInput, string>(
                CaseWorkflowContract.OrchestrationName,
                async (context, _) =>
                {
                    // Counts what the sweep tells it, in its custom status; otherwise it only waits.
                    var told = new List<string>();
                    while (true)
                    {
                        var near = await context.WaitForExternalEvent<DeadlineNear>(CaseWorkflowContract.DeadlineNearEvent);
                        told.Add(near.Deadline);
                        context.SetCustomStatus(told);
                    }
                }),
            new DurableTaskTestHostOptions { LoggerFactory = LoggerFactory.Create(_ => { }) });

        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddImrStorage(configuration);
        collection.AddSingleton<TimeProvider>(clock);
        collection.AddSingleton(engine.Client);
        collection.AddCaseApplication();
        services = collection.BuildServiceProvider();
        await services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await engine.DisposeAsync();
        await azurite.DisposeAsync();
    }

    [Fact]
    public async Task An_overdue_case_is_escalated_once_per_level_however_often_the_sweep_runs()
    {
        var caseNumber = await CaseWithDeadlinesAsync(startOrchestration: true, new CaseDeadlines
        {
            DeterminationReminder = clock.GetUtcNow().AddDays(1),
            DeterminationEscalation = clock.GetUtcNow().AddDays(2),
            DeterminationDue = clock.GetUtcNow().AddDays(3),
        });
        var sweep = services.GetRequiredService<EscalationSweep>();

        (await sweep.RunAsync()).Escalated.ShouldBe(0, "nothing is due yet");
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1));
        (await sweep.RunAsync()).Escalated.ShouldBe(0, "a reminder point is the orchestration's, not an escalation");

        clock.Advance(TimeSpan.FromDays(1));
        var first = await sweep.RunAsync();
        var second = await sweep.RunAsync();

        first.Escalated.ShouldBe(1);
        second.Escalated.ShouldBe(0);
        (await Index.GetAsync(caseNumber))!.Case.EscalationLevel.ShouldBe(1);

        clock.Advance(TimeSpan.FromDays(1));
        (await sweep.RunAsync()).Escalated.ShouldBe(1, "the missed determination deadline is the next level");
        (await Index.GetAsync(caseNumber))!.Case.EscalationLevel.ShouldBe(2);
        (await sweep.RunAsync()).Escalated.ShouldBe(0);

        var escalations = (await services.GetRequiredService<IAuditTrail>().ReadAsync(caseNumber)).Where(e => e.Action == "Escalated").ToList();
        escalations.Count.ShouldBe(2);
        escalations.ShouldAllBe(e => e.Actor == "timer");
        var notices = await NotificationsAsync(caseNumber);
        notices.Count(n => n["kind"]!.GetValue<string>() == "Escalation").ShouldBe(2);
    }

    [Fact]
    public async Task A_case_within_the_grace_period_is_left_to_its_orchestration()
    {
        await CaseWithDeadlinesAsync(startOrchestration: true, new CaseDeadlines { DeterminationDue = clock.GetUtcNow().AddMinutes(1) });
        clock.Advance(TimeSpan.FromMinutes(5));

        (await services.GetRequiredService<EscalationSweep>().RunAsync()).Escalated.ShouldBe(0);
    }

    [Fact]
    public async Task A_past_due_case_without_an_orchestration_is_started_again_and_reported()
    {
        var caseNumber = await CaseWithDeadlinesAsync(startOrchestration: false, new CaseDeadlines { RecordsDue = clock.GetUtcNow().AddDays(1) });
        clock.Advance(TimeSpan.FromDays(2));

        var report = await services.GetRequiredService<EscalationSweep>().RunAsync();

        report.Restarted.ShouldBe(1);
        (await engine.Client.GetInstanceAsync(CaseWorkflowContract.InstanceId(caseNumber))).ShouldNotBeNull();
        (await services.GetRequiredService<IAuditTrail>().ReadAsync(caseNumber)).ShouldContain(e => e.Action == "OrchestrationRestarted");
        (await services.GetRequiredService<EscalationSweep>().RunAsync()).Restarted.ShouldBe(0, "it runs now");
    }

    [Fact]
    public async Task A_case_whose_orchestration_ended_while_the_case_is_open_is_reported_once_a_day()
    {
        var caseNumber = await CaseWithDeadlinesAsync(startOrchestration: true, new CaseDeadlines { DeterminationDue = clock.GetUtcNow().AddDays(1) });
        var instanceId = CaseWorkflowContract.InstanceId(caseNumber);
        await engine.Client.TerminateInstanceAsync(instanceId);
        await engine.Client.WaitForInstanceCompletionAsync(instanceId);
        clock.Advance(TimeSpan.FromDays(2));
        var sweep = services.GetRequiredService<EscalationSweep>();

        (await sweep.RunAsync()).Reported.ShouldBe(1);
        await sweep.RunAsync();

        var reports = (await services.GetRequiredService<IAuditTrail>().ReadAsync(caseNumber)).Where(e => e.Action == "OrchestrationStopped").ToList();
        reports.Count.ShouldBe(1, "the same day's report is recorded once");
        (await Index.GetAsync(caseNumber))!.Case.EscalationLevel.ShouldBe(0, "a stopped orchestration is reported, not escalated");
    }

    [Fact]
    public async Task A_case_of_workflow_1_2_is_told_once_when_a_deadline_comes_within_the_horizon_and_an_older_case_is_not_told()
    {
        var deadlines = new CaseDeadlines
        {
            DeterminationReminder = clock.GetUtcNow().AddHours(3),
            DeterminationEscalation = clock.GetUtcNow().AddDays(2),
            DeterminationDue = clock.GetUtcNow().AddDays(3),
        };
        var current = await CaseWithDeadlinesAsync(startOrchestration: true, deadlines, CaseWorkflowContract.CurrentVersion);
        var older = await CaseWithDeadlinesAsync(startOrchestration: true, deadlines, CaseWorkflowContract.KeptTimerVersion);
        var sweep = services.GetRequiredService<EscalationSweep>();

        (await sweep.RunAsync()).NearRaised.ShouldBe(0, "the reminder is three hours off; the horizon is one");

        clock.Advance(TimeSpan.FromHours(2.5));
        var first = await sweep.RunAsync();
        first.NearRaised.ShouldBe(1, "the current case is told; the 1.1 case sets its own timers");
        first.Escalated.ShouldBe(0, "a deadline that is near is not overdue");
        (await TellsAsync(current)).ShouldBe([nameof(CaseDeadlines.DeterminationReminder)]);
        (await TellsAsync(older)).ShouldBeEmpty();

        (await sweep.RunAsync()).NearRaised.ShouldBe(0, "each entry is announced once");

        // A write that keeps the same deadlines re-writes their index entries; the note that they were announced stays.
        await Index.UpdateAsync(current, c => c with { ReviewerId = "rev-2", UpdatedAt = clock.GetUtcNow() });
        (await sweep.RunAsync()).NearRaised.ShouldBe(0, "the note survives a rewrite of the entry");
        (await Index.FindDueAsync(clock.GetUtcNow().AddHours(1))).Where(e => e.CaseNumber == current).ShouldAllBe(e => e.NearRaised);

        // The next point, once within the horizon, is announced in its turn.
        clock.Advance(TimeSpan.FromDays(2) - TimeSpan.FromHours(3));
        (await sweep.RunAsync()).NearRaised.ShouldBe(1);
        (await TellsAsync(current)).ShouldBe([nameof(CaseDeadlines.DeterminationReminder), nameof(CaseDeadlines.DeterminationEscalation)]);
    }

    [Fact]
    public async Task An_overdue_deadline_never_announced_is_announced_and_escalated_in_one_sweep()
    {
        // As after the sweep was down for a day: the first sweep back finds the deadline past, not near.
        var caseNumber = await CaseWithDeadlinesAsync(
            startOrchestration: true,
            new CaseDeadlines { DeterminationEscalation = clock.GetUtcNow().AddHours(1), DeterminationDue = clock.GetUtcNow().AddDays(3) },
            CaseWorkflowContract.CurrentVersion);
        clock.Advance(TimeSpan.FromDays(1));

        var report = await services.GetRequiredService<EscalationSweep>().RunAsync();

        report.NearRaised.ShouldBe(1);
        report.Escalated.ShouldBe(1);
        (await TellsAsync(caseNumber)).ShouldBe([nameof(CaseDeadlines.DeterminationEscalation)]);
    }

    private ICaseIndex Index => services.GetRequiredService<ICaseIndex>();

    /// <summary>The deadlines the stand-in orchestration was told are near, in order.</summary>
    private async Task<List<string>> TellsAsync(CaseNumber caseNumber)
    {
        var id = CaseWorkflowContract.InstanceId(caseNumber);
        for (var i = 0; ; i++)
        {
            // The event is delivered after RaiseEventAsync returns; give the stand-in a moment to record it.
            var told = (await engine.Client.GetInstanceAsync(id, getInputsAndOutputs: true))?.ReadCustomStatusAs<List<string>>() ?? [];
            if (told.Count > 0 || i == 20)
            {
                await Task.Delay(200);
                return (await engine.Client.GetInstanceAsync(id, getInputsAndOutputs: true))?.ReadCustomStatusAs<List<string>>() ?? [];
            }

            await Task.Delay(100);
        }
    }

    private async Task<CaseNumber> CaseWithDeadlinesAsync(bool startOrchestration, CaseDeadlines deadlines, string workflowVersion = "")
    {
        var caseNumber = CaseNumber.Create(26, Random.Shared.Next(1, 9_999_999));
        var content = Encoding.UTF8.GetBytes("""{"schemaVersion":"1.0"}""");
        await services.GetRequiredService<ICaseFileStore>().StoreCaseFileAsync(caseNumber, content);
        (await Index.TryCreateAsync(new Imr.Domain.Cases.Case
        {
            CaseNumber = caseNumber,
            State = CaseState.UnderReview,
            ReviewerId = "rev-1",
            Deadlines = deadlines,
            Items = ["Physical therapy"],
            WorkflowVersion = workflowVersion,
            CreatedAt = clock.GetUtcNow(),
            UpdatedAt = clock.GetUtcNow(),
        })).ShouldBeTrue();
        if (startOrchestration)
        {
            await engine.Client.ScheduleNewOrchestrationInstanceAsync(
                CaseWorkflowContract.OrchestrationName,
                new CaseWorkflowInput
                {
                    CaseNumber = caseNumber,
                    Source = "test",
                    CaseFilePath = $"cases/{caseNumber}/case-file.json",
                    ContentHash = ApplicationJson.Sha256(content),
                    ReceivedAt = clock.GetUtcNow(),
                },
                new StartOrchestrationOptions(CaseWorkflowContract.InstanceId(caseNumber)));
            await engine.Client.WaitForInstanceStartAsync(CaseWorkflowContract.InstanceId(caseNumber));
        }

        return caseNumber;
    }

    private async Task<List<JsonNode>> NotificationsAsync(CaseNumber caseNumber)
    {
        var queue = new QueueClient(azurite.ConnectionString, "notifications", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var found = new List<JsonNode>();
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1))).Value;
            if (batch.Length == 0)
            {
                return found;
            }

            found.AddRange(batch.Select(m => JsonNode.Parse(m.Body.ToString())!).Where(n => n["caseNumber"]?.GetValue<string>() == caseNumber.ToString()));
        }
    }
}
