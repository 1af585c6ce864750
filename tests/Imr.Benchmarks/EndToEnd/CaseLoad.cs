using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Imr.Benchmarks.EndToEnd;

/// <summary>
/// Drives one running Imr.Local over HTTP: registers reviewers, runs the baseline orchestration through the benchmark
/// hook, submits N cases and plays the reviewer (records complete, decision with the credential from the notice of
/// assignment) as soon as each case is assigned.
/// Bounded in count and time; talks only to 127.0.0.1.
/// </summary>
public sealed class CaseLoad(HttpClient http, AssignmentInbox inbox, string repositoryRoot, int cases, TimeSpan limit)
{
    private const int Parallel = 16;
    private const int Reviewers = 20;
    private const int WarmUpCases = 5;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _submitted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _determined = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _recordsCompleted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _decided = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _unexpected = new(StringComparer.Ordinal);
    private long _listCalls;
    private long _getCalls;

    /// <summary>Runs warm-up, idle measurement, baseline and the measured cases.</summary>
    public async Task<EndToEndResult> RunAsync(string engine, Func<(long Host, long Azurite)> peaks, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(limit);
        var ct = bounded.Token;
        var seed = await File.ReadAllTextAsync(Path.Combine(repositoryRoot, "docs", "examples", "seed-case.json"), ct);
        var reviewer = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(repositoryRoot, "docs", "demo", "reviewer-occupational-medicine.json"), ct))!;
        for (var i = 0; i < Reviewers; i++)
        {
            reviewer["id"] = string.Create(CultureInfo.InvariantCulture, $"rev-bench-{i:00}");
            reviewer["capacity"] = Math.Min(10_000, cases + WarmUpCases);
            using var created = await http.PostAsync("reviewers", Json(reviewer.ToJsonString()), ct);
            await Expect(created, HttpStatusCode.Created, "POST /reviewers");
        }

        Console.WriteLine($"[{engine}] warm-up: {WarmUpCases} cases and 20 baseline orchestrations");
        await RunCasesAsync(seed, 9_000_000, WarmUpCases, ct);
        await BaselineAsync(20, ct);

        // The blob watchers poll storage on their own; measure that background rate to separate it from the cases' cost.
        var idleFrom = await StorageAsync(ct);
        var idleClock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(10), ct);
        var idle = (await StorageAsync(ct)).Minus(idleFrom).Per(idleClock.Elapsed.TotalSeconds);

        Console.WriteLine($"[{engine}] baseline: {cases} orchestrations of 5 no-op activities");
        var baseline = await BaselineAsync(cases, ct);
        Console.WriteLine($"[{engine}] baseline: {baseline.PerSecond:F1}/s ({baseline.Purged} instances purged before the cases)");

        ResetTracking();
        Console.WriteLine($"[{engine}] cases: {cases}");
        var load = Stopwatch.StartNew();
        var before = await StorageAsync(ct);
        var window = await RunCasesAsync(seed, 1, cases, ct);

        // The last cases still notify and audit after they are marked Determined; let that finish inside the window.
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        var after = await StorageAsync(ct);
        var loadSeconds = load.Elapsed.TotalSeconds;
        var polls = (List: Interlocked.Read(ref _listCalls), Get: Interlocked.Read(ref _getCalls));

        // What one round of the reviewer's polling costs, measured now that the system is quiet.
        var calibrateFrom = await StorageAsync(ct);
        var calibrateClock = Stopwatch.StartNew();
        const int Rounds = 5;
        for (var i = 0; i < Rounds; i++)
        {
            await ListAsync("AwaitingRecords", ct);
            await ListAsync("UnderReview", ct);
        }

        var listCost = (await StorageAsync(ct)).Minus(calibrateFrom).Minus(idle.Times(calibrateClock.Elapsed.TotalSeconds)).Per(2 * Rounds);

        var getFrom = await StorageAsync(ct);
        var getClock = Stopwatch.StartNew();
        var someCase = _determined.Keys.First();
        for (var i = 0; i < 2 * Rounds; i++)
        {
            await http.GetFromJsonAsync<JsonObject>($"cases/{someCase}", ct);
        }

        var getCost = (await StorageAsync(ct)).Minus(getFrom).Minus(idle.Times(getClock.Elapsed.TotalSeconds)).Per(2 * Rounds);

        var latencies = _submitted.Keys.Where(_determined.ContainsKey)
            .Select(n => (_determined[n] - _submitted[n]).TotalMilliseconds).Order().ToArray();
        var peak = peaks();
        return new EndToEndResult
        {
            Engine = engine,
            Cases = cases,
            Determined = latencies.Length,
            Seconds = window.TotalSeconds,
            CasesPerSecond = latencies.Length / window.TotalSeconds,
            P50Ms = Percentile(latencies, 0.50),
            P95Ms = Percentile(latencies, 0.95),
            P99Ms = Percentile(latencies, 0.99),
            Baseline = baseline,
            StorageTotal = after.Minus(before),
            StorageIdlePerSecond = idle,
            StoragePerListCall = listCost,
            StoragePerGetCall = getCost,
            StorageWindowSeconds = loadSeconds,
            ListCalls = polls.List,
            GetCalls = polls.Get,
            PeakHostBytes = peak.Host,
            PeakAzuriteBytes = peak.Azurite,
            Unexpected = new Dictionary<string, int>(_unexpected, StringComparer.Ordinal),
            NotDetermined = await NotDeterminedAsync(ct),
        };
    }

    private void ResetTracking()
    {
        _submitted.Clear();
        _determined.Clear();
        _recordsCompleted.Clear();
        _decided.Clear();
        Interlocked.Exchange(ref _listCalls, 0);
        Interlocked.Exchange(ref _getCalls, 0);
    }

    /// <summary>Submits the cases while playing the reviewer; returns first submission to last letter.</summary>
    private async Task<TimeSpan> RunCasesAsync(string seed, int firstNumber, int count, CancellationToken ct)
    {
        var numbers = Enumerable.Range(firstNumber, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"CM13-{i:0000000}")).ToList();
        var submitting = SubmitAllAsync(seed, numbers, ct);
        var pending = new HashSet<string>(numbers, StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            ct.ThrowIfCancellationRequested();
            var round = Stopwatch.StartNew();
            var awaiting = await ListAsync("AwaitingRecords", ct);
            await ForEachAsync(awaiting.Where(c => pending.Contains(c.CaseNumber) && !_recordsCompleted.ContainsKey(c.CaseNumber)), CompleteRecordsAsync, ct);

            var underReview = await ListAsync("UnderReview", ct);
            await ForEachAsync(underReview.Where(c => pending.Contains(c.CaseNumber) && !_decided.ContainsKey(c.CaseNumber)), DecideAsync, ct);

            // A decided case that has left UnderReview has its letter (or was refused): read it once to find out.
            var stillUnderReview = underReview.Select(c => c.CaseNumber).ToHashSet(StringComparer.Ordinal);
            var left = pending.Where(n => _decided.ContainsKey(n) && !stillUnderReview.Contains(n)).ToList();
            await ForEachAsync(left, ConfirmAsync, ct);
            pending.ExceptWith(_determined.Keys);

            if (submitting.IsFaulted)
            {
                await submitting;
            }

            var rest = PollInterval - round.Elapsed;
            if (pending.Count > 0 && rest > TimeSpan.Zero)
            {
                await Task.Delay(rest, ct);
            }
        }

        await submitting;
        var first = numbers.Min(n => _submitted[n]);
        var last = numbers.Max(n => _determined[n]);
        return last - first;
    }

    private async Task SubmitAllAsync(string seed, List<string> numbers, CancellationToken ct) =>
        await ForEachAsync(numbers, async (number, token) =>
        {
            var body = seed.Replace("CM13-0000001", number, StringComparison.Ordinal);
            _submitted[number] = DateTimeOffset.UtcNow;
            using var response = await http.PostAsync("cases", Json(body), token);
            await Expect(response, HttpStatusCode.Accepted, "POST /cases");
        }, ct);

    private async Task CompleteRecordsAsync(CaseSummary c, CancellationToken ct)
    {
        using var response = await http.PostAsync($"cases/{c.CaseNumber}/records/complete", null, ct);
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            _recordsCompleted[c.CaseNumber] = true;
        }
        else
        {
            Count($"records/complete {(int)response.StatusCode}");
        }
    }

    private async Task DecideAsync(CaseSummary c, CancellationToken ct)
    {
        // The decision presents the credential from the notice of assignment; until that notice is read, the next round tries again.
        if (inbox.TokenFor(c.CaseNumber) is not { } token)
        {
            return;
        }

        var decision = new JsonObject
        {
            ["reviewerId"] = c.ReviewerId,
            ["assignmentToken"] = token,
            ["items"] = new JsonArray([.. c.Items.Select(item => (JsonNode)new JsonObject
            {
                ["description"] = item,
                ["decision"] = "Upheld",
                ["guideline"] = "MTUS ACOEM Chapter 8 Neck and Upper Back Complaints",
                ["rationale"] = "The guideline does not recommend this without red-flag findings, and none are documented.",
            })]),
        };
        using var response = await http.PostAsync($"cases/{c.CaseNumber}/decision", Json(decision.ToJsonString()), ct);
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            _decided[c.CaseNumber] = true;
        }
        else
        {
            Count($"decision {(int)response.StatusCode}");
        }
    }

    private async Task ConfirmAsync(string number, CancellationToken ct)
    {
        Interlocked.Increment(ref _getCalls);
        var view = await http.GetFromJsonAsync<JsonObject>($"cases/{number}", ct) ?? throw new InvalidOperationException($"GET /cases/{number} returned nothing.");
        if ((string?)view["state"] == "Determined")
        {
            // The case row's update time is when the letter was stored and the case marked Determined.
            _determined[number] = DateTimeOffset.Parse((string)view["updatedAt"]!, CultureInfo.InvariantCulture);
        }
    }

    private async Task<List<CaseSummary>> ListAsync(string state, CancellationToken ct)
    {
        var found = new List<CaseSummary>();
        string? token = null;
        do
        {
            Interlocked.Increment(ref _listCalls);
            var url = $"cases?state={state}&pageSize=1000" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
            var page = await http.GetFromJsonAsync<JsonObject>(url, ct) ?? throw new InvalidOperationException("GET /cases returned nothing.");
            foreach (var c in page["cases"]!.AsArray())
            {
                found.Add(new CaseSummary(
                    (string)c!["caseNumber"]!,
                    (string?)c["reviewerId"],
                    [.. c["items"]!.AsArray().Select(i => (string)i!)]));
            }

            token = (string?)page["continuationToken"];
        }
        while (token is not null);
        return found;
    }

    private async Task<Dictionary<string, int>> NotDeterminedAsync(CancellationToken ct)
    {
        var states = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var number in _submitted.Keys.Where(n => !_determined.ContainsKey(n)))
        {
            var view = await http.GetFromJsonAsync<JsonObject>($"cases/{number}", ct);
            var state = (string?)view?["state"] ?? "?";
            states[state] = states.GetValueOrDefault(state) + 1;
        }

        return states;
    }

    private async Task<BaselineResult> BaselineAsync(int count, CancellationToken ct)
    {
        using var response = await http.PostAsync(string.Create(CultureInfo.InvariantCulture, $"benchmark/baseline?count={count}&activities=5&purge=true"), null, ct);
        await Expect(response, HttpStatusCode.OK, "POST /benchmark/baseline");
        return await response.Content.ReadFromJsonAsync<BaselineResult>(ct) ?? throw new InvalidOperationException("The baseline returned nothing.");
    }

    private async Task<StorageCounts> StorageAsync(CancellationToken ct) =>
        await http.GetFromJsonAsync<StorageCounts>("benchmark/storage-operations", ct) ?? throw new InvalidOperationException("No storage counts.");

    private void Count(string what) => _unexpected.AddOrUpdate(what, 1, (_, n) => n + 1);

    private static async Task ForEachAsync<T>(IEnumerable<T> items, Func<T, CancellationToken, Task> action, CancellationToken ct) =>
        await System.Threading.Tasks.Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = ct }, async (item, c) => await action(item, c));

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task Expect(HttpResponseMessage response, HttpStatusCode status, string what)
    {
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private sealed record CaseSummary(string CaseNumber, string? ReviewerId, IReadOnlyList<string> Items);
}

