using Imr.Workflow.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Imr.Storage;

/// <summary>Registers the Blob, Table and Queue implementations of the workflow's storage ports.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="StorageOptions"/> from the <c>ImrStorage</c> setting (<see cref="StorageOptions.Bind"/>), and registers the clients, the operation counter,
    /// every port implementation (singletons: the SDK clients are thread-safe) and a hosted service that creates the containers,
    /// tables and queue at start-up. The host refuses to start (<see cref="OptionsValidationException"/>) when neither a
    /// connection string nor the service URIs are configured.
    /// </summary>
    public static IServiceCollection AddImrStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // Bound from the one ImrStorage section and checked when the host starts, naming what is missing.
        services.AddOptions<StorageOptions>()
            .Configure(options => options.Bind(configuration.GetSection(StorageOptions.SectionName)))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptions.Validator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value);
        services.AddSingleton<StorageOperationCounter>();
        services.AddSingleton(sp => StorageClients.Create(sp.GetRequiredService<StorageOptions>(), sp.GetRequiredService<StorageOperationCounter>()));
        services.AddSingleton<StorageInitializer>();
        // First of all hosted services: hosts start them in order, and the Functions worker registers its own (which
        // starts taking invocations) before this runs. The layout move must finish before any trigger reads a claim.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, StorageInitializerHostedService>());

        services.AddSingleton<BlobCaseFileStore>();
        services.AddSingleton<ICaseFileStore>(sp => sp.GetRequiredService<BlobCaseFileStore>());
        services.AddSingleton<IDeterminationStore, BlobDeterminationStore>();
        services.AddSingleton<ICaseIndex, TableCaseIndex>();
        services.AddSingleton<TableReviewerRegistry>();
        services.AddSingleton<IReviewerRegistry>(sp => sp.GetRequiredService<TableReviewerRegistry>());
        services.AddSingleton<IAuditTrail, TableAuditTrail>();
        services.AddSingleton<ICaseNumberAllocator, TableCaseNumberAllocator>();
        services.AddSingleton<IIdempotencyRecords, TableIdempotencyRecords>();
        services.AddSingleton<IConsolidationRegister, TableConsolidationRegister>();
        services.AddSingleton<INotificationQueue, QueueNotificationQueue>();
        services.AddSingleton<IStorageReadiness, StorageReadiness>();
        return services;
    }
}
