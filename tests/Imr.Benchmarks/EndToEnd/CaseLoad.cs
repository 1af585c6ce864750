using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Imr.Benchmarks.Hooks;

namespace Imr.Benchmarks.EndToEnd;

/// <summary>
/// Drives one running Imr.Local over HTTP: registers reviewers, runs the baseline orchestration through the benchmark
/// hook, submits N cases and plays the parties as notices arrive in the <see cref="AssignmentInbox"/>: on the notice of
/// assignment, the claims administrator completes the records and the reviewer decides (with the credential from the
/// notice) once the case is under review; on the determination notice, the case is read once for its time.
/// Bounded in count and time; talks only to 127.0.0.1.
/// </summary>
public sealed class CaseLoad(HttpClient http, AssignmentInbox inbox, string repositoryRoot, int cases, TimeSpan limit) : IDisposable
{
    /// <summary>The script's HTTP calls in flight at once (submissions have their own 16).</summary>
    private const int InFlight = 16;
    private const int Reviewers = 20;

    /// <summary>
    /// Warm-up goes in rounds of this many cases and as many baseline orchestrations, until the host's JIT is quiet. With
    /// dynamic PGO the per-case paths (storage SDK, letters, JSON) go through tier 0, instrumented tier 0 and tier 1, so a
    /// short warm-up leaves the measured window recompiling them (<c>perf record</c> puts much of the host's CPU on the
    /// tiered-compilation thread), far more for the cases than for the baseline.
    /// </summary>
    private const int WarmUpRoundSize = 20;

    /// <summary>The most warm-up rounds; a host whose JIT never settles is measured anyway, and the result says how many rounds it had.</summary>
    private const int MaxWarmUpRounds = 8;

    /// <summary>Warm-up ends after a round in which the JIT took less than this share of the host's CPU.</summary>
    private const double QuietJitShare = 0.05;

    /// <summary>
    /// After a round's work the driver waits until the host's JIT has been quiet (under <see cref="QuietJitShare"/> of a
    /// second's wall time) for a second, for at most this long. Without the wait the rule above is not met on 2 cores: the
    /// JIT promotes methods in the background as they pass their call counts, and while cases run that queue grows faster
    /// than the JIT works it off (every round recompiles thousands of methods).
    /// </summary>
    private static readonly TimeSpan MaxJitDrain = TimeSpan.FromSeconds(20);

    /// <summary>Warm-up case numbers start here, well clear of the measured cases (1..N).</summary>
    private const int FirstWarmUpCase = 9_000_000;

    /// <summary>
    /// The safety net: when nothing at all has happened for this long (no notice, no accepted call), every waiting case is
    /// read once and taken on from its state. Run-wide rather than per case: with 1000 cases in flight on Azurite a case
    /// waits minutes for its turn while others move, and per-case reads would only add load; a notice lost for one case
    /// still ends the run at most this long after the others finish.
    /// </summary>
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A call answered 5xx or not at all (a busy host) is tried this many times in all, 0.5, 1 and 2 s apart, each retry
    /// counted under Unexpected: dropping the case instead would leave it to the safety net, a minute after every other
    /// case, and stretch the window and p99.
    /// </summary>
    private const int Tries = 4;

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _submitted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _determined = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _ended = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CaseProgress> _progress = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _unexpected = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _notices = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<double> _reviewWaits = new();
    private readonly SemaphoreSlim _calls = new(InFlight);
    private long _getCalls;

    /// <summary>The safety net's case reads (one per waiting case per round), not distinct cases.</summary>
    private long _fallbacks;
    private long _lastProgress = Stopwatch.GetTimestamp();

