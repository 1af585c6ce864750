using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Storage;
using Imr.Testing;
using Imr.Testing.Acceptance;
using Imr.Workflow.Application;
using Imr.Workflow.Contract;
using Imr.Workflow.Orchestration;
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
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ImrStorage"] = azurite.ConnectionString })
            .Build();
        engine = await DurableTaskTestHost.StartAsync(
            registry => registry.AddOrchestratorFunc<CaseWorkflowInput, string>(
                CaseWorkflowContract.OrchestrationName,
                async (context, input) =>
                {
                    // Only waits. Its custom status says, as a case's does, that it waits for a point three days after the
                    // case was received (the tests' DeterminationDue), and lists what the sweep told it in ReviewerId
                    // (a stand-in has no reviewer, and the status has no other free text).
                    var told = new List<string>();
                    var status = new CaseStatus { State = CaseState.UnderReview, NextPoint = "determination-due", NextPointAt = input.ReceivedAt.AddDays(3), WorkflowVersion = context.Version };
                    context.SetCustomStatus(status);
                    while (true)
                    {
                        var near = await context.WaitForExternalEvent<DeadlineNear>(CaseWorkflowContract.DeadlineNearEvent);
                        told.Add(near.Deadline);
                        context.SetCustomStatus(status with { ReviewerId = string.Join(",", told) });
                    }
                }),
            new DurableTaskTestHostOptions { LoggerFactory = LoggerFactory.Create(_ => { }) });

        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddImrStorage(configuration);
        collection.AddSingleton<TimeProvider>(clock);
        collection.AddSingleton(engine.Client);
        collection.AddCaseApplicationWithEngineClient();
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
        (await VersionOfAsync(caseNumber)).ShouldBe(CaseWorkflowContract.CurrentVersion, "a case started again runs under the current version");
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
    public async Task A_case_is_told_once_when_a_deadline_comes_within_the_horizon()
    {
        var deadlines = new CaseDeadlines
        {
            DeterminationReminder = clock.GetUtcNow().AddHours(3),
            DeterminationEscalation = clock.GetUtcNow().AddDays(2),
            DeterminationDue = clock.GetUtcNow().AddDays(3),
        };
        var current = await CaseWithDeadlinesAsync(startOrchestration: true, deadlines);
        var sweep = services.GetRequiredService<EscalationSweep>();

        (await sweep.RunAsync()).NearRaised.ShouldBe(0, "the reminder is three hours off; the horizon is one");

        clock.Advance(TimeSpan.FromHours(2.5));
        var first = await sweep.RunAsync();
        first.NearRaised.ShouldBe(1, "the reminder is within the horizon now");
        first.Escalated.ShouldBe(0, "a deadline that is near is not overdue");
        (await TellsAsync(current, 1)).ShouldBe([nameof(CaseDeadlines.DeterminationReminder)]);

        (await sweep.RunAsync()).NearRaised.ShouldBe(0, "each entry is announced once");

        // A write that keeps the same deadlines re-writes their index entries; the note that they were announced stays.
        await Index.UpdateAsync(current, c => c with { ReviewerId = "rev-2", UpdatedAt = clock.GetUtcNow() });
        (await sweep.RunAsync()).NearRaised.ShouldBe(0, "the note survives a rewrite of the entry");
        (await Index.FindDueAsync(clock.GetUtcNow().AddHours(1))).Where(e => e.CaseNumber == current).ShouldAllBe(e => e.NearRaised);

        // The next point, once within the horizon, is announced in its turn.
        clock.Advance(TimeSpan.FromDays(2) - TimeSpan.FromHours(3));
        (await sweep.RunAsync()).NearRaised.ShouldBe(1);
        (await TellsAsync(current, 2)).ShouldBe([nameof(CaseDeadlines.DeterminationReminder), nameof(CaseDeadlines.DeterminationEscalation)]);
    }

    [Fact]
    public async Task An_overdue_deadline_never_announced_is_announced_and_escalated_in_one_sweep()
    {
        // As after the sweep was down for a day: the first sweep back finds the deadline past, not near.
        var caseNumber = await CaseWithDeadlinesAsync(
            startOrchestration: true,
            new CaseDeadlines { DeterminationEscalation = clock.GetUtcNow().AddHours(1), DeterminationDue = clock.GetUtcNow().AddDays(3) });
        clock.Advance(TimeSpan.FromDays(1));

        var report = await services.GetRequiredService<EscalationSweep>().RunAsync();

        report.NearRaised.ShouldBe(1);
        report.Escalated.ShouldBe(1);
        (await TellsAsync(caseNumber, 1)).ShouldBe([nameof(CaseDeadlines.DeterminationEscalation)]);
    }

    [Fact]
    public async Task A_case_still_waiting_for_a_point_past_the_grace_after_it_was_told_is_told_again_at_each_sweep()
    {
        // The stand-in says it waits for DeterminationDue and never moves on, as a case that lost the news would.
        var caseNumber = await CaseWithDeadlinesAsync(
            startOrchestration: true,
            new CaseDeadlines { DeterminationDue = clock.GetUtcNow().AddDays(3) });
        var sweep = services.GetRequiredService<EscalationSweep>();
        clock.Advance(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(30));
        (await sweep.RunAsync()).NearRaised.ShouldBe(1, "told once it is near");
        (await sweep.RunAsync()).Retold.ShouldBe(0, "not yet past the grace");

        clock.Advance(TimeSpan.FromHours(1));
        var first = await sweep.RunAsync();
        first.Retold.ShouldBe(1);
        (await sweep.RunAsync()).Retold.ShouldBe(1, "told again while it still waits");
        (await TellsAsync(caseNumber, 3)).ShouldBe([nameof(CaseDeadlines.DeterminationDue), "determination-due", "determination-due"]);
    }

    [Fact]
    public async Task A_case_without_a_running_orchestration_is_not_told_but_restarted_or_reported_once_overdue()
    {
        var deadlines = new CaseDeadlines { DeterminationDue = clock.GetUtcNow().AddMinutes(30) };
        var missing = await CaseWithDeadlinesAsync(startOrchestration: false, deadlines);
        var stopped = await CaseWithDeadlinesAsync(startOrchestration: true, deadlines);
        await engine.Client.TerminateInstanceAsync(CaseWorkflowContract.InstanceId(stopped));
        await engine.Client.WaitForInstanceCompletionAsync(CaseWorkflowContract.InstanceId(stopped));
        var sweep = services.GetRequiredService<EscalationSweep>();

        var near = await sweep.RunAsync();
        near.NearRaised.ShouldBe(0);
        near.NearFailed.ShouldBe(0, "nothing is raised to an instance that is not running");

        clock.Advance(TimeSpan.FromHours(1));
        var overdue = await sweep.RunAsync();
        overdue.Restarted.ShouldBe(1);
        overdue.Reported.ShouldBe(1);
        overdue.NearRaised.ShouldBe(0, "the restarted case sets its own timers (its deadlines are computed afresh)");
        var restarted = (await engine.Client.GetInstanceAsync(CaseWorkflowContract.InstanceId(missing), getInputsAndOutputs: true))!.ReadInputAs<CaseWorkflowInput>()!;
        restarted.Source.ShouldBe(CaseWorkflowContract.RestartSource);
        (await VersionOfAsync(missing)).ShouldBe(CaseWorkflowContract.CurrentVersion, "a restarted case runs under the current version");
    }

    [Theory]
    [InlineData("00:05:00", true)]
    [InlineData("00:30:00", true)]
    [InlineData("00:31:00", false)]
    [InlineData("00:00:00", false)]
    public void The_sweep_interval_must_leave_room_to_announce_a_deadline_within_the_timer_horizon(string interval, bool usable)
    {
        var problems = new LocalOptions { EscalationInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) }.Problems();

        if (usable)
        {
            problems.ShouldBeEmpty();
        }
        else
        {
            problems.ShouldHaveSingleItem().ShouldStartWith("ImrLocal:EscalationInterval:");
        }
    }

    private ICaseIndex Index => services.GetRequiredService<ICaseIndex>();

    /// <summary>The deadlines the stand-in orchestration was told are near, in order, once it has been told <paramref name="count"/>.</summary>
    private async Task<List<string>> TellsAsync(CaseNumber caseNumber, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            // The event is delivered after RaiseEventAsync returns: wait for the stand-in to record it.
            var told = await ToldAsync(caseNumber);
            if (told.Count >= count || DateTime.UtcNow > deadline)
            {
                return told;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The orchestration version the stand-in runs under (it reports it in its status), once it has started.</summary>
    private async Task<string?> VersionOfAsync(CaseNumber caseNumber)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var status = (await engine.Client.GetInstanceAsync(CaseWorkflowContract.InstanceId(caseNumber), getInputsAndOutputs: true))?.ReadCustomStatusAs<CaseStatus>();
            if (status is not null || DateTime.UtcNow > deadline)
            {
                return status?.WorkflowVersion;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>What the stand-in lists, now, as told (in its status's ReviewerId).</summary>
    private async Task<List<string>> ToldAsync(CaseNumber caseNumber)
    {
        var status = (await engine.Client.GetInstanceAsync(CaseWorkflowContract.InstanceId(caseNumber), getInputsAndOutputs: true))?.ReadCustomStatusAs<CaseStatus>();
        return string.IsNullOrEmpty(status?.ReviewerId) ? [] : status.ReviewerId.Split(',').ToList();
    }

    private async Task<CaseNumber> CaseWithDeadlinesAsync(bool startOrchestration, CaseDeadlines deadlines)
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
            WorkflowVersion = CaseWorkflowContract.CurrentVersion,
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
                CaseWorkflowContract.StartOptions(caseNumber));
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

            found.AddRange(batch.Select(m => JsonNode.Parse(m.Body.ToString())!).Where(n => n["caseNumber"]?.GetValue<string>() == caseNumber.ToString()).SelectMany(NotificationMessages.Notices));
        }
    }
}
