using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Imr.Functions.Http;

/// <summary>
/// Makes application services for one invocation. In Functions the <see cref="DurableTaskClient"/> comes from the
/// <c>[DurableClient]</c> binding rather than from dependency injection, so it is handed in here.
/// </summary>
public sealed class ApplicationFactory(IServiceProvider services)
{
    /// <summary>An application service that talks to the durable engine through <paramref name="client"/>.</summary>
    public T With<T>(DurableTaskClient client)
        where T : class => ActivatorUtilities.CreateInstance<T>(services, client);

    /// <summary>An application service that needs no durable client.</summary>
    public T Get<T>()
        where T : class => ActivatorUtilities.GetServiceOrCreateInstance<T>(services);
}