/// <summary>What the host's baseline hook reports.</summary>
public sealed record BaselineResult(int Count, int Activities, double ScheduleSeconds, double ElapsedSeconds, double PerSecond, double P50Ms, double P95Ms, double P99Ms, int Purged);

/// <summary>Storage operation counts by service (from <c>GET /api/benchmark/storage-operations</c>), with arithmetic.</summary>
public sealed record StorageCounts(double Total, double Blob, double Table, double Queue, double Other, IReadOnlyDictionary<string, double>? ByMethod = null)
{
    /// <summary>This minus an earlier snapshot.</summary>
    public StorageCounts Minus(StorageCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Total - other.Total, Blob - other.Blob, Table - other.Table, Queue - other.Queue, Other - other.Other, Combine(other, -1));
    }

    /// <summary>Each count divided by <paramref name="n"/>.</summary>
    public StorageCounts Per(double n) => Times(1 / n);

    /// <summary>Each count multiplied by <paramref name="n"/>.</summary>
    public StorageCounts Times(double n) =>
        new(Total * n, Blob * n, Table * n, Queue * n, Other * n, ByMethod?.ToDictionary(p => p.Key, p => p.Value * n, StringComparer.Ordinal));

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"total {Total:F1} (blob {Blob:F1}, table {Table:F1}, queue {Queue:F1})") +
        (ByMethod is null ? "" : ": " + string.Join(", ", ByMethod.Where(p => Math.Abs(p.Value) >= 0.05).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:F1}"))));

    private Dictionary<string, double>? Combine(StorageCounts other, double sign)
    {
        if (ByMethod is null && other.ByMethod is null)
        {
            return null;
        }

        var result = new Dictionary<string, double>(ByMethod ?? new Dictionary<string, double>(), StringComparer.Ordinal);
        foreach (var (key, value) in other.ByMethod ?? new Dictionary<string, double>())
        {
            result[key] = result.GetValueOrDefault(key) + (sign * value);
        }

        return result;
    }
}

