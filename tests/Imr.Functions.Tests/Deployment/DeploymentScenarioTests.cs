using System.Text.Json.Nodes;

namespace Imr.Functions.Tests.Deployment;

/// <summary>What `azd provision` would create, from `bicep snapshot` of main.bicep with concrete parameters.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class DeploymentScenarioTests(InfrastructureFixture infra)
{
    private const string Containers = "Microsoft.Storage/storageAccounts/blobServices/containers";
    private const string EventSubscriptions = "Microsoft.EventGrid/systemTopics/eventSubscriptions";

    private static readonly string[] AppDataRoles =
    [
        "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", // Storage Blob Data Owner
        "974c5e8b-45b9-4653-ba55-5f855dd0fb88", // Storage Queue Data Contributor
        "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", // Storage Table Data Contributor
    ];

    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string DurableTaskDataContributor = "0ad04412-c4d5-4796-b79c-f76d14c8d402";

    [Fact]
    public void Storage_holds_every_container_table_and_queue_the_app_uses()
    {
        var snapshot = infra.Minimal;

        snapshot.ChildNames(Containers).ShouldBe(
            ["intake", "cases", "determinations", "quarantine", "app-package", "eventgrid-deadletter"], ignoreOrder: true);
        snapshot.ChildNames("Microsoft.Storage/storageAccounts/tableServices/tables").ShouldBe(
            ["Cases", "Deadlines", "Reviewers", "CaseNumbers", "Idempotency"], ignoreOrder: true);
        snapshot.ChildNames("Microsoft.Storage/storageAccounts/queueServices/queues").ShouldBe(["notifications"]);
    }

    [Fact]
    public void The_app_deploys_from_a_container_that_the_template_creates()
    {
        var snapshot = infra.Minimal;
        var site = snapshot.Single("Microsoft.Web/sites");
        var packageLocation = (string)site["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!["value"]!;

        var container = snapshot.ChildNames(Containers).Single(c => packageLocation.EndsWith($"'{c}')]", StringComparison.Ordinal));
        container.ShouldBe("app-package");
        packageLocation.ShouldContain("primaryEndpoints.blob");
    }

    [Fact]
    public void App_identity_gets_its_data_roles_on_the_storage_account_and_app_insights()
    {
        var snapshot = infra.Minimal;
        var identityId = (string)snapshot.Single("Microsoft.ManagedIdentity/userAssignedIdentities")["id"]!;
        var storageId = (string)snapshot.Single("Microsoft.Storage/storageAccounts")["id"]!;
        var appInsightsId = (string)snapshot.Single("Microsoft.Insights/components")["id"]!;
        var appPrincipal = $"[reference('{identityId}', '2024-11-30').principalId]";

        foreach (var role in AppDataRoles)
        {
            snapshot.RoleAssignments.ShouldContain((role, appPrincipal, storageId));
        }

        snapshot.RoleAssignments.ShouldContain((MonitoringMetricsPublisher, appPrincipal, appInsightsId));
    }

    [Fact]
    public void Without_a_principal_id_no_user_role_is_assigned()
    {
        var snapshot = infra.Minimal;

        snapshot.RoleAssignments.ShouldAllBe(a => a.Principal.StartsWith("[reference(", StringComparison.Ordinal));
    }

    [Fact]
    public void With_a_principal_id_the_user_can_upload_cases_and_read_the_case_index()
    {
        var snapshot = infra.Operator;
        var storageId = (string)snapshot.Single("Microsoft.Storage/storageAccounts")["id"]!;
        var userRoles = snapshot.OfType("Microsoft.Authorization/roleAssignments")
            .Where(r => (string?)r["properties"]!["principalId"] == InfrastructureFixture.OperatorPrincipalId)
            .ToList();

        snapshot.RoleAssignments.ShouldContain((StorageBlobDataContributor, InfrastructureFixture.OperatorPrincipalId, storageId));
        snapshot.RoleAssignments.ShouldContain((StorageTableDataContributor, InfrastructureFixture.OperatorPrincipalId, storageId));
        userRoles.ShouldAllBe(r => (string?)r["properties"]!["principalType"] == "ServicePrincipal");
    }

    [Fact]
    public void First_provisioning_creates_the_system_topic_but_no_event_subscription()
    {
        var snapshot = infra.Minimal;
        var topic = snapshot.Single("Microsoft.EventGrid/systemTopics");

        ((string?)topic["properties"]!["topicType"]).ShouldBe("Microsoft.Storage.StorageAccounts");
        ((string?)topic["properties"]!["source"]).ShouldBe((string?)snapshot.Single("Microsoft.Storage/storageAccounts")["id"]);
        snapshot.OfType(EventSubscriptions).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("intake", "IntakeBlobTrigger")]
    [InlineData("cases", "RecordBlobTrigger")]
    public void Second_pass_sends_blob_created_events_to_the_blob_trigger_webhook(string container, string functionName)
    {
        var snapshot = infra.Operator;
        var appName = (string)snapshot.Single("Microsoft.Web/sites")["name"]!;
        var subscription = snapshot.OfType(EventSubscriptions)
            .Single(s => (string?)s["properties"]!["filter"]!["subjectBeginsWith"] == $"/blobServices/default/containers/{container}/blobs/");
        var properties = subscription["properties"]!;
        var endpointUrl = (string)properties["destination"]!["properties"]!["endpointUrl"]!;

        ((string?)properties["destination"]!["endpointType"]).ShouldBe("WebHook");
        properties["filter"]!["includedEventTypes"]!.AsArray().Select(t => (string?)t).ShouldBe(["Microsoft.Storage.BlobCreated"]);
        endpointUrl.ShouldStartWith($"[format('https://{{0}}/runtime/webhooks/blobs?functionName=Host.Functions.{functionName}&code={{1}}'");
        endpointUrl.ShouldContain($"/Microsoft.Web/sites/{appName}', ");
        endpointUrl.ShouldContain($"listKeys('/subscriptions/{DeploymentSnapshot.SubscriptionId}/resourceGroups/rg-ops/providers/Microsoft.Web/sites/{appName}/host/default'");
        endpointUrl.ShouldEndWith(".systemKeys.blobs_extension)]");
    }

    [Theory]
    [InlineData("/blobServices/default/containers/cases/blobs/CM13-0000001/records/ur-decision.pdf", true)]
    [InlineData("/blobServices/default/containers/cases/blobs/CM13-0000001/case-file.json", false)]
    public void Only_record_uploads_under_cases_reach_the_record_trigger(string subject, bool delivered)
    {
        var filter = infra.Operator.OfType(EventSubscriptions)
            .Single(s => ((string)s["properties"]!["destination"]!["properties"]!["endpointUrl"]!).Contains("RecordBlobTrigger", StringComparison.Ordinal))
            ["properties"]!["filter"]!;

        // Event Grid delivers when the subject prefix matches and every advanced filter matches.
        var matches = subject.StartsWith((string)filter["subjectBeginsWith"]!, StringComparison.OrdinalIgnoreCase)
            && filter["advancedFilters"]!.AsArray().All(f =>
                (string?)f!["operatorType"] == "StringContains" && (string?)f["key"] == "subject"
                && f["values"]!.AsArray().Any(v => subject.Contains((string)v!, StringComparison.OrdinalIgnoreCase)));

        matches.ShouldBe(delivered);
    }

    [Fact]
    public void Undeliverable_blob_events_are_dead_lettered_not_dropped()
    {
        var snapshot = infra.Operator;
        var topicPrincipal = $"[reference('{(string)snapshot.Single("Microsoft.EventGrid/systemTopics")["id"]!}', '2025-02-15', 'full').identity.principalId]";
        var storageId = (string)snapshot.Single("Microsoft.Storage/storageAccounts")["id"]!;

        snapshot.OfType(EventSubscriptions).Count.ShouldBe(2);
        foreach (var subscription in snapshot.OfType(EventSubscriptions))
        {
            var deadLetter = subscription["properties"]!["deadLetterWithResourceIdentity"]!;
            ((string?)deadLetter["identity"]!["type"]).ShouldBe("SystemAssigned");
            ((string?)deadLetter["deadLetterDestination"]!["properties"]!["blobContainerName"]).ShouldBe("eventgrid-deadletter");
        }

        snapshot.ChildNames(Containers).ShouldContain("eventgrid-deadletter");
        snapshot.RoleAssignments.ShouldContain((StorageBlobDataContributor, topicPrincipal, storageId));
    }

    [Fact]
    public void App_settings_carry_the_operator_choices()
    {
        var minimal = infra.Minimal.AppSettings;
        var chosen = infra.Operator.AppSettings;

        minimal["IMR_TASK_HUB"].ShouldBe("ImrTaskHub");
        minimal["IMR_ESCALATION_SCHEDULE"].ShouldBe("0 */5 * * * *");
        minimal["IMR_RETENTION_DAYS"].ShouldBe("2555");
        minimal["IMR_DURABLE_BACKEND"].ShouldBe("AzureStorage");
        minimal["DURABLE_TASK_SCHEDULER_CONNECTION_STRING"].ShouldBeEmpty();

        chosen["IMR_TASK_HUB"].ShouldBe("ImrOpsHub");
        chosen["IMR_ESCALATION_SCHEDULE"].ShouldBe("0 */15 * * * *");
        chosen["IMR_RETENTION_DAYS"].ShouldBe("0");
        chosen["IMR_DURABLE_BACKEND"].ShouldBe("DurableTaskScheduler");
    }

    [Fact]
    public void App_service_authentication_with_entra_id_fronts_the_app_only_with_an_app_registration_and_lets_the_app_answer_anonymous_calls()
    {
        infra.Minimal.OfType("Microsoft.Web/sites/config").ShouldBeEmpty();
        infra.Minimal.AppSettings["IMR_EASY_AUTH_ENABLED"].ShouldBe("False");

        var auth = infra.Operator.Single("Microsoft.Web/sites/config");
        ((string)auth["name"]!).ShouldEndWith("/authsettingsV2");
        var properties = auth["properties"]!;
        ((bool?)properties["platform"]!["enabled"]).ShouldBe(true);

        // The app answers anonymous calls itself (401, or a decision with the notice's token), so the platform lets them through.
        ((bool?)properties["globalValidation"]!["requireAuthentication"]).ShouldBe(false);
        ((string?)properties["globalValidation"]!["unauthenticatedClientAction"]).ShouldBe("AllowAnonymous");
        var entra = properties["identityProviders"]!["azureActiveDirectory"]!;
        ((string?)entra["registration"]!["clientId"]).ShouldBe(InfrastructureFixture.OperatorEntraClientId);
        entra["validation"]!["allowedAudiences"]!.AsArray().Select(a => (string?)a).ShouldBe([$"api://{InfrastructureFixture.OperatorEntraClientId}"]);
        infra.Operator.AppSettings["IMR_EASY_AUTH_ENABLED"].ShouldBe("True");
    }

    [Fact]
    public void Azure_storage_backend_provisions_no_scheduler()
    {
        infra.Minimal.OfType("Microsoft.DurableTask/schedulers").ShouldBeEmpty();
        infra.Minimal.OfType("Microsoft.DurableTask/schedulers/taskHubs").ShouldBeEmpty();
    }

    [Fact]
    public void Durable_task_scheduler_backend_gets_a_task_hub_a_role_and_an_identity_connection()
    {
        var snapshot = infra.Operator;
        var scheduler = snapshot.Single("Microsoft.DurableTask/schedulers");
        var schedulerId = (string)scheduler["id"]!;
        var identityId = (string)snapshot.Single("Microsoft.ManagedIdentity/userAssignedIdentities")["id"]!;
        var connection = snapshot.AppSettings["DURABLE_TASK_SCHEDULER_CONNECTION_STRING"];

        snapshot.ChildNames("Microsoft.DurableTask/schedulers/taskHubs").ShouldBe([snapshot.AppSettings["IMR_TASK_HUB"]]);
        snapshot.RoleAssignments.ShouldContain(
            (DurableTaskDataContributor, $"[reference('{identityId}', '2024-11-30').principalId]", schedulerId));
        connection.ShouldStartWith("[format('Endpoint={0};Authentication=ManagedIdentity;ClientID={1}'");
        connection.ShouldContain($"reference('{schedulerId}'");
        connection.ShouldContain($"reference('{identityId}', '2024-11-30').clientId");
    }

    [Fact]
    public void Case_data_is_deleted_after_the_retention_period_unless_retention_is_zero()
    {
        var policy = infra.Minimal.Single("Microsoft.Storage/storageAccounts/managementPolicies");
        var rule = policy["properties"]!["policy"]!["rules"]!.AsArray().Single()!;
        var filters = rule["definition"]!["filters"]!;
        var delete = rule["definition"]!["actions"]!["baseBlob"]!["delete"]!;

        filters["prefixMatch"]!.AsArray().Select(p => (string?)p).ShouldBe(
            ["intake/", "cases/", "determinations/"], ignoreOrder: true);
        ((int?)delete["daysAfterCreationGreaterThan"]).ShouldBe(2555);
        infra.Operator.OfType("Microsoft.Storage/storageAccounts/managementPolicies").ShouldBeEmpty();
    }

    [Fact]
    public void Always_ready_instances_are_off_by_default_and_go_to_the_durable_group()
    {
        static JsonArray AlwaysReady(DeploymentSnapshot s) =>
            s.Single("Microsoft.Web/sites")["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!["alwaysReady"]!.AsArray();

        AlwaysReady(infra.Minimal).ShouldBeEmpty();
        var warm = AlwaysReady(infra.Operator).Single()!;
        ((string?)warm["name"]).ShouldBe("durable");
        ((int?)warm["instanceCount"]).ShouldBe(2);
    }

    [Fact]
    public void The_function_app_is_tagged_for_the_azd_api_service()
    {
        var tags = infra.Minimal.Single("Microsoft.Web/sites")["tags"]!;

        ((string?)tags["azd-service-name"]).ShouldBe("api");
        ((string?)tags["azd-env-name"]).ShouldBe("ci");
    }

    [Fact]
    public void Outputs_name_what_scripts_and_operators_need()
    {
        var outputs = infra.Minimal.Outputs;

        ((string?)outputs["AZURE_RESOURCE_GROUP"]).ShouldBe("rg-ci");
        ((string?)outputs["AZURE_FUNCTION_APP_NAME"]).ShouldBe((string?)infra.Minimal.Single("Microsoft.Web/sites")["name"]);
        ((string?)outputs["AZURE_STORAGE_ACCOUNT_NAME"]).ShouldBe((string?)infra.Minimal.Single("Microsoft.Storage/storageAccounts")["name"]);
        ((string?)outputs["AZURE_FUNCTION_APP_URL"]).ShouldStartWith("[format('https://{0}'");
        ((string?)outputs["AZURE_FUNCTION_APP_IDENTITY_CLIENT_ID"]).ShouldEndWith(".clientId]");
        ((string?)outputs["AZURE_STORAGE_BLOB_ENDPOINT"]).ShouldEndWith("primaryEndpoints.blob]");
        ((string?)outputs["AZURE_STORAGE_TABLE_ENDPOINT"]).ShouldEndWith("primaryEndpoints.table]");
        ((string?)outputs["AZURE_STORAGE_QUEUE_ENDPOINT"]).ShouldEndWith("primaryEndpoints.queue]");
        ((string?)outputs["IMR_TASK_HUB"]).ShouldBe("ImrTaskHub");
    }
}