    /// <summary>Runs warm-up, idle measurement, baseline and the measured cases.</summary>
    public async Task<EndToEndResult> RunAsync(string engine, Func<(long Host, long Azurite)> peaks, Func<double> azuriteCpuMs, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(limit);
        var ct = bounded.Token;
        var seed = await File.ReadAllTextAsync(Path.Combine(repositoryRoot, "docs", "examples", "seed-case.json"), ct);
        var reviewer = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(repositoryRoot, "docs", "demo", "reviewer-occupational-medicine.json"), ct))!;
        for (var i = 0; i < Reviewers; i++)
        {
            reviewer["id"] = string.Create(CultureInfo.InvariantCulture, $"rev-bench-{i:00}");
            // Enough for every case of the run on one reviewer: all the warm-up rounds there may be, and the measured cases.
            reviewer["capacity"] = Math.Min(10_000, cases + (MaxWarmUpRounds * WarmUpRoundSize));
            using var created = await http.PostAsync("reviewers", Json(reviewer.ToJsonString()), ct);
            await Expect(created, HttpStatusCode.Created, "POST /reviewers");
        }

        var warmUp = await WarmUpAsync(engine, seed, ct);

        // The time bound is for the measured part: warm-up may take minutes on Azurite, and must not eat into it.
        bounded.CancelAfter(limit);

        // The blob watchers poll storage on their own; measure that background rate to separate it from the cases' cost.
        // The same quiet 10 s lets the JIT work off promotions queued during warm-up; how much it did is reported.
        var idleFrom = await StorageAsync(ct);
        var idleRuntimeFrom = await RuntimeAsync(ct);
        var idleClock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(10), ct);
        var idleRuntime = (await RuntimeAsync(ct)).Minus(idleRuntimeFrom);
        var idle = (await StorageAsync(ct)).Minus(idleFrom).Per(idleClock.Elapsed.TotalSeconds);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"[{engine}] idle 10 s after warm-up: host JIT {idleRuntime.JitMs:F0} ms of {idleRuntime.CpuMs:F0} ms CPU, {idleRuntime.JitMethods} methods compiled"));

        Console.WriteLine($"[{engine}] baseline: {cases} orchestrations of 5 no-op activities");
        var baselineFrom = await RuntimeAsync(ct);
        var baselineAzuriteFrom = azuriteCpuMs();
        var baseline = await BaselineAsync(cases, ct);
        var baselineAzuriteMs = azuriteCpuMs() - baselineAzuriteFrom;
        var baselineRuntime = (await RuntimeAsync(ct)).Minus(baselineFrom);
        Console.WriteLine($"[{engine}] baseline: {baseline.PerSecond:F1}/s ({baseline.Purged} instances purged before the cases)");

        ResetTracking();
        Console.WriteLine($"[{engine}] cases: {cases}");
        var load = Stopwatch.StartNew();
        var before = await StorageAsync(ct);
        var casesFrom = await RuntimeAsync(ct);
        var casesAzuriteFrom = azuriteCpuMs();
        var inboxBefore = inbox.Counts;
        var window = await RunCasesAsync(seed, 1, cases, ct);
        var inboxCounts = inbox.Counts.Since(inboxBefore);

        // The last cases still notify and audit after they are marked Determined; let that finish inside the window.
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        var casesRuntime = (await RuntimeAsync(ct)).Minus(casesFrom);
        var casesAzuriteMs = azuriteCpuMs() - casesAzuriteFrom;
        if (casesAzuriteMs <= 0)
        {
            // The host reused an Azurite it did not start (one already listening), so there is no child process to read.
            Console.WriteLine($"[{engine}] Azurite CPU not measured: the host has no Azurite child process.");
        }
        var after = await StorageAsync(ct);
        var loadSeconds = load.Elapsed.TotalSeconds;
        var gets = Interlocked.Read(ref _getCalls);

        // What one of the script's case reads costs, measured now that the system is quiet.
        const int Reads = 10;
        var getFrom = await StorageAsync(ct);
        var getClock = Stopwatch.StartNew();
        // No case determined (the run failed): nothing to calibrate against, and the result says so anyway.
        var getCost = new StorageCounts(0, 0, 0, 0, 0);
        if (_determined.Keys.FirstOrDefault() is { } someCase)
        {
            for (var i = 0; i < Reads; i++)
            {
                await http.GetFromJsonAsync<JsonObject>($"cases/{someCase}", ct);
            }

            getCost = (await StorageAsync(ct)).Minus(getFrom).Minus(idle.Times(getClock.Elapsed.TotalSeconds)).Per(Reads);
        }

        var latencies = _submitted.Keys.Where(_determined.ContainsKey)
            .Select(n => (_determined[n] - _submitted[n]).TotalMilliseconds).Order().ToArray();
        var waits = _reviewWaits.Order().ToArray();
        var peak = peaks();
        return new EndToEndResult
        {
            Engine = engine,
            Cases = cases,
            Determined = latencies.Length,
            Seconds = window.TotalSeconds,
            CasesPerSecond = window > TimeSpan.Zero ? latencies.Length / window.TotalSeconds : 0,
            P50Ms = NearestRank.Percentile(latencies, 0.50),
            P95Ms = NearestRank.Percentile(latencies, 0.95),
            P99Ms = NearestRank.Percentile(latencies, 0.99),
            Baseline = baseline,
            WarmUp = warmUp,
            IdleRuntime = idleRuntime,
            IdleSeconds = idleClock.Elapsed.TotalSeconds,
            BaselineRuntime = baselineRuntime,
            CasesRuntime = casesRuntime,
            StorageTotal = after.Minus(before),
            StorageIdlePerSecond = idle,
            StoragePerGetCall = getCost,
            StorageWindowSeconds = loadSeconds,
            GetCalls = gets,
            Fallbacks = Interlocked.Read(ref _fallbacks),
            ReviewWaitP50Ms = NearestRank.Percentile(waits, 0.50),
            ReviewWaitP95Ms = NearestRank.Percentile(waits, 0.95),
            ReviewWaitMaxMs = waits.Length == 0 ? 0 : waits[^1],
            Notices = new Dictionary<string, int>(_notices, StringComparer.Ordinal),
            StageP50Ms = Stages(),
            Inbox = inboxCounts,
            PeakHostBytes = peak.Host,
            PeakAzuriteBytes = peak.Azurite,
            CasesAzuriteCpuMs = casesAzuriteMs,
            BaselineAzuriteCpuMs = baselineAzuriteMs,
            Unexpected = new Dictionary<string, int>(_unexpected, StringComparer.Ordinal),
            NotDetermined = await NotDeterminedAsync(ct),
        };
    }

    /// <inheritdoc />
    public void Dispose() => _calls.Dispose();

    /// <summary>
    /// Runs warm-up rounds (<see cref="WarmUpRoundSize"/> cases, then as many baseline orchestrations, then a wait for the
    /// JIT to finish what they queued, see <see cref="MaxJitDrain"/>) until one in which
    /// the host's JIT took under <see cref="QuietJitShare"/> of the CPU the host used, or <see cref="MaxWarmUpRounds"/>.
    /// </summary>
    /// <returns>What each round cost the host.</returns>
    private async Task<IReadOnlyList<RuntimeCounts>> WarmUpAsync(string engine, string seed, CancellationToken ct)
    {
        var rounds = new List<RuntimeCounts>();
        for (var round = 0; round < MaxWarmUpRounds; round++)
        {
            var from = await RuntimeAsync(ct);
            await RunCasesAsync(seed, FirstWarmUpCase + (round * WarmUpRoundSize), WarmUpRoundSize, ct);
            await BaselineAsync(WarmUpRoundSize, ct);
            var drained = await DrainJitAsync(ct);
            var used = (await RuntimeAsync(ct)).Minus(from);
            rounds.Add(used);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"[{engine}] warm-up round {round + 1}: {WarmUpRoundSize} cases and {WarmUpRoundSize} baseline orchestrations, then {drained.TotalSeconds:F0} s for the JIT to go quiet; host JIT {used.JitMs:F0} ms of {used.CpuMs:F0} ms CPU ({used.JitShare:P1}), {used.JitMethods} methods compiled"));
            if (used.JitShare < QuietJitShare)
            {
                return rounds;
            }
        }

        Console.WriteLine($"[{engine}] warm-up: the JIT was still above {QuietJitShare:P0} of the host's CPU after {MaxWarmUpRounds} rounds; measuring anyway.");
        return rounds;
    }

    /// <summary>Where a case's time goes, stage by stage (medians over the cases that passed both ends; one clock, this machine's).</summary>
    private Dictionary<string, double> Stages()
    {
        var stages = new (string Name, Func<string, CaseProgress, DateTimeOffset?> From, Func<string, CaseProgress, DateTimeOffset?> To)[]
        {
            ("1 submitted → assignment notice read", (n, _) => _submitted.TryGetValue(n, out var t) ? t : null, (_, p) => p.NoticedAt),
            ("  (of which assignment step → notice read)", (_, p) => p.AssignedStepAt, (_, p) => p.NoticedAt),
            ("2 notice read → records/complete accepted", (_, p) => p.NoticedAt, (_, p) => p.RecordsAt),
            ("3 records/complete accepted → ReviewStarted notice read", (_, p) => p.RecordsAt, (_, p) => p.UnderReviewAt),
            ("4 ReviewStarted notice read → decision accepted", (_, p) => p.UnderReviewAt, (_, p) => p.DecidedAt),
            ("5 decision accepted → Determined (updatedAt)", (_, p) => p.DecidedAt, (n, _) => _determined.TryGetValue(n, out var t) ? t : null),
            ("6 Determined → determination notice read", (n, _) => _determined.TryGetValue(n, out var t) ? t : null, (_, p) => p.DeterminationNoticeAt),
        };
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, from, to) in stages)
        {
            var spans = _progress.Select(pair =>
            {
                lock (pair.Value)
                {
                    return from(pair.Key, pair.Value) is { } a && to(pair.Key, pair.Value) is { } b ? (b - a).TotalMilliseconds : (double?)null;
                }
            }).OfType<double>().Order().ToArray();
            result[name] = NearestRank.Percentile(spans, 0.5);
        }

        return result;
    }

    private void ResetTracking()
    {
        _submitted.Clear();
        _determined.Clear();
        _ended.Clear();
        _progress.Clear();
        _notices.Clear();
        _reviewWaits.Clear();
        Interlocked.Exchange(ref _getCalls, 0);
        Interlocked.Exchange(ref _fallbacks, 0);

        // Retries during warm-up (the JIT's busiest time) are not the measured run's.
        _unexpected.Clear();
    }

    /// <summary>Submits the cases while playing the parties from the notices; returns first submission to last letter.</summary>
    private async Task<TimeSpan> RunCasesAsync(string seed, int firstNumber, int count, CancellationToken ct)
    {
        var numbers = Enumerable.Range(firstNumber, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"CM13-{i:0000000}")).ToList();
        foreach (var number in numbers)
        {
            _progress[number] = new CaseProgress();
        }

        Touch();
        var submitting = SubmitAllAsync(seed, numbers, ct);
        var pending = new HashSet<string>(numbers, StringComparer.Ordinal);
        var work = new List<Task>();
        while (pending.Count > 0)
        {
            ct.ThrowIfCancellationRequested();
            await WaitForNoticeAsync(TimeSpan.FromSeconds(1), ct);
            while (inbox.Notices.TryRead(out var notice))
            {
                if (pending.Contains(notice.CaseNumber))
                {
                    Handle(notice, work, ct);
                }
            }

            // A case task that failed in a way it does not count (not an HTTP answer) ends the run with its error.
            if (work.Find(t => t.IsFaulted) is { } failed)
            {
                await failed;
            }

            if (submitting.IsFaulted)
            {
                await submitting;
            }

            work.RemoveAll(t => t.IsCompleted);
            pending.RemoveWhere(n => _determined.ContainsKey(n) || _ended.ContainsKey(n));
            if (pending.Count > 0 && Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastProgress)) > Stall)
            {
                await FallBackAsync(pending, work, ct);
            }
        }

        await submitting;
        await Task.WhenAll(work);
        var determined = numbers.Where(_determined.ContainsKey).ToList();
        return determined.Count == 0 ? TimeSpan.Zero : determined.Max(n => _determined[n]) - numbers.Min(n => _submitted[n]);
    }

    private async Task WaitForNoticeAsync(TimeSpan atMost, CancellationToken ct)
    {
        using var tick = CancellationTokenSource.CreateLinkedTokenSource(ct);
        tick.CancelAfter(atMost);
        try
        {
            await inbox.Notices.WaitToReadAsync(tick.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // No notice this second: time to look at the safety net.
        }
    }

    /// <summary>Acts on one notice of a case of this run; a duplicate (a retried step sends its notice again) changes nothing.</summary>
    private void Handle(Notice notice, List<Task> work, CancellationToken ct)
    {
        _notices.AddOrUpdate(notice.Kind, 1, (_, n) => n + 1);
        Touch();
        var progress = _progress[notice.CaseNumber];
        switch (notice.Kind)
        {
            case Notice.AssignmentNotice:
                if (notice.AssignmentToken is null)
                {
                    Count("AssignmentNotice without a credential");
                    return;
                }

                bool start;
                lock (progress)
                {
                    if (notice.Attempt <= progress.Attempt && progress.Token is not null)
                    {
                        return;
                    }

                    // A newer attempt (a reassignment) asks for the records again.
                    progress.NoticedAt ??= notice.ReceivedAt;
                    progress.AssignedStepAt ??= notice.StepAt;
                    progress.Attempt = notice.Attempt;
                    progress.Token = notice.AssignmentToken;
                    progress.RecordsCompleted = false;
                    start = !progress.Reviewing && !progress.Decided;
                    progress.Reviewing |= start;
                }

                if (start)
                {
                    work.Add(ReviewAsync(notice.CaseNumber, progress, ct));
                }

                break;
            case Notice.ReviewStarted:
                bool decide;
                lock (progress)
                {
                    progress.UnderReviewAt ??= notice.ReceivedAt;
                    decide = !progress.Decided && !progress.Deciding && progress.Token is not null;
                    progress.Deciding |= decide;
                }

                if (decide)
                {
                    work.Add(DecideOnNoticeAsync(notice.CaseNumber, progress, ct));
                }

                break;
            case Notice.Determination:
                lock (progress)
                {
                    progress.DeterminationNoticeAt ??= notice.ReceivedAt;
                    if (progress.Confirming || _determined.ContainsKey(notice.CaseNumber))
                    {
                        return;
                    }

                    progress.Confirming = true;
                }

                work.Add(ConfirmAsync(notice.CaseNumber, progress, ct));
                break;
            default:
                // NoticeOfAssignment (to the parties) and RecordsRequest come from the notice step, before a reviewer is
                // found; the reviewer's AssignmentNotice carries the credential, so it is the one acted on.
                break;
        }
    }

    /// <summary>
    /// Records complete, as the claims administrator; the decision follows the <c>ReviewStarted</c> notice. When the safety
    /// net found the case already under review (its notice lost), <paramref name="underReview"/> is that read, and the
    /// decision goes at once.
    /// </summary>
    private async Task ReviewAsync(string number, CaseProgress progress, CancellationToken ct, JsonObject? underReview = null)
    {
        try
        {
            if (underReview is not null)
            {
                await DecideAsync(number, underReview, progress, ct);
            }
            else
            {
                // On the assignment notice the reviewer states no conflict of interest (LC § 139.5), so the ReviewStarted
                // notice that follows the records is not held back for it.
                await StateNoConflictAsync(number, progress, ct);
                await CompleteRecordsAsync(number, progress, ct);
            }
        }
        catch (HttpRequestException e)
        {
            Count($"review {e.GetType().Name}");
        }
        finally
        {
            lock (progress)
            {
                progress.Reviewing = false;
            }
        }
    }

    private async Task StateNoConflictAsync(string number, CaseProgress progress, CancellationToken ct)
    {
        string? token;
        lock (progress)
        {
            token = progress.Token;
        }

        var stated = await PostAsync("conflict-statement", $"cases/{number}/conflict-statement", new JsonObject { ["noConflict"] = true, ["assignmentToken"] = token }.ToJsonString(), ct);
        if (stated != HttpStatusCode.Accepted)
        {
            Count($"conflict-statement {(int)stated}");
        }
    }

    /// <summary>On the <c>ReviewStarted</c> notice: the reviewer opens the case (one read) and decides.</summary>
    private async Task DecideOnNoticeAsync(string number, CaseProgress progress, CancellationToken ct)
    {
        try
        {
            var view = await GetCaseAsync(number, ct);
            var state = (string?)view["state"];
            if (state != "UnderReview")
            {
                Count($"ReviewStarted notice, case {state}");
                return;
            }

            DateTimeOffset? recordsAt;
            lock (progress)
            {
                recordsAt = progress.RecordsAt;
            }

            if (recordsAt is { } from)
            {
                _reviewWaits.Enqueue((DateTimeOffset.UtcNow - from).TotalMilliseconds);
            }

            await DecideAsync(number, view, progress, ct);
        }
        catch (HttpRequestException e)
        {
            Count($"decide {e.GetType().Name}");
        }
        finally
        {
            lock (progress)
            {
                progress.Deciding = false;
            }
        }
    }

    /// <summary>Posts records/complete unless it was accepted for the current attempt already; false when it is not accepted.</summary>
    private async Task<bool> CompleteRecordsAsync(string number, CaseProgress progress, CancellationToken ct)
    {
        int attempt;
        lock (progress)
        {
            if (progress.RecordsCompleted)
            {
                return true;
            }

            attempt = progress.Attempt;
        }

        var status = await PostAsync("records/complete", $"cases/{number}/records/complete", null, ct);
        if (status != HttpStatusCode.Accepted)
        {
            Count($"records/complete {(int)status}");
            return false;
        }

        lock (progress)
        {
            // A newer notice of assignment that arrived meanwhile asks for the records again: it stays unmarked.
            progress.RecordsCompleted = progress.Attempt == attempt;
            progress.RecordsAt = DateTimeOffset.UtcNow;
        }

        Touch();
        return true;
    }

    private async Task DecideAsync(string number, JsonObject view, CaseProgress progress, CancellationToken ct)
    {
        string? token;
        lock (progress)
        {
            token = progress.Token;
        }

        if (view["noConflictStatedAt"] is null)
        {
            // The reviewer states no conflict of interest first (LC § 139.5); the next poll decides.
            await StateNoConflictAsync(number, progress, ct);
            return;
        }

        var decision = new JsonObject
        {
            ["reviewerId"] = (string?)view["reviewerId"],
            ["assignmentToken"] = token,
            ["items"] = new JsonArray([.. view["items"]!.AsArray().Select(item => (JsonNode)new JsonObject
            {
                ["description"] = (string)item!,
                ["decision"] = "Upheld",
                ["guideline"] = "MTUS ACOEM Chapter 8 Neck and Upper Back Complaints",
                ["rationale"] = "The guideline does not recommend this without red-flag findings, and none are documented.",
            })]),
        };
        var status = await PostAsync("decision", $"cases/{number}/decision", decision.ToJsonString(), ct);
        if (status != HttpStatusCode.Accepted)
        {
            Count($"decision {(int)status}");
            return;
        }

        lock (progress)
        {
            progress.Decided = true;
            progress.DecidedAt = DateTimeOffset.UtcNow;
        }

        Touch();
    }

    /// <summary>On the determination notice: one read for the time the case was marked Determined.</summary>
    private async Task ConfirmAsync(string number, CaseProgress progress, CancellationToken ct)
    {
        try
        {
            var view = await GetCaseAsync(number, ct);
            if (!TakeEnd(number, view))
            {
                Count($"Determination notice, case {(string?)view["state"]}");
            }
        }
        catch (HttpRequestException e)
        {
            Count($"confirm {e.GetType().Name}");
        }
        finally
        {
            lock (progress)
            {
                progress.Confirming = false;
            }
        }
    }

    /// <summary>
    /// Nothing has happened for <see cref="Stall"/>: reads each waiting case once and takes it on from its state, including
    /// cases whose wait for UnderReview is running (their records event may be lost: records/complete is posted again). A
    /// case found in the same open state by two rounds in a row (with nothing done for it in between, for instance a lost
    /// notice of assignment, which leaves no credential) is given up and reported, so the run ends. A round that finds
    /// nothing to do does not count as progress, so the next round follows at once.
    /// </summary>
    private async Task FallBackAsync(HashSet<string> pending, List<Task> work, CancellationToken ct)
    {
        // A case with its determination read in flight is left to that read.
        var waiting = pending.Where(n =>
        {
            var p = _progress[n];
            lock (p)
            {
                return !p.Confirming;
            }
        }).ToList();
        Console.WriteLine($"  nothing happened for {Stall.TotalSeconds:F0} s: reading {waiting.Count} of {pending.Count} waiting cases once");
        var views = new ConcurrentDictionary<string, JsonObject>(StringComparer.Ordinal);
        await ForEachAsync(waiting, async (number, token) =>
        {
            Interlocked.Increment(ref _fallbacks);
            try
            {
                views[number] = await GetCaseAsync(number, token);
            }
            catch (Exception e) when (e is HttpRequestException or JsonException || (e is OperationCanceledException && !token.IsCancellationRequested))
            {
                // One unreadable case (after the retries) must not end the run: the next round reads it again.
                Count($"safety net read {e.GetType().Name}");
            }
        }, ct);
        var acted = false;
        foreach (var (number, view) in views)
        {
            if (TakeEnd(number, view))
            {
                acted = true;
                continue;
            }

            var state = (string?)view["state"];
            var progress = _progress[number];
            var credential = inbox.TokenFor(number);
            bool start;
            bool giveUp;
            var repost = false;
            lock (progress)
            {
                giveUp = progress.FallbackState == state;
                progress.FallbackState = state;
                progress.Token ??= credential;
                if (!giveUp && state == "UnderReview")
                {
                    progress.RecordsCompleted = true;
                }
                else if (!giveUp && state == "AwaitingRecords" && progress.Token is not null && !progress.Decided)
                {
                    // Still awaiting records a minute on: post them again.
                    progress.RecordsCompleted = false;
                    repost = true;
                }

                // Under review with no decision: its ReviewStarted notice was lost (or its decision failed), so decide now
                // from this read, unless a decision on the notice is in flight.
                start = !giveUp && state is ("AwaitingRecords" or "UnderReview") && progress.Token is not null && !progress.Decided &&
                    !progress.Reviewing && !(state == "UnderReview" && progress.Deciding);
                progress.Reviewing |= start;
            }

            if (giveUp && _ended.TryAdd(number, state ?? "?"))
            {
                Count($"given up by the safety net: {state}");
            }
            else if (start)
            {
                work.Add(ReviewAsync(number, progress, ct, state == "UnderReview" ? view : null));
            }

            acted |= start || repost;
        }

        pending.RemoveWhere(n => _determined.ContainsKey(n) || _ended.ContainsKey(n));
        if (acted)
        {
            Touch();
        }
    }

    /// <summary>Takes a Determined case's time (the row's update time is when the letter was stored) or another closed state; false when the case is open.</summary>
    private bool TakeEnd(string number, JsonObject view)
    {
        var state = (string?)view["state"];
        if (state == "Determined")
        {
            _determined[number] = DateTimeOffset.Parse((string)view["updatedAt"]!, CultureInfo.InvariantCulture);
            Touch();
            return true;
        }

        if (state is "Terminated" or "Rejected" or "Ineligible" && _ended.TryAdd(number, state))
        {
            Count($"ended {state}");
            return true;
        }

        return false;
    }

    private async Task SubmitAllAsync(string seed, List<string> numbers, CancellationToken ct) =>
        await ForEachAsync(numbers, async (number, token) =>
        {
            var body = seed.Replace("CM13-0000001", number, StringComparison.Ordinal);
            _submitted[number] = DateTimeOffset.UtcNow;
            using var response = await http.PostAsync("cases", Json(body), token);
            await Expect(response, HttpStatusCode.Accepted, "POST /cases");
            Touch();
        }, ct);

    /// <summary>One POST of the script (<paramref name="what"/> names it in the counts), retried on 5xx or no answer.</summary>
    private Task<HttpStatusCode> PostAsync(string what, string url, string? json, CancellationToken ct) =>
        RetryAsync(
            $"POST {what}",
            async token =>
            {
                using var body = json is null ? null : Json(json);
                using var response = await http.PostAsync(url, body, token);
                return response.StatusCode;
            },
            status => (int)status,
            ct);

    /// <summary>One counted read of one case (its storage cost is taken off the per-case figures), retried on failure.</summary>
    private Task<JsonObject> GetCaseAsync(string number, CancellationToken ct) =>
        RetryAsync(
            "GET case",
            async token =>
            {
                Interlocked.Increment(ref _getCalls);
                return await http.GetFromJsonAsync<JsonObject>($"cases/{number}", token) ?? throw new InvalidOperationException($"GET /cases/{number} returned nothing.");
            },
            _ => (int)HttpStatusCode.OK,
            ct);

    /// <summary>
    /// Runs one call (holding one of the <see cref="InFlight"/> slots) up to <see cref="Tries"/> times while it answers
    /// 5xx, throws <see cref="HttpRequestException"/> or times out; the last try's answer or error is the caller's.
    /// </summary>
    private async Task<T> RetryAsync<T>(string what, Func<CancellationToken, Task<T>> call, Func<T, int> statusOf, CancellationToken ct)
    {
        var pause = FirstRetry;
        for (var attempt = 1; ; attempt++)
        {
            string reason;
            await _calls.WaitAsync(ct);
            try
            {
                var result = await call(ct);
                var status = statusOf(result);
                if (status < 500 || attempt == Tries)
                {
                    return result;
                }

                reason = status.ToString(CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (attempt < Tries && (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested)))
            {
                reason = e is HttpRequestException { StatusCode: { } code } ? ((int)code).ToString(CultureInfo.InvariantCulture) : e.GetType().Name;
            }
            finally
            {
                _calls.Release();
            }

            Count($"retried {what} after {reason}");
            await Task.Delay(pause, ct);
            pause *= 2;
        }
    }

    private void Touch() => Interlocked.Exchange(ref _lastProgress, Stopwatch.GetTimestamp());

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

    /// <summary>Waits until a second passes with the host's JIT under <see cref="QuietJitShare"/> of it, or <see cref="MaxJitDrain"/>.</summary>
    /// <returns>How long it waited.</returns>
    private async Task<TimeSpan> DrainJitAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var last = await RuntimeAsync(ct);
        var lastAt = clock.Elapsed;
        while (clock.Elapsed < MaxJitDrain)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            var now = await RuntimeAsync(ct);
            var at = clock.Elapsed;
            if (now.JitMs - last.JitMs < QuietJitShare * (at - lastAt).TotalMilliseconds)
            {
                break;
            }

            (last, lastAt) = (now, at);
        }

        return clock.Elapsed;
    }

    private async Task<RuntimeCounts> RuntimeAsync(CancellationToken ct) =>
        await http.GetFromJsonAsync<RuntimeCounts>("benchmark/runtime", ct) ?? throw new InvalidOperationException("No runtime counters.");

    private async Task<StorageCounts> StorageAsync(CancellationToken ct) =>
        await http.GetFromJsonAsync<StorageCounts>("benchmark/storage-operations", ct) ?? throw new InvalidOperationException("No storage counts.");

    private void Count(string what) => _unexpected.AddOrUpdate(what, 1, (_, n) => n + 1);

    private static async Task ForEachAsync<T>(IEnumerable<T> items, Func<T, CancellationToken, Task> action, CancellationToken ct) =>
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = ct }, async (item, c) => await action(item, c));

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task Expect(HttpResponseMessage response, HttpStatusCode status, string what)
    {
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>What the script knows of one case; guarded by locking the instance.</summary>
    private sealed class CaseProgress
    {
        public int Attempt { get; set; }

        public DateTimeOffset? NoticedAt { get; set; }

        public DateTimeOffset? AssignedStepAt { get; set; }

        public DateTimeOffset? RecordsAt { get; set; }

        public DateTimeOffset? UnderReviewAt { get; set; }

        public DateTimeOffset? DecidedAt { get; set; }

        public DateTimeOffset? DeterminationNoticeAt { get; set; }

        public string? Token { get; set; }

        public bool RecordsCompleted { get; set; }

        public bool Decided { get; set; }

        public bool Reviewing { get; set; }

        /// <summary>A decision on the ReviewStarted notice is in flight.</summary>
        public bool Deciding { get; set; }

        public bool Confirming { get; set; }

        public string? FallbackState { get; set; }
    }
}
