using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Imr.Local.Tests.Harness;
using Imr.Testing;
using Imr.Testing.Acceptance;
using Xunit.Abstractions;

namespace Imr.Local.Tests;

/// <summary>
/// Faults under load, on the Azure Storage engine over an on-disk Azurite (<c>--location</c>): Imr.Local killed with
/// SIGKILL at random points while cases are in flight, and Azurite itself restarted. Every case still ends Determined with
/// one letter, one assignment, and no audit entry twice. The random points come from a seed printed in the test output
/// (set IMR_FAULT_SEED to replay one).
/// </summary>
[Collection(LocalSystemCollection.Name)]
public sealed class FaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(300);

    /// <summary>
    /// Twenty cases driven concurrently through submission, assignment, records, decision and letter while Imr.Local is
    /// killed with SIGKILL four times, each at a random (seeded) moment inside a stage: while submissions are in flight,
    /// once cases are being assigned, right after decisions are posted (the letter is being issued), and once cases are
    /// being determined. After the last restart the test waits until every orchestration has completed, so work re-run
    /// after a kill has landed before the invariants are checked: Determined, one letter (text and PDF), one assignment row
    /// (attempt 1, released), reviewer load 0, each milestone audited once and no audit id twice, one assignment notice and
    /// one determination notice id per case, and no host ever failing an episode on a redelivered ExecutionStarted.
    /// IMR_FAULT_ROUNDS=n repeats the whole scenario n times (a stress run; each round prints its seed).
    /// </summary>
    [Fact]
    public async Task Cases_in_flight_survive_sigkills_of_the_host_at_random_points_and_each_ends_determined_once()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("IMR_FAULT_ROUNDS"), out var wanted) && wanted > 0 ? wanted : 1;
        for (var round = 1; round <= rounds; round++)
        {
            output.WriteLine($"round {round} of {rounds}");
            await SigkillRoundAsync();
        }
    }

    private async Task SigkillRoundAsync()
    {
        var random = SeededRandom();
        using var data = new TempFolder();
        await using var azurite = await AzuriteInstance.StartAsync(data.Path);
        var host = await StartHostAsync(azurite, port: null);
        var port = host.Port;
        var hostLogs = new StringBuilder();
        var reviewers = await AddReviewersAsync(host.Client, 4);
        using var fleet = new CaseFleet(azurite.ConnectionString, Enumerable.Range(0, 20).Select(_ => ImrApi.NewCaseNumber()).ToList(), output);

        // Each kill waits for its stage, then a random moment within it.
        var plan = new (string Stage, Func<bool> Reached, int MaxDelayMs)[]
        {
            ("submission", fleet.Threshold(CaseFleet.Submitted, random.Next(0, 12)), 300),
            ("assignment", fleet.Threshold(CaseFleet.Assigned, random.Next(1, 10)), 1_000),
            ("decision and letter", fleet.DecisionThreshold(random.Next(1, 10)), 1_500),
            ("determined", fleet.Threshold(CaseFleet.Finished, random.Next(1, 19)), 2_000),
        };
        var kills = new List<string>();
        var killer = Task.Run(async () =>
        {
            foreach (var (stage, reached, maxDelay) in plan)
            {
                while (!reached())
                {
                    await Task.Delay(25);
                }

                await Task.Delay(random.Next(0, maxDelay));
                lock (kills)
                {
                    kills.Add($"kill {kills.Count + 1} ({stage}) at {fleet.Progress()}");
                }

                host.Kill();
                hostLogs.Append(host.Output);
                await host.DisposeAsync();
                host = await StartHostAsync(azurite, port);
            }
        });

        try
        {
            await fleet.DriveAsync(() => host.Client, Patience);
            await killer.WaitAsync(Patience);
            await fleet.WaitForOrchestrationsToCompleteAsync(TimeSpan.FromSeconds(120));
            output.WriteLine(string.Join("\n", kills));
            kills.Count.ShouldBe(plan.Length);
            hostLogs.Append(host.Output);
            await fleet.AssertEachDeterminedOnceAsync(host.Client, reviewers);
            var logs = hostLogs.ToString();
            var redelivered = Regex.Count(logs, "dropped [0-9]+ redelivered ExecutionStarted");
            output.WriteLine($"Redelivered ExecutionStarted messages dropped by the guard: {redelivered}.");
            logs.ShouldNotContain("Multiple ExecutionStartedEvent", Case.Sensitive, "an episode failed on a redelivered ExecutionStarted");
        }
        catch (Exception e) when (e is TimeoutException or ShouldAssertException)
        {
            lock (kills)
            {
                hostLogs.Append(host.Output);
                throw WithContext(e, $"Kills: {string.Join("; ", kills)}\nEngine warnings and errors of every host:\n{WarningsAndErrors(hostLogs.ToString())}");
            }
        }
        finally
        {
            await killer.ContinueWith(_ => { }, TaskScheduler.Default);
            await host.DisposeAsync();
        }
    }

    /// <summary>The same kind of failure (a failed assertion stays one), its own message first, then what the run did.</summary>
    private static Exception WithContext(Exception failure, string context) => failure is ShouldAssertException
        ? new ShouldAssertException($"{failure.Message}\n{context}", failure)
        : new TimeoutException($"{failure.Message}\n{context}", failure);

    /// <summary>The log entries at Warning or above (with their message line), so a failure shows what the engine said.</summary>
    private static string WarningsAndErrors(string logs)
    {
        var lines = logs.Split('\n');
        var kept = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains("warn:", StringComparison.Ordinal) || lines[i].Contains("fail:", StringComparison.Ordinal) || lines[i].Contains("crit:", StringComparison.Ordinal))
            {
                kept.AppendLine(lines[i].TrimEnd());
                if (i + 1 < lines.Length)
                {
                    var message = lines[i + 1].TrimEnd();
                    kept.AppendLine(message.Length > 400 ? message[..400] : message);
                }
            }
        }

        return kept.ToString();
    }

    [Fact]
    public async Task Cases_in_flight_survive_restarts_of_azurite_with_nothing_lost_and_no_manual_step()
    {
        var random = SeededRandom();
        using var data = new TempFolder();
        await using var azurite = await AzuriteInstance.StartAsync(data.Path);
        await using var host = await StartHostAsync(azurite, port: null);
        var reviewers = await AddReviewersAsync(host.Client, 3);
        using var fleet = new CaseFleet(azurite.ConnectionString, Enumerable.Range(0, 10).Select(_ => ImrApi.NewCaseNumber()).ToList(), output);

        var restarts = new List<string>();
        var disruptor = Task.Run(async () =>
        {
            for (var r = 0; r < 2; r++)
            {
                await Task.Delay(random.Next(500, 5_000));
                restarts.Add($"azurite restart {r + 1} at {fleet.Progress()}");
                await azurite.RestartAsync();
            }
        });

        try
        {
            await fleet.DriveAsync(() => host.Client, Patience);
            await disruptor;
        }
        catch (Exception e) when (e is TimeoutException or ShouldAssertException)
        {
            throw WithContext(e, $"Restarts: {string.Join("; ", restarts)}\nHost output:\n{host.Output}\nAzurite:\n{azurite.Output}");
        }
        finally
        {
            await disruptor.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        output.WriteLine(string.Join("\n", restarts));
        restarts.Count.ShouldBe(2);
        await fleet.WaitForOrchestrationsToCompleteAsync(TimeSpan.FromSeconds(120));
        await fleet.AssertEachDeterminedOnceAsync(host.Client, reviewers);
        using var health = await host.Client.GetAsync(new Uri("health", UriKind.Relative));
        health.StatusCode.ShouldBe(HttpStatusCode.OK, "the host recovered by itself");
    }

    private Random SeededRandom()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("IMR_FAULT_SEED"), out var fixedSeed) ? fixedSeed : Random.Shared.Next();
        output.WriteLine($"IMR_FAULT_SEED={seed}");
        return new Random(seed);
    }

    /// <summary>The host on the on-disk Azurite, as shipped: in-flight work reappears 15 s after a kill (the queue visibility timeout).</summary>
    private static Task<LocalProcess> StartHostAsync(AzuriteInstance azurite, int? port) =>
        LocalProcess.StartAsync([$"--ImrStorage={azurite.ConnectionString}", "--ImrLocal:TaskHub=faulthub", "--engine", "azurestorage"], port: port);

    private static async Task<List<string>> AddReviewersAsync(HttpClient client, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var id = $"rev-{Guid.NewGuid():N}"[..16];
            using var created = await client.PostAsync(new Uri("reviewers", UriKind.Relative), ImrApi.Json(ImrApi.Reviewer(id)));
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
            ids.Add(id);
        }

        return ids;
    }

    /// <summary>
    /// Moves many cases through the process at once (every case's next step in parallel, so a kill finds requests in flight),
    /// tolerating a host or storage that is down: every step is retried until the case shows the state it leads to, and
    /// every step is idempotent (an idempotency key on submission, the same decision body again, records completed again).
    /// </summary>
    private sealed class CaseFleet(string connectionString, IReadOnlyList<string> caseNumbers, ITestOutputHelper output) : IDisposable
    {
        /// <summary>States of a case whose submission was answered 202.</summary>
        public static readonly string[] Submitted = ["Submitted", "Received", "Unassigned", "AwaitingRecords", "UnderReview", "Determined"];

        /// <summary>States of a case that has been assigned.</summary>
        public static readonly string[] Assigned = ["AwaitingRecords", "UnderReview", "Determined"];

        /// <summary>The end state.</summary>
        public static readonly string[] Finished = ["Determined"];

        private readonly Dictionary<string, string> states = caseNumbers.ToDictionary(c => c, _ => "NotSubmitted");
        private readonly Dictionary<string, string> tokens = [];
        private readonly SemaphoreSlim noticeReader = new(1, 1);
        private readonly HashSet<string> decided = [];

        public void Dispose() => noticeReader.Dispose();

        public string Progress()
        {
            lock (states)
            {
                var counts = string.Join(", ", states.Values.GroupBy(s => s).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}×{g.Count()}"));
                return $"{counts}; cases with a decision accepted {decided.Count}";
            }
        }

        /// <summary>True once <paramref name="count"/> cases are in one of <paramref name="group"/> (or every case is done).</summary>
        public Func<bool> Threshold(string[] group, int count) => () =>
        {
            lock (states)
            {
                return states.Values.Count(group.Contains) >= count || states.Values.All(s => s == "Determined");
            }
        };

        /// <summary>True once <paramref name="count"/> cases had a decision accepted with 202 (or every case is done).</summary>
        public Func<bool> DecisionThreshold(int count) => () =>
        {
            lock (states)
            {
                return decided.Count >= count || states.Values.All(s => s == "Determined");
            }
        };

        public async Task DriveAsync(Func<HttpClient> client, TimeSpan patience)
        {
            var clock = Stopwatch.StartNew();
            var errors = 0;
            while (clock.Elapsed < patience)
            {
                var http = client();
                await Task.WhenAll(caseNumbers.Select(async caseNumber =>
                {
                    try
                    {
                        await StepAsync(http, caseNumber);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException or Azure.RequestFailedException or ObjectDisposedException)
                    {
                        // The host or storage is down (being killed or restarted): try again on the next pass.
                        Interlocked.Increment(ref errors);
                    }
                }));

                lock (states)
                {
                    if (states.Values.All(s => s == "Determined"))
                    {
                        output.WriteLine($"All {caseNumbers.Count} determined in {clock.Elapsed.TotalSeconds:F0} s ({errors} calls failed while the host or storage was down).");
                        return;
                    }

                    states.Values.ShouldNotContain("Failed");
                }

                await Task.Delay(300);
            }

            throw new TimeoutException($"Not every case was determined in {patience}: {Progress()}");
        }

        /// <summary>
        /// Waits until every case's orchestration shows Completed in the task hub's Instances table, so whatever a kill left
        /// to be re-run has run before anything is counted. Fails on a Failed or Terminated orchestration.
        /// </summary>
        public async Task WaitForOrchestrationsToCompleteAsync(TimeSpan patience)
        {
            var instances = new TableClient(connectionString, "faulthubInstances");
            var deadline = DateTime.UtcNow + patience;
            var statuses = new Dictionary<string, string>();
            while (DateTime.UtcNow < deadline)
            {
                foreach (var caseNumber in caseNumbers)
                {
                    try
                    {
                        var row = await instances.GetEntityIfExistsAsync<TableEntity>($"case-{caseNumber}", "");
                        statuses[caseNumber] = row.HasValue ? row.Value!.GetString("RuntimeStatus") ?? "?" : "missing";
                    }
                    catch (Azure.RequestFailedException)
                    {
                        statuses[caseNumber] = "unreadable";
                    }
                }

                statuses.Values.ShouldNotContain("Failed");
                statuses.Values.ShouldNotContain("Terminated");
                if (statuses.Values.All(s => s == "Completed"))
                {
                    return;
                }

                await Task.Delay(500);
            }

            throw new TimeoutException(
                $"Orchestrations not completed in {patience}: {string.Join(", ", statuses.Where(s => s.Value != "Completed").Select(s => $"{s.Key}={s.Value}"))}");
        }

        public async Task AssertEachDeterminedOnceAsync(HttpClient client, IReadOnlyList<string> reviewerIds)
        {
            var letters = new BlobServiceClient(connectionString).GetBlobContainerClient("determinations");
            var rows = new TableClient(connectionString, "Reviewers");
            var assignmentRows = new List<TableEntity>();
            await foreach (var row in rows.QueryAsync<TableEntity>("RowKey gt 'assignment|' and RowKey lt 'assignment}'"))
            {
                assignmentRows.Add(row);
            }

            // Messages the driver's last read hid come back after two seconds.
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            var notices = await NoticesAsync();
            var duplicates = notices.Count - notices.Select(n => n["id"]?.GetValue<string>()).Distinct().Count();
            output.WriteLine($"{notices.Count} notices, {duplicates} of them a repeat of an id already sent (at-least-once delivery; receivers deduplicate by id).");
            foreach (var caseNumber in caseNumbers)
            {
                using var caseResponse = await client.GetAsync(new Uri($"cases/{caseNumber}", UriKind.Relative));
                var view = await caseResponse.ReadJsonAsync();
                view["state"]!.GetValue<string>().ShouldBe("Determined", caseNumber);
                var reviewerId = view["reviewerId"]!.GetValue<string>();

                using var auditResponse = await client.GetAsync(new Uri($"cases/{caseNumber}/audit", UriKind.Relative));
                var audit = (await auditResponse.ReadJsonAsync()).AsArray().Select(e => e!).ToList();
                var actions = audit.Select(e => e["action"]!.GetValue<string>()).ToList();
                foreach (var once in new[] { "CaseSubmitted", "CaseAccepted", "Assigned", "ReviewStarted", "Determined" })
                {
                    actions.Count(a => a == once).ShouldBe(1, $"{caseNumber}: {once} in [{string.Join(", ", actions)}]");
                }

                actions.ShouldNotContain("Reassigned", caseNumber);
                actions.ShouldNotContain("WorkflowFailed", caseNumber);
                actions.ShouldNotContain("OrchestrationRestarted", caseNumber);
                audit.Select(e => e["id"]!.GetValue<string>()).ShouldBeUnique($"{caseNumber}: an audit id appears twice");
                audit.Select(e => e.ToJsonString()).ShouldBeUnique($"{caseNumber}: an audit entry appears twice");

                var letterBlobs = new List<string>();
                await foreach (var blob in letters.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{caseNumber}/", CancellationToken.None))
                {
                    letterBlobs.Add(blob.Name);
                }

                letterBlobs.Count.ShouldBe(2, $"{caseNumber}: one letter, as text and PDF: {string.Join(", ", letterBlobs)}");
                letterBlobs.Count(b => b.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase)).ShouldBe(1, $"{caseNumber}: one PDF: {string.Join(", ", letterBlobs)}");
                using var pdf = await client.GetAsync($"cases/{caseNumber}/determination", "application/pdf");
                pdf.StatusCode.ShouldBe(HttpStatusCode.OK);

                var caseNotices = notices.Where(n => n["caseNumber"]?.GetValue<string>() == caseNumber).ToList();
                // One id per addressee of the one determination: the AD, the employee, the employer, the claims administrator and the requesting physician.
                NoticeIds(caseNotices, "Determination").Count.ShouldBe(5, $"{caseNumber}: one Determination notice id per addressee");
                var assignmentNotices = NoticeIds(caseNotices, "AssignmentNotice");
                assignmentNotices.Count.ShouldBe(1, $"{caseNumber}: one notice of assignment id: {string.Join(", ", assignmentNotices)}");
                assignmentNotices[0].ShouldEndWith(":assigned:1:AssignmentNotice", Case.Sensitive, caseNumber);

                var assignments = assignmentRows.Where(r => r.GetString("CaseNumber") == caseNumber).ToList();
                assignments.Count.ShouldBe(1, $"{caseNumber}: one assignment row");
                assignments[0].RowKey.ShouldEndWith("|0001", Case.Sensitive, $"{caseNumber}: the one assignment is attempt 1");
                assignments[0].PartitionKey.ShouldEndWith(reviewerId, Case.Sensitive, $"{caseNumber}: the assignment row is the assigned reviewer's");
                (assignments[0].GetBoolean("Released") ?? false).ShouldBeTrue($"{caseNumber}: the assignment was released when the case was determined");
            }

            foreach (var reviewerId in reviewerIds)
            {
                using var response = await client.GetAsync(new Uri($"reviewers/{reviewerId}", UriKind.Relative));
                var reviewer = await response.ReadJsonAsync();
                reviewer["currentCaseload"]!.GetValue<int>().ShouldBe(0, $"{reviewerId}: every assignment counted once and released once");
            }
        }

        private static List<string> NoticeIds(IEnumerable<JsonNode> notices, string kind) =>
            notices.Where(n => n["kind"]?.GetValue<string>() == kind).Select(n => n["id"]!.GetValue<string>()).Distinct().ToList();

        private async Task StepAsync(HttpClient client, string caseNumber)
        {
            string state;
            lock (states)
            {
                state = states[caseNumber];
            }

            if (state == "Determined")
            {
                return;
            }

            if (state == "NotSubmitted")
            {
                using var submitted = await client.SubmitAsync(ImrApi.SeedCase(caseNumber), idempotencyKey: $"fault-{caseNumber}");
                if (submitted.StatusCode != HttpStatusCode.Accepted)
                {
                    submitted.StatusCode.ShouldBeOneOf([HttpStatusCode.ServiceUnavailable, HttpStatusCode.InternalServerError], await submitted.Content.ReadAsStringAsync());
                    return;
                }

                Set(caseNumber, "Submitted");
                return;
            }

            using var response = await client.GetAsync(new Uri($"cases/{caseNumber}", UriKind.Relative));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return;
            }

            var view = await response.ReadJsonAsync();
            state = view["state"]!.GetValue<string>();
            Set(caseNumber, state);
            switch (state)
            {
                case "AwaitingRecords":
                    using (var complete = await client.PostAsync(new Uri($"cases/{caseNumber}/records/complete", UriKind.Relative), null))
                    {
                        ((int)complete.StatusCode).ShouldBeOneOf([202, 500, 503]);
                    }

                    break;
                case "UnderReview":
                    var token = await TokenAsync(caseNumber);
                    if (token is null)
                    {
                        return;
                    }

                    var decision = ImrApi.Decision(view["reviewerId"]!.GetValue<string>());
                    decision["assignmentToken"] = token;
                    if (view["noConflictStatedAt"] is null)
                    {
                        // The reviewer's conflict statement comes first (LC § 139.5); faults may refuse it, and the loop comes back.
                        using var stated = await client.PostAsAsync(ImrCaller.None, $"cases/{caseNumber}/conflict-statement", ImrApi.Json(new JsonObject { ["noConflict"] = true, ["assignmentToken"] = token }));
                        ((int)stated.StatusCode).ShouldBeOneOf([202, 409, 500, 503], await stated.Content.ReadAsStringAsync());
                        return;
                    }

                    using (var answer = await client.PostAsAsync(ImrCaller.None, $"cases/{caseNumber}/decision", ImrApi.Json(decision)))
                    {
                        ((int)answer.StatusCode).ShouldBeOneOf([202, 409, 500, 503], await answer.Content.ReadAsStringAsync());
                        if (answer.StatusCode == HttpStatusCode.Accepted)
                        {
                            lock (states)
                            {
                                decided.Add(caseNumber);
                            }
                        }
                    }

                    break;
            }
        }

        private void Set(string caseNumber, string state)
        {
            lock (states)
            {
                states[caseNumber] = state;
            }
        }

        /// <summary>The case's first-assignment token; every visible notice is read once per call and remembered (one reader at a time).</summary>
        private async Task<string?> TokenAsync(string caseNumber)
        {
            await noticeReader.WaitAsync();
            try
            {
                if (tokens.TryGetValue(caseNumber, out var known))
                {
                    return known;
                }

                foreach (var notice in await NoticesAsync())
                {
                    if (notice["kind"]?.GetValue<string>() == "AssignmentNotice" && notice["assignmentToken"]?.GetValue<string>() is { Length: > 0 } token &&
                        notice["id"]!.GetValue<string>().EndsWith(":assigned:1:AssignmentNotice", StringComparison.Ordinal))
                    {
                        tokens.TryAdd(notice["caseNumber"]!.GetValue<string>(), token);
                    }
                }

                return tokens.GetValueOrDefault(caseNumber);
            }
            finally
            {
                noticeReader.Release();
            }
        }

        /// <summary>Every notice of every visible message, received with a two-second invisibility and never deleted.</summary>
        private async Task<List<JsonNode>> NoticesAsync()
        {
            var queue = new QueueClient(connectionString, "notifications", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
            var all = new List<JsonNode>();
            while (true)
            {
                var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(2))).Value;
                if (batch.Length == 0)
                {
                    return all;
                }

                all.AddRange(batch.SelectMany(m => NotificationMessages.Notices(JsonNode.Parse(m.Body.ToString())!)));
            }
        }
    }

    /// <summary>A folder for Azurite's data, removed afterwards.</summary>
    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("imr-faults-").FullName;

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // Azurite may still hold a file for a moment; the temp folder is cleaned by the OS eventually.
            }
        }
    }
}
