using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Imr.Storage;

/// <summary>
/// Where the storage account is, read from the <c>ImrStorage</c> setting under the names the Functions storage extensions
/// use for the same connection (<c>Connection = "ImrStorage"</c> on the blob triggers), so one setting serves both:
/// <c>ImrStorage</c> itself is a connection string (Azurite, local development), or <c>ImrStorage__blobServiceUri</c>,
/// <c>__tableServiceUri</c> and <c>__queueServiceUri</c> name the endpoints for an Azure AD identity
/// (<c>ImrStorage__clientId</c> for a user-assigned one). No account key ever appears in code.
/// </summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "ImrStorage";

    /// <summary>A storage connection string, e.g. Azurite's: the value of the <c>ImrStorage</c> setting itself. When set it wins over the URIs.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The blob endpoint, e.g. https://account.blob.core.windows.net.</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>The table endpoint, e.g. https://account.table.core.windows.net.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>The queue endpoint, e.g. https://account.queue.core.windows.net.</summary>
    public Uri? QueueServiceUri { get; set; }

    /// <summary>The client id of a user-assigned managed identity; empty to let DefaultAzureCredential choose.</summary>
    public string? ClientId { get; set; }

    /// <summary>How many times the SDK retries a failed request (exponential back-off).</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>
    /// Binds the options from <paramref name="section"/> (the <c>ImrStorage</c> section): the connection string is its value,
    /// the endpoints and the rest its children. A child named <c>ConnectionString</c> is not read: the blob extension would not see it.
    /// </summary>
    public void Bind(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        section.Bind(this);
        ConnectionString = section.Value;
    }

    /// <summary>Checks that one way of connecting is configured; throws naming the missing settings when not.</summary>
    /// <exception cref="OptionsValidationException">No way of connecting is configured, or a setting is out of range.</exception>
    public void Validate()
    {
        var result = new Validator().Validate(Options.DefaultName, this);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(StorageOptions), result.Failures);
        }
    }

    /// <summary>Names what is missing or out of range: one way of connecting must be configured, and the retries bounded.</summary>
    public sealed class Validator : IValidateOptions<StorageOptions>
    {
        /// <inheritdoc />
        public ValidateOptionsResult Validate(string? name, StorageOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            var failures = new List<string>();
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                var missing = new List<string>();
                if (options.BlobServiceUri is null)
                {
                    missing.Add($"{SectionName}:{nameof(BlobServiceUri)}");
                }

                if (options.TableServiceUri is null)
                {
                    missing.Add($"{SectionName}:{nameof(TableServiceUri)}");
                }

                if (options.QueueServiceUri is null)
                {
                    missing.Add($"{SectionName}:{nameof(QueueServiceUri)}");
                }

                if (missing.Count == 3)
                {
                    failures.Add(
                        $"Storage is not configured: set {SectionName} to a connection string (Azurite) or " +
                        $"{SectionName}:{nameof(BlobServiceUri)}, {nameof(TableServiceUri)} and {nameof(QueueServiceUri)} (managed identity).");
                }
                else if (missing.Count > 0)
                {
                    failures.Add($"Storage is partly configured: {string.Join(", ", missing)} missing. Set all three service URIs, or {SectionName} to a connection string.");
                }
            }

            if (options.MaxRetries is < 0 or > 20)
            {
                failures.Add($"{SectionName}:{nameof(MaxRetries)} must be between 0 and 20; it is {options.MaxRetries}.");
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
