using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Imr.Domain.Cases;
using Imr.Workflow.Ports;

namespace Imr.Storage;

/// <summary>
/// Allocates <c>CMyy-nnnnnnn</c> from a counter row per year in the <c>CaseNumbers</c> table (PartitionKey <c>CMyy</c>).
/// Each allocation is one entity-group transaction: the counter moves by one under If-Match, and a claim row for the
/// number is inserted. A lost race (412) is retried; the claim row lets a caller whose reply was lost (and whose SDK
/// retry then got 412) recognise its own number, so no number is skipped or handed out twice.
/// </summary>
public sealed class TableCaseNumberAllocator : ICaseNumberAllocator
{
    /// <summary>How often an allocation is retried after losing a race before giving up.</summary>
    public const int MaxAttempts = 200;

    private const string CounterRowKey = "counter";
    private const string LastColumn = "Last";
    private const int MaxSequence = 9_999_999;

    private readonly TableClient numbers;

    /// <summary>Creates the allocator over the account's table service.</summary>
    public TableCaseNumberAllocator(StorageClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        numbers = clients.Tables.GetTableClient(StorageNames.CaseNumbersTable);
    }

    /// <inheritdoc />
    public async Task<CaseNumber> AllocateAsync(int twoDigitYear, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(twoDigitYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(twoDigitYear, 99);
        var partition = string.Create(CultureInfo.InvariantCulture, $"CM{twoDigitYear:00}");
        var claim = Guid.NewGuid().ToString("N");

        for (var attempt = 1; ; attempt++)
        {
            var counter = await numbers.GetEntityIfExistsAsync<TableEntity>(partition, CounterRowKey, cancellationToken: cancellationToken);
            var last = counter.HasValue ? counter.Value!.GetInt32(LastColumn) ?? 0 : 0;
            if (last >= MaxSequence)
            {
                throw new InvalidOperationException($"Case numbers for year {twoDigitYear:00} are exhausted ({MaxSequence} issued).");
            }

            var next = last + 1;
            var counterRow = new TableEntity(partition, CounterRowKey) { [LastColumn] = next };
            TableTransactionAction[] actions =
            [
                counter.HasValue
                    ? new(TableTransactionActionType.UpdateMerge, counterRow, counter.Value!.ETag)
                    : new(TableTransactionActionType.Add, counterRow),
                new(TableTransactionActionType.Add, new TableEntity(partition, ClaimRowKey(next)) { ["Claim"] = claim }),
            ];
            try
            {
                await numbers.SubmitTransactionAsync(actions, cancellationToken);
                return CaseNumber.Create(twoDigitYear, next);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
            {
                if (await IsOurClaimAsync(partition, next, claim, cancellationToken))
                {
                    return CaseNumber.Create(twoDigitYear, next);
                }

                if (attempt >= MaxAttempts)
                {
                    throw new ConcurrencyConflictException($"Case number allocation for year {twoDigitYear:00} kept losing races; gave up after {MaxAttempts} attempts.", e);
                }

                await Task.Delay(Backoff.Jittered(attempt, 5, 200), cancellationToken);
            }
        }
    }

    private static string ClaimRowKey(int sequence) => sequence.ToString("D7", CultureInfo.InvariantCulture);

    private async Task<bool> IsOurClaimAsync(string partition, int sequence, string claim, CancellationToken cancellationToken)
    {
        var row = await numbers.GetEntityIfExistsAsync<TableEntity>(partition, ClaimRowKey(sequence), cancellationToken: cancellationToken);
        return row.HasValue && row.Value!.GetString("Claim") == claim;
    }
}
