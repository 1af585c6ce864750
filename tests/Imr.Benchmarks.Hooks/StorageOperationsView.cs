using Imr.Storage;

namespace Imr.Benchmarks.Hooks;

/// <summary>Storage operation counts as JSON: totals by service and by "Service METHOD".</summary>
internal sealed record StorageOperationsView(long Total, long Blob, long Table, long Queue, long Other, IReadOnlyDictionary<string, long> ByMethod)
{
    private static readonly string[] Methods = ["GET", "HEAD", "PUT", "POST", "DELETE", "PATCH", "MERGE"];

    /// <summary>Converts a snapshot.</summary>
    public static StorageOperationsView Of(StorageOperationCounts counts)
    {
        var byMethod = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var service in Enum.GetValues<StorageService>())
        {
            foreach (var method in Methods)
            {
                if (counts.For(service, method) is var n and > 0)
                {
                    byMethod[$"{service} {method}"] = n;
                }
            }
        }

        return new(counts.Total, counts.For(StorageService.Blob), counts.For(StorageService.Table), counts.For(StorageService.Queue),
            counts.For(StorageService.Other), byMethod);
    }
}
