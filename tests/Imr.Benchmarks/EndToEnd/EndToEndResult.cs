namespace Imr.Benchmarks.EndToEnd;

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

    /// <summary>What each warm-up round cost the host; the last is the first in which the JIT was quiet, unless all the rounds ran.</summary>
    public required IReadOnlyList<RuntimeCounts> WarmUp { get; init; }

    /// <summary>The host's runtime counters across the 10 quiet seconds between warm-up and the baseline.</summary>
    public required RuntimeCounts IdleRuntime { get; init; }

    /// <summary>The host's runtime counters across the measured baseline call (the hook's scheduling and its purge included).</summary>
    public required RuntimeCounts BaselineRuntime { get; init; }

    /// <summary>The host's runtime counters across the measured cases, from the first submission to 5 s after the last letter.</summary>
    public required RuntimeCounts CasesRuntime { get; init; }

    /// <summary>Warm-up rounds run before measuring.</summary>
    public int WarmUpRounds => WarmUp.Count;

    /// <summary>Host CPU milliseconds per baseline orchestration.</summary>
    public double BaselineHostCpuMsEach => BaselineRuntime.CpuMs / Baseline.Count;

    /// <summary>Length of the idle measurement, for the host's background CPU rate.</summary>
    public required double IdleSeconds { get; init; }

    /// <summary>
    /// Host CPU milliseconds per case submitted: the cases' window less the host's idle rate (the blob watchers) over
    /// the window. Serving the script's case reads is included, as the hook's scheduling and purge are in the baseline's.
    /// </summary>
    public double CaseHostCpuMs =>
        (CasesRuntime.CpuMs - (IdleSeconds > 0 ? IdleRuntime.CpuMs / IdleSeconds * StorageWindowSeconds : 0)) / Cases;

    /// <summary>Host JIT milliseconds during the measured baseline.</summary>
    public double BaselineJitMs => BaselineRuntime.JitMs;

    /// <summary>Host JIT milliseconds during the measured cases.</summary>
    public double CasesJitMs => CasesRuntime.JitMs;

    /// <summary>Bytes the host allocated per baseline orchestration.</summary>
    public double BaselineAllocatedBytesEach => (double)BaselineRuntime.AllocatedBytes / Baseline.Count;

    /// <summary>Bytes the host allocated per case submitted.</summary>
    public double CaseAllocatedBytes => (double)CasesRuntime.AllocatedBytes / Cases;

    /// <summary>Application storage operations while the cases ran (the script's reads and the watchers included).</summary>
    public required StorageCounts StorageTotal { get; init; }

    /// <summary>Background operations per second with no cases running (blob watchers).</summary>
    public required StorageCounts StorageIdlePerSecond { get; init; }

    /// <summary>Operations per single-case read of the scripted reviewer.</summary>
    public required StorageCounts StoragePerGetCall { get; init; }

    /// <summary>How long the storage window was open.</summary>
    public required double StorageWindowSeconds { get; init; }

    /// <summary>
    /// Single-case reads the script made: waiting for UnderReview after records/complete, one on each determination
    /// notice, and the safety net's. It makes no list calls.
    /// </summary>
    public required long GetCalls { get; init; }

    /// <summary>Case reads the safety net made because nothing had happened for a minute (one per waiting case per round, so not distinct cases); 0 in a sound run.</summary>
    public required long Fallbacks { get; init; }

    /// <summary>From records/complete accepted to the read that found the case UnderReview, median (read at back-off intervals).</summary>
    public required double ReviewWaitP50Ms { get; init; }

    /// <summary>The same, 95th percentile.</summary>
    public required double ReviewWaitP95Ms { get; init; }

    /// <summary>The same, longest.</summary>
    public required double ReviewWaitMaxMs { get; init; }

    /// <summary>Notices received for the run's cases, by kind (duplicates included).</summary>
    public required IReadOnlyDictionary<string, int> Notices { get; init; }


    /// <summary>What the inbox's receiver did while the cases ran.</summary>
    public required InboxCounts Inbox { get; init; }

    /// <summary>Median time of each stage of a case, from the script's view (see <c>CaseLoad.Stages</c>).</summary>
    public required IReadOnlyDictionary<string, double> StageP50Ms { get; init; }

    /// <summary>Peak resident set of Imr.Local.</summary>
    public required long PeakHostBytes { get; init; }

    /// <summary>Peak resident set of its Azurite.</summary>
    public required long PeakAzuriteBytes { get; init; }

    /// <summary>CPU time of the Azurites over the cases' window (the script's queue reads and deletes included), in ms.</summary>
    public required double CasesAzuriteCpuMs { get; init; }

    /// <summary>CPU time of the Azurites while the baseline ran (the task hub's storage on Azure Storage), in ms.</summary>
    public required double BaselineAzuriteCpuMs { get; init; }

    /// <summary>Azurite CPU a case, in ms.</summary>
    public double CaseAzuriteCpuMs => Determined == 0 ? 0 : CasesAzuriteCpuMs / Determined;

    /// <summary>Azurite CPU a baseline orchestration, in ms.</summary>
    public double BaselineAzuriteCpuMsEach => Baseline.Count == 0 ? 0 : BaselineAzuriteCpuMs / Baseline.Count;

    /// <summary>Answers the scripted reviewer did not expect, by call and status.</summary>
    public required IReadOnlyDictionary<string, int> Unexpected { get; init; }

    /// <summary>Cases not determined at the end, by state.</summary>
    public required IReadOnlyDictionary<string, int> NotDetermined { get; init; }

    /// <summary>Case throughput over baseline throughput.</summary>
    public double Ratio => CasesPerSecond / Baseline.PerSecond;

    /// <summary>The script's single-case reads per case submitted.</summary>
    public double GetsPerCase => (double)GetCalls / Cases;

    /// <summary>
    /// Storage operations per case by the workflow and the write API: the window's total less the background rate and
    /// the script's case reads (at the cost per read calibrated after the run).
    /// </summary>
    public StorageCounts StoragePerCase =>
        StorageTotal.Minus(StorageIdlePerSecond.Times(StorageWindowSeconds)).Minus(StoragePerGetCall.Times(GetCalls)).Per(Cases);
}
