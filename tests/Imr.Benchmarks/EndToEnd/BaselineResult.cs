namespace Imr.Benchmarks.EndToEnd;

/// <summary>What the host's baseline hook reports.</summary>
public sealed record BaselineResult(int Count, int Activities, double ScheduleSeconds, double ElapsedSeconds, double PerSecond, double P50Ms, double P95Ms, double P99Ms, int Purged);
