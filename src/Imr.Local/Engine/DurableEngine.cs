using System.Net;
using System.Net.Sockets;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;

namespace Imr.Local.Engine;

/// <summary>
/// The durable engine on one machine: the Durable Task gRPC sidecar (<see cref="TaskHubGrpcServer"/>) in this process,
/// over either the Azure Storage provider on Azurite (the provider Durable Functions uses in Azure) or the in-memory one.
/// The worker and client are the ordinary gRPC ones, so the workflow runs exactly as it does under Functions.
/// </summary>
internal static class DurableEngine
{
    /// <summary>
    /// Registers the orchestration service, the sidecar on its own HTTP/2 port, and the worker and client. The task hub's
    /// connection string is needed by the Azure Storage engine only.
    /// </summary>
    /// <returns>The sidecar's port.</returns>
    public static int AddDurableEngine(
        this WebApplicationBuilder builder,
        LocalOptions options,
        string? taskHubConnectionString,
        Action<DurableTaskRegistry> registerTasks)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var services = builder.Services;
        if (options.UsesMemoryEngine)
        {
            services.AddSingleton<InMemoryOrchestrationService>(sp => new InMemoryEngineService(
                sp.GetRequiredService<ILoggerFactory>(), options.MaxConcurrentOrchestrations, options.MaxConcurrentActivities));
            services.AddSingleton<IOrchestrationService>(sp => sp.GetRequiredService<InMemoryOrchestrationService>());
            services.AddSingleton<IOrchestrationServiceClient>(sp => sp.GetRequiredService<InMemoryOrchestrationService>());
        }
        else
        {
            var connection = !string.IsNullOrWhiteSpace(taskHubConnectionString) ? taskHubConnectionString
                : throw new InvalidOperationException("The Azure Storage engine needs a connection string: ImrStorage or ImrLocal:TaskHubConnectionString.");
            services.AddSingleton(sp => new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
            {
                StorageAccountClientProvider = new StorageAccountClientProvider(connection),
                TaskHubName = options.TaskHub,
                ControlQueueVisibilityTimeout = options.QueueVisibilityTimeout,
                WorkItemQueueVisibilityTimeout = options.QueueVisibilityTimeout,
                PartitionCount = 1,
                MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
                MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
                MaxQueuePollingInterval = TimeSpan.FromSeconds(1),

                // The partition lease's read-and-write can take longer than the 2 s default on a busy Azurite, and each
                // timeout is retried at once, which only adds load.
                PartitionTableOperationTimeout = TimeSpan.FromSeconds(10),
                LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
            }));
            services.AddSingleton<IOrchestrationService>(sp => new WorkItemLockRenewal(
                sp.GetRequiredService<AzureStorageOrchestrationService>(), options.QueueVisibilityTimeout, sp.GetRequiredService<ILogger<WorkItemLockRenewal>>()));
            services.AddSingleton<IOrchestrationServiceClient>(sp => sp.GetRequiredService<AzureStorageOrchestrationService>());
        }

        // Registered before the worker so the task hub exists before anything polls it.
        services.AddHostedService<TaskHubProvisioning>();
        services.AddSingleton<TaskHubGrpcServer>();
        services.AddGrpc();

        var grpcPort = FreeLoopbackPort();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, grpcPort, listen => listen.Protocols = HttpProtocols.Http2));

        // The channel connects lazily, so it can be made before the sidecar listens.
        var channel = GrpcChannel.ForAddress(new Uri($"http://127.0.0.1:{grpcPort}"));
        services.AddSingleton(channel);
        services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(registerTasks);
            worker.UseGrpc(channel);

            // The rule host.json gives the Functions app: this worker runs cases of its version or older, none newer.
            worker.UseVersioning(Imr.Workflow.CaseWorkflowRegistration.WorkerVersioning());

            // The worker takes at least as many work items as the engine hands out (its default is 100 per core).
            worker.Configure(settings =>
            {
                settings.Concurrency.MaximumConcurrentOrchestrationWorkItems =
                    Math.Max(settings.Concurrency.MaximumConcurrentOrchestrationWorkItems, options.MaxConcurrentOrchestrations);
                settings.Concurrency.MaximumConcurrentActivityWorkItems =
                    Math.Max(settings.Concurrency.MaximumConcurrentActivityWorkItems, options.MaxConcurrentActivities);
            });
        });
        services.AddDurableTaskClient(client =>
        {
            client.UseGrpc(channel);
            client.RegisterDirectly();
        });
        return grpcPort;
    }

    /// <summary>Maps the sidecar's gRPC service to its own port only.</summary>
    public static void MapDurableEngine(this WebApplication app, int grpcPort) =>
        app.MapGrpcService<TaskHubGrpcServer>().RequireHost($"*:{grpcPort}");

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Creates the task hub's queues and tables (idempotent) before the sidecar starts dispatching.</summary>
internal sealed class TaskHubProvisioning(IOrchestrationService service, EngineReadiness readiness) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await service.CreateIfNotExistsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        readiness.TaskHubReady = true;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>What <c>GET /health</c> reports: whether storage and the engine are ready.</summary>
internal sealed class EngineReadiness
{
    /// <summary>Storage containers, tables and queues exist.</summary>
    public volatile bool StorageReady;

    /// <summary>The task hub exists.</summary>
    public volatile bool TaskHubReady;
}
