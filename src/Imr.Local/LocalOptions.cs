using Imr.Workflow.Timing;
using Microsoft.Extensions.Options;

namespace Imr.Local;

/// <summary>Settings of the one-machine host, bound from the <c>ImrLocal</c> configuration section.</summary>
internal sealed class LocalOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "ImrLocal";

    /// <summary><c>azurestorage</c> (durable, on Azurite; the default) or <c>memory</c> (fast, forgets on exit).</summary>
    public string Engine { get; set; } = "azurestorage";

    /// <summary>The port of the HTTP API on 127.0.0.1.</summary>
    public int Port { get; set; } = 7071;

    /// <summary>The repository root (holds node_modules and .data); found by walking up from the working directory when unset.</summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>Where Azurite keeps its files; defaults to <c>.data/azurite</c> under the repository root.</summary>
    public string? AzuriteLocation { get; set; }

    /// <summary>Azurite's blob port; queue and table use the next two.</summary>
    public int AzuriteBlobPort { get; set; } = 10000;

    /// <summary>The durable task hub name (Azure Storage engine).</summary>
    public string TaskHub { get; set; } = "imrlocal";

    /// <summary>
    /// Where the Azure Storage engine keeps its task hub: <c>shared</c> (the default: in the application's storage) or
    /// <c>separate</c> (a second Azurite that this host starts, on the three ports after <see cref="AzuriteBlobPort"/>).
    /// The Functions app has the same two connections (AzureWebJobsStorage for the task hub, ImrStorage for the data).
    /// </summary>
    public string TaskHubStorage { get; set; } = SharedTaskHubStorage;

    /// <summary>The task hub's own storage account, when it is not the application's (overrides <see cref="TaskHubStorage"/>).</summary>
    public string? TaskHubConnectionString { get; set; }

    /// <summary>The task hub lives in the application's storage.</summary>
    public const string SharedTaskHubStorage = "shared";

    /// <summary>The task hub lives in a second Azurite of its own.</summary>
    public const string SeparateTaskHubStorage = "separate";

    /// <summary>True when this host should start a second Azurite for the task hub.</summary>
    public bool StartsTaskHubAzurite =>
        !UsesMemoryEngine && string.IsNullOrWhiteSpace(TaskHubConnectionString)
        && string.Equals(TaskHubStorage, SeparateTaskHubStorage, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// How long a dequeued orchestration or activity message stays invisible. The library default is 5 minutes, which is
    /// how long a case would stall after a crash; 15 s lets a restarted host pick its work up quickly.
    /// </summary>
    public TimeSpan QueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the intake and records containers are polled.</summary>
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the escalation sweep runs (Functions uses <c>IMR_ESCALATION_SCHEDULE</c>).</summary>
    public TimeSpan EscalationInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How many orchestration work items (episodes) the engine's dispatcher runs at once, on either engine. The in-memory
    /// service would otherwise allow only the processor count, and its dispatcher sleeps 500 ms whenever that many are
    /// running: under one orchestration a second on 2 cores (docs/benchmarks.md).
    /// </summary>
    public int MaxConcurrentOrchestrations { get; set; } = DefaultMaxConcurrentOrchestrations;

    /// <summary>
    /// How many activities the engine's dispatcher runs at once, on either engine. Activities mostly wait on storage, so
    /// this is well above the core count; the Azure Storage provider's own default is 10.
    /// </summary>
    public int MaxConcurrentActivities { get; set; } = DefaultMaxConcurrentActivities;

    /// <summary>The default of <see cref="MaxConcurrentOrchestrations"/>.</summary>
    public const int DefaultMaxConcurrentOrchestrations = 100;

    /// <summary>The default of <see cref="MaxConcurrentActivities"/>.</summary>
    public const int DefaultMaxConcurrentActivities = 100;

    /// <summary>The largest concurrency limit accepted; beyond it a typo is likelier than a need.</summary>
    public const int ConcurrencyCeiling = 10_000;

    /// <summary>True for the in-memory engine.</summary>
    public bool UsesMemoryEngine => string.Equals(Engine, "memory", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every setting that is out of range, as "ImrLocal:Name: reason" (empty when all are usable).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!UsesMemoryEngine && !string.Equals(Engine, "azurestorage", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{Section}:{nameof(Engine)}: unknown engine '{Engine}': use --engine azurestorage (the default) or --engine memory.");
        }

        CheckLimit(problems, nameof(MaxConcurrentOrchestrations), MaxConcurrentOrchestrations);
        CheckLimit(problems, nameof(MaxConcurrentActivities), MaxConcurrentActivities);
        if (!string.Equals(TaskHubStorage, SharedTaskHubStorage, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(TaskHubStorage, SeparateTaskHubStorage, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{Section}:{nameof(TaskHubStorage)}: '{TaskHubStorage}' is neither '{SharedTaskHubStorage}' nor '{SeparateTaskHubStorage}'.");
        }

        if (QueueVisibilityTimeout < TimeSpan.FromSeconds(1) || QueueVisibilityTimeout > TimeSpan.FromDays(7))
        {
            problems.Add($"{Section}:{nameof(QueueVisibilityTimeout)}: {QueueVisibilityTimeout} is outside 00:00:01 to 7.00:00:00 (Azure Storage queue limits).");
        }

        // Workflow 1.2 sets a timer for a deadline only once the sweep has said it is within the timer horizon, so the
        // sweep must come round several times within it (docs/workflow.md, "Timers").
        var horizon = WorkflowTiming.RealTime.TimerHorizon;
        if (EscalationInterval <= TimeSpan.Zero || EscalationInterval > horizon / 2)
        {
            problems.Add($"{Section}:{nameof(EscalationInterval)}: {EscalationInterval} is outside 00:00:00 (exclusive) to {horizon / 2} (half the timer horizon, so a deadline is announced before it falls due).");
        }

        return problems;
    }

    /// <summary>
    /// Binds the settings from the <c>ImrLocal</c> section and checks them with <see cref="Validator"/>, as the options
    /// pipeline does: the host's composition (ports, engine, Azurite) needs them before its container exists.
    /// </summary>
    /// <exception cref="OptionsValidationException">A setting is out of range; the message names every one.</exception>
    public static LocalOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new LocalOptions();
        configuration.GetSection(Section).Bind(options);
        var result = new Validator().Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
        return result.Failed ? throw new OptionsValidationException(Section, typeof(LocalOptions), result.Failures) : options;
    }

    /// <summary>Registers the settings for the host's services, bound from the <c>ImrLocal</c> section and checked on start.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<LocalOptions>, Validator>();
        services.AddOptions<LocalOptions>().BindConfiguration(Section).ValidateOnStart();
    }

    /// <summary>Names every setting that is out of range (<see cref="Problems"/>).</summary>
    internal sealed class Validator : IValidateOptions<LocalOptions>
    {
        /// <inheritdoc />
        public ValidateOptionsResult Validate(string? name, LocalOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            var problems = options.Problems();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }

    private static void CheckLimit(List<string> problems, string name, int value)
    {
        if (value is < 1 or > ConcurrencyCeiling)
        {
            problems.Add($"{Section}:{name}: {value} is outside 1 to {ConcurrencyCeiling} (work items the engine runs at once).");
        }
    }
}
