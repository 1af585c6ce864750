using BenchmarkDotNet.Attributes;
using Imr.Domain.Cases;
using Imr.Domain.Clock;

namespace Imr.Benchmarks;

/// <summary>
/// The deadline computation. The baseline adds the statutory days with plain date arithmetic (no time zone, no
/// holidays), so the ratio is the price of California time and the computed holiday calendar.
/// </summary>
[MemoryDiagnoser]
public class DeadlineBenchmarks
{
    private readonly DateTimeOffset _notice = new(2026, 12, 17, 17, 0, 0, TimeSpan.Zero);
    private readonly DateTimeOffset _received = new(2026, 11, 25, 17, 0, 0, TimeSpan.Zero);
    private readonly StatutoryClock _clock = StatutoryClock.Current;

    /// <summary>Baseline: calendar days only.</summary>
    [Benchmark(Baseline = true)]
    public DateTimeOffset PlainDays() => _notice.AddDays(15) + (_received.AddDays(30) - _received);

    /// <summary>All of a case's deadlines with reminders and escalations.</summary>
    [Benchmark]
    public CaseDeadlines Compute() => _clock.Compute(Priority.Standard, _notice, noticeWasElectronic: false, recordsReceived: _received);

    /// <summary>Five working days over Thanksgiving.</summary>
    [Benchmark]
    public DateTimeOffset AuthorizationDue() => _clock.AuthorizationDue(_received);
}
