using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Imr.Local.Tests.Harness;
using Imr.Testing;
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
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(240);

    /// <summary>
    /// On 2026-11-27 this test found cases stranded after kills: a case stayed "Received", or a TaskCompleted was discarded
    /// as "No such instance". After CaseSubmission started the orchestration before writing the case row (e635723), three
    /// runs in a row passed, seeds 161667906, 1497362755 and 1989974954.
    /// </summary>
    [Fact]
    public async Task Cases_in_flight_survive_sigkills_of_the_host_at_random_points_and_each_ends_determined_once()
    {
        var random = SeededRandom();
        using var data = new TempFolder();
        await using var azurite = await AzuriteInstance.StartAsync(data.Path);
        var host = await StartHostAsync(azurite, port: null);
        var port = host.Port;
        var reviewers = await AddReviewersAsync(host.Client, 4);
        var fleet = new CaseFleet(azurite.ConnectionString, Enumerable.Range(0, 20).Select(_ => ImrApi.NewCaseNumber()).ToList(), output);

        var kills = new List<string>();
        var killer = Task.Run(async () =>
        {
            for (var k = 0; k < 3; k++)
            {
                // A random point: anywhere from submission to decisions, as the fleet moves on.
                await Task.Delay(random.Next(500, 7_000));
                kills.Add($"kill {k + 1} at {fleet.Progress()}");
                host.Kill();
                await host.DisposeAsync();
                host = await StartHostAsync(azurite, port);
            }
        });

        try
        {
            await fleet.DriveAsync(() => host.Client, Patience);
            await killer;
        }
        catch (Exception e) when (e is TimeoutException or ShouldAssertException)
        {
            throw new TimeoutException($"{e.Message}\nKills: {string.Join("; ", kills)}\nHost output:\n{host.Output}", e);
        }
        finally
        {
            await killer.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        try
        {
            output.WriteLine(string.Join("\n", kills));
            kills.Count.ShouldBe(3);
            await fleet.AssertEachDeterminedOnceAsync(host.Client, reviewers);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Cases_in_flight_survive_restarts_of_azurite_with_nothing_lost_and_no_manual_step()
    {
        var random = SeededRandom();
        using var data = new TempFolder();
        await using var azurite = await AzuriteInstance.StartAsync(data.Path);
        await using var host = await StartHostAsync(azurite, port: null);
        var reviewers = await AddReviewersAsync(host.Client, 3);
        var fleet = new CaseFleet(azurite.ConnectionString, Enumerable.Range(0, 10).Select(_ => ImrApi.NewCaseNumber()).ToList(), output);

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
            throw new TimeoutException($"{e.Message}\nRestarts: {string.Join("; ", restarts)}\nHost output:\n{host.Output}\nAzurite:\n{azurite.Output}", e);
        }
        finally
        {
            await disruptor.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        output.WriteLine(string.Join("\n", restarts));
        restarts.Count.ShouldBe(2);
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
        LocalProcess.StartAsync([$"--ImrStorage:ConnectionString={azurite.ConnectionString}", "--ImrLocal:TaskHub=faulthub", "--engine", "azurestorage"], port: port);

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
    /// Moves many cases through the process at once, tolerating a host or storage that is down: every step is retried until
    /// the case shows the state it leads to, and every step is idempotent (an idempotency key on submission, the same
    /// decision body again, records completed again).
    /// </summary>
    private sealed class CaseFleet(string connectionString, IReadOnlyList<string> caseNumbers, ITestOutputHelper output)
    {
        private readonly Dictionary<string, string> states = caseNumbers.ToDictionary(c => c, _ => "NotSubmitted");
        private readonly Dictionary<string, string> tokens = [];

        public string Progress()
        {
            lock (states)
            {
                return string.Join(", ", states.Values.GroupBy(s => s).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}×{g.Count()}"));
            }
        }

        public async Task DriveAsync(Func<HttpClient> client, TimeSpan patience)
        {
            var clock = Stopwatch.StartNew();
            var errors = 0;
            while (clock.Elapsed < patience)
            {
                foreach (var caseNumber in caseNumbers)
                {
                    try
                    {
                        await StepAsync(client(), caseNumber);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException or Azure.RequestFailedException or ObjectDisposedException)
                    {
                        // The host or storage is down (being killed or restarted): try again on the next pass.
                        errors++;
                    }
                }

                lock (states)
                {
                    if (states.Values.All(s => s == "Determined"))
                    {
                        output.WriteLine($"All {caseNumbers.Count} determined in {clock.Elapsed.TotalSeconds:F0} s ({errors} calls failed while the host or storage was down).");
                        return;
                    }

                    states.Values.ShouldNotContain("Failed");
                }

                await Task.Delay(400);
            }

            throw new TimeoutException($"Not every case was determined in {patience}: {Progress()}");
        }

        public async Task AssertEachDeterminedOnceAsync(HttpClient client, IReadOnlyList<string> reviewerIds)
        {
            var letters = new BlobServiceClient(connectionString).GetBlobContainerClient("determinations");
            var rows = new TableClient(connectionString, "Reviewers");
            var assignmentRows = new List<string>();
            await foreach (var row in rows.QueryAsync<TableEntity>("RowKey gt 'assignment|' and RowKey lt 'assignment}'"))
            {
                assignmentRows.Add(row.RowKey);
            }

            // Messages the driver's last read hid come back after two seconds.
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            var determinationNotices = await NotificationIdsAsync("Determination");
            foreach (var caseNumber in caseNumbers)
            {
                using var auditResponse = await client.GetAsync(new Uri($"cases/{caseNumber}/audit", UriKind.Relative));
                var audit = (await auditResponse.ReadJsonAsync()).AsArray().Select(e => e!).ToList();
                var actions = audit.Select(e => e["action"]!.GetValue<string>()).ToList();
                foreach (var once in new[] { "CaseSubmitted", "CaseAccepted", "Assigned", "ReviewStarted", "Determined" })
                {
                    actions.Count(a => a == once).ShouldBe(1, $"{caseNumber}: {once} in [{string.Join(", ", actions)}]");
                }

                actions.ShouldNotContain("Reassigned", caseNumber);
                actions.ShouldNotContain("WorkflowFailed", caseNumber);
                audit.Select(e => e.ToJsonString()).ShouldBeUnique($"{caseNumber}: an audit entry appears twice");

                var letterBlobs = new List<string>();
                await foreach (var blob in letters.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{caseNumber}/", CancellationToken.None))
                {
                    letterBlobs.Add(blob.Name);
                }

                letterBlobs.Count.ShouldBe(2, $"{caseNumber}: one letter, as text and PDF: {string.Join(", ", letterBlobs)}");
                using var pdf = await client.GetAsync($"cases/{caseNumber}/determination", "application/pdf");
                pdf.StatusCode.ShouldBe(HttpStatusCode.OK);
                determinationNotices.Count(id => id.Contains(caseNumber, StringComparison.Ordinal)).ShouldBe(1, $"{caseNumber}: one Determination notice id");
                assignmentRows.Count(k => k.Contains(caseNumber, StringComparison.Ordinal)).ShouldBe(1, $"{caseNumber}: one assignment row");
            }

            foreach (var reviewerId in reviewerIds)
            {
                using var response = await client.GetAsync(new Uri($"reviewers/{reviewerId}", UriKind.Relative));
                var reviewer = await response.ReadJsonAsync();
                reviewer["currentCaseload"]!.GetValue<int>().ShouldBe(0, $"{reviewerId}: every assignment counted once and released once");
            }
        }

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
                    using (var decided = await client.PostAsync(new Uri($"cases/{caseNumber}/decision", UriKind.Relative), ImrApi.Json(decision)))
                    {
                        ((int)decided.StatusCode).ShouldBeOneOf([202, 409, 500, 503], await decided.Content.ReadAsStringAsync());
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

        /// <summary>The case's first-assignment token; every visible notice is read once per call and remembered.</summary>
        private async Task<string?> TokenAsync(string caseNumber)
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

        private async Task<List<string>> NotificationIdsAsync(string kind) =>
            (await NoticesAsync()).Where(n => n["kind"]?.GetValue<string>() == kind).Select(n => n["id"]!.GetValue<string>()).Distinct().ToList();

        /// <summary>Every visible message, received with a one-second invisibility and never deleted.</summary>
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

                all.AddRange(batch.Select(m => JsonNode.Parse(m.Body.ToString())!));
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
