using System.Collections.Concurrent;
using Imr.Domain.Cases;
using Imr.Workflow.Ports;

namespace Imr.Storage;

/// <summary>
/// Copies of write-once blobs this process has read or written, by case, up to a total size; the oldest go first.
/// A write-once blob never changes once it exists, so a copy never goes stale; a missing blob is never remembered.
/// </summary>
internal sealed class WriteOnceCache(long maxBytes)
{
    private readonly ConcurrentDictionary<CaseNumber, StoredContent> entries = new();
    private readonly Queue<CaseNumber> order = new();
    private readonly object gate = new();
    private long bytes;

    public bool TryGet(CaseNumber caseNumber, out StoredContent content) => entries.TryGetValue(caseNumber, out content!);

    public void Remember(CaseNumber caseNumber, StoredContent content)
    {
        if (content.Content.Length > maxBytes)
        {
            return;
        }

        lock (gate)
        {
            if (!entries.TryAdd(caseNumber, content))
            {
                return;
            }

            order.Enqueue(caseNumber);
            bytes += content.Content.Length;
            while (bytes > maxBytes && order.TryDequeue(out var oldest))
            {
                if (entries.TryRemove(oldest, out var removed))
                {
                    bytes -= removed.Content.Length;
                }
            }
        }
    }
}
