using System.Globalization;

namespace Imr.Benchmarks.EndToEnd;

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