/// <summary>One end-to-end run's measurements.</summary>
public sealed record EndToEndResult
{
    /// <summary>memory or azurestorage.</summary>
    public required string Engine { get; init; }

    /// <summary>Cases submitted.</summary>
    public required int Cases { get; init; }

    /// <summary>Cases that reached Determined.</summary>
    public required int Determined { get; init; }

    /// <summary>First submission to last letter.</summary>
    public required double Seconds { get; init; }

    /// <summary>Determined cases per second over that window.</summary>
    public required double CasesPerSecond { get; init; }

    /// <summary>Submission to determination, median.</summary>
    public required double P50Ms { get; init; }

    /// <summary>95th percentile.</summary>
    public required double P95Ms { get; init; }

    /// <summary>99th percentile.</summary>
    public required double P99Ms { get; init; }

    /// <summary>The bare orchestration on the same engine, same count.</summary>
    public required BaselineResult Baseline { get; init; }

    /// <summary>Application storage operations while the cases ran (polling and watchers included).</summary>
    public required StorageCounts StorageTotal { get; init; }

    /// <summary>Background operations per second with no cases running (blob watchers).</summary>
    public required StorageCounts StorageIdlePerSecond { get; init; }

    /// <summary>Operations per list call of the scripted reviewer.</summary>
    public required StorageCounts StoragePerListCall { get; init; }

