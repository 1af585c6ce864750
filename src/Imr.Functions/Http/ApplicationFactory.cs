using Imr.Workflow.Application;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Imr.Functions.Http;

/// <summary>
/// Makes application services for one invocation. In Functions the <see cref="DurableTaskClient"/> comes from the
/// <c>[DurableClient]</c> binding rather than from dependency injection, so it is handed in here, and every engine-bound
/// service the requested one needs (<see cref="ApplicationServices.EngineBoundServices"/>) is made with it too.
/// </summary>
public sealed class ApplicationFactory(IServiceProvider services)
{
    /// <summary>An application service that talks to the durable engine through <paramref name="client"/>.</summary>
    public T With<T>(DurableTaskClient client)
        where T : class => ActivatorUtilities.CreateInstance<T>(new InvocationServices(services, client));

    /// <summary>An application service that needs no durable client.</summary>
    public T Get<T>()
        where T : class => ActivatorUtilities.GetServiceOrCreateInstance<T>(services);

    /// <summary>The app's services, plus this invocation's client and the services made with it.</summary>
    private sealed class InvocationServices(IServiceProvider services, DurableTaskClient client) : IServiceProvider
    {
        public object? GetService(Type serviceType) =>
            serviceType == typeof(DurableTaskClient) ? client
            : ApplicationServices.EngineBoundServices.Contains(serviceType) ? ActivatorUtilities.CreateInstance(this, serviceType)
            : services.GetService(serviceType);
    }
}
