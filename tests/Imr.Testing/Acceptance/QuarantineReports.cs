using Azure.Storage.Blobs;

namespace Imr.Testing.Acceptance;

/// <summary>Waits for refused intake files to reach the quarantine container with their error reports.</summary>
public static class QuarantineReports
{
    /// <summary>
    /// Polls until every source has a quarantined copy and a report beside it, or the timeout passes; returns the reports found
    /// (keyed by source), so the caller asserts on what is missing. Quarantine names keep the source's stem with a content hash added.
    /// </summary>
    public static async Task<Dictionary<string, string>> WaitAsync(BlobContainerClient quarantine, IReadOnlyList<string> sources, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var reports = new Dictionary<string, string>();
        while (true)
        {
            var names = new List<string>();
            if (await quarantine.ExistsAsync())
            {
                await foreach (var blob in quarantine.GetBlobsAsync())
                {
                    names.Add(blob.Name);
                }
            }

            foreach (var source in sources.Where(s => !reports.ContainsKey(s)))
            {
                var stem = Path.GetFileNameWithoutExtension(source);
                var mine = names.Where(n => n.Contains(stem, StringComparison.Ordinal)).ToList();
                var reportName = mine.FirstOrDefault(n => n.EndsWith(".error.json", StringComparison.Ordinal));
                if (reportName is not null && mine.Count >= 2)
                {
                    reports[source] = (await quarantine.GetBlobClient(reportName).DownloadContentAsync()).Value.Content.ToString();
                }
            }

            if (reports.Count == sources.Count || DateTime.UtcNow >= deadline)
            {
                return reports;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}
