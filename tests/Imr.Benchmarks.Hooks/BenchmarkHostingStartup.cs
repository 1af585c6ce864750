using Imr.Benchmarks.Hooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

[assembly: HostingStartup(typeof(BenchmarkHostingStartup))]

namespace Imr.Benchmarks.Hooks;

/// <summary>
/// What the end-to-end benchmark (tests/Imr.Benchmarks) needs inside Imr.Local, added from outside as an ASP.NET Core
/// hosting startup (<c>ASPNETCORE_HOSTINGSTARTUPASSEMBLIES=Imr.Benchmarks.Hooks</c>, see <see cref="BenchmarkHookActivation"/>):
/// a bare baseline orchestration on the same engine, the storage operation counts, and the host's own runtime counters.
/// Imr.Local itself holds no benchmark code.
/// </summary>
internal sealed class BenchmarkHostingStartup : IHostingStartup
{
    /// <inheritdoc />
    public void Configure(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<BaselineTracker>();

            // The worker's registry is an options object (AddDurableTaskWorker's AddTasks configures the same one), so
            // the baseline joins the host's own orchestrations on the default worker.
            services.Configure<DurableTaskRegistry>(registry =>
            {
                registry.AddOrchestrator<BaselineOrchestration>();
                registry.AddActivity<NoOpActivity>();
            });
            services.AddTransient<IStartupFilter, BenchmarkRoutes>();
        });
    }
}