    /// <summary>Operations per single-case read of the scripted reviewer.</summary>
    public required StorageCounts StoragePerGetCall { get; init; }

    /// <summary>How long the storage window was open.</summary>
    public required double StorageWindowSeconds { get; init; }

    /// <summary>List calls the scripted reviewer made.</summary>
    public required long ListCalls { get; init; }

    /// <summary>Single-case reads the scripted reviewer made.</summary>
    public required long GetCalls { get; init; }

    /// <summary>Peak resident set of Imr.Local.</summary>
    public required long PeakHostBytes { get; init; }

    /// <summary>Peak resident set of its Azurite.</summary>
    public required long PeakAzuriteBytes { get; init; }

    /// <summary>Answers the scripted reviewer did not expect, by call and status.</summary>
    public required IReadOnlyDictionary<string, int> Unexpected { get; init; }

    /// <summary>Cases not determined at the end, by state.</summary>
    public required IReadOnlyDictionary<string, int> NotDetermined { get; init; }

    /// <summary>Case throughput over baseline throughput.</summary>
    public double Ratio => CasesPerSecond / Baseline.PerSecond;

    /// <summary>
    /// Storage operations per case by the workflow and the write API: the window's total less the background rate and
    /// the scripted reviewer's reads (at the cost per call calibrated after the run).
    /// </summary>
    public StorageCounts StoragePerCase =>
        StorageTotal.Minus(StorageIdlePerSecond.Times(StorageWindowSeconds)).Minus(StoragePerListCall.Times(ListCalls))
            .Minus(StoragePerGetCall.Times(GetCalls)).Per(Cases);
}
