namespace Imr.Functions.Tests.Deployment;

/// <summary>
/// Compiles infra/main.bicep once and evaluates it for the scenarios the tests look at. Creating it fails, and so
/// fails every test in the collection, when the bicep CLI is missing.
/// </summary>
public sealed class InfrastructureFixture : IDisposable
{
    /// <summary>Object id used as the deploying user in the operator scenario.</summary>
    public const string OperatorPrincipalId = "11111111-2222-3333-4444-555555555555";

    /// <summary>The Entra ID app registration the operator scenario signs users in with.</summary>
    public const string OperatorEntraClientId = "66666666-7777-8888-9999-000000000000";

    private readonly DirectoryInfo _workFolder = Directory.CreateTempSubdirectory("imr-bicep-");
    private readonly Lazy<DeploymentSnapshot> _minimal;
    private readonly Lazy<DeploymentSnapshot> _operator;

    /// <summary>Locates bicep and builds main.bicep to ARM JSON.</summary>
    public InfrastructureFixture()
    {
        Bicep = BicepCli.Locate();
        var armFile = Path.Combine(_workFolder.FullName, "main.json");
        Build = Bicep.Run(RepositoryLayout.Infra, "build", Path.Combine(RepositoryLayout.Infra, "main.bicep"), "--outfile", armFile);
        Template = Build.ExitCode == 0 && File.Exists(armFile)
            ? CompiledTemplate.Parse(File.ReadAllText(armFile))
            : throw new InvalidOperationException("infra/main.bicep does not compile.\n" + Build.Describe());

        // What azd passes on a first `azd up` without overrides.
        _minimal = new(() => DeploymentSnapshot.Create(Bicep, _workFolder.FullName, "minimal", new Dictionary<string, object>
        {
            ["environmentName"] = "ci",
            ["location"] = "eastus2",
            ["principalId"] = "",
        }));

        // The second provisioning pass of an operator who chose every option.
        _operator = new(() => DeploymentSnapshot.Create(Bicep, _workFolder.FullName, "operator", new Dictionary<string, object>
        {
            ["environmentName"] = "ops",
            ["location"] = "westus3",
            ["principalId"] = OperatorPrincipalId,
            ["principalType"] = "ServicePrincipal",
            ["deployEventSubscriptions"] = true,
            ["durableBackend"] = "DurableTaskScheduler",
            ["taskHubName"] = "ImrOpsHub",
            ["escalationSchedule"] = "0 */15 * * * *",
            ["caseRetentionDays"] = 0,
            ["alwaysReadyInstances"] = 2,
            ["entraClientId"] = OperatorEntraClientId,
        }));
    }

    /// <summary>The bicep CLI under test.</summary>
    public BicepCli Bicep { get; }

    /// <summary>The `bicep build` run of main.bicep.</summary>
    public BicepRun Build { get; }

    /// <summary>The compiled ARM JSON.</summary>
    public CompiledTemplate Template { get; }

    /// <summary>First provisioning with defaults: no user principal, no event subscriptions, Azure Storage backend.</summary>
    public DeploymentSnapshot Minimal => _minimal.Value;

    /// <summary>Every option on: user principal, event subscriptions, Durable Task Scheduler, retention off, warm instances.</summary>
    public DeploymentSnapshot Operator => _operator.Value;

    /// <summary>A scratch folder that is deleted with the fixture.</summary>
    public string WorkFolder => _workFolder.FullName;

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            _workFolder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the run over it is not.
        }
    }
}

/// <summary>Shares one <see cref="InfrastructureFixture"/> across the deployment test classes.</summary>
[CollectionDefinition(Name)]
public sealed class InfrastructureCollection : ICollectionFixture<InfrastructureFixture>
{
    /// <summary>Collection name.</summary>
    public const string Name = "Infrastructure";
}
