// The Functions app on a Flex Consumption plan. It runs .NET 10 isolated, pulls its package from a blob container
// with its user-assigned identity, and reaches storage and Application Insights with that identity alone.

@description('Name of the function app; also the first label of its default host name.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region.')
param location string

@description('Tags applied to the plan and the app.')
param tags object

@description('azd service name, written as the azd-service-name tag so `azd deploy` finds the app.')
param serviceName string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity.')
param identityClientId string

@description('Blob endpoint of the storage account, ending in a slash.')
param blobEndpoint string

@description('Queue endpoint of the storage account, ending in a slash.')
param queueEndpoint string

@description('Table endpoint of the storage account, ending in a slash.')
param tableEndpoint string

@description('Container that holds the deployment package.')
param deploymentContainerName string

@description('Application Insights connection string (endpoint only; local auth is disabled).')
param appInsightsConnectionString string

@description('Durable Functions task hub name, read by host.json as %IMR_TASK_HUB%.')
param taskHubName string

@description('NCRONTAB schedule of the deadline-escalation timer.')
param escalationSchedule string

@description('Days case data is kept, passed to the app for purging table rows and orchestration history.')
param caseRetentionDays int

@description('Durable Functions backend: AzureStorage or DurableTaskScheduler.')
@allowed([
  'AzureStorage'
  'DurableTaskScheduler'
])
param durableBackend string

@description('Durable Task Scheduler endpoint; empty when the backend is AzureStorage.')
param durableTaskSchedulerEndpoint string

@description('Most instances the app may scale out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Instances kept warm for the Durable Functions group (orchestrators, activities, entities); 0 scales to zero.')
@minValue(0)
param alwaysReadyInstances int

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

@description('Client id of the Microsoft Entra ID app registration that signs users in (App Service Authentication); empty leaves authentication off and every API route but /api/health answers 401.')
param entraClientId string

var easyAuth = !empty(entraClientId)

resource app 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // Flex Consumption rejects FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION and WEBSITE_RUN_FROM_PACKAGE:
      // the runtime comes from functionAppConfig below. Every connection is identity-based; no setting holds a key.
      appSettings: [
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identityClientId
        }
        {
          name: 'AzureWebJobsStorage__blobServiceUri'
          value: blobEndpoint
        }
        {
          name: 'AzureWebJobsStorage__queueServiceUri'
          value: queueEndpoint
        }
        {
          name: 'AzureWebJobsStorage__tableServiceUri'
          value: tableEndpoint
        }
        {
          name: 'ImrStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'ImrStorage__clientId'
          value: identityClientId
        }
        {
          name: 'ImrStorage__blobServiceUri'
          value: blobEndpoint
        }
        {
          name: 'ImrStorage__queueServiceUri'
          value: queueEndpoint
        }
        {
          name: 'ImrStorage__tableServiceUri'
          value: tableEndpoint
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsightsConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${identityClientId};Authorization=AAD'
        }
        {
          name: 'IMR_TASK_HUB'
          value: taskHubName
        }
        {
          name: 'IMR_ESCALATION_SCHEDULE'
          value: escalationSchedule
        }
        {
          name: 'IMR_RETENTION_DAYS'
          value: string(caseRetentionDays)
        }
        {
          name: 'IMR_DURABLE_BACKEND'
          value: durableBackend
        }
        {
          // The app believes x-ms-client-principal only when App Service Authentication fronts it (docs/security.md).
          name: 'IMR_EASY_AUTH_ENABLED'
          value: string(easyAuth)
        }
        {
          // Read only when host.json selects the azureManaged provider (see docs/deploy.md); empty otherwise.
          name: 'DURABLE_TASK_SCHEDULER_CONNECTION_STRING'
          value: durableBackend != 'DurableTaskScheduler'
            ? ''
            : 'Endpoint=${durableTaskSchedulerEndpoint};Authentication=ManagedIdentity;ClientID=${identityClientId}'
        }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: alwaysReadyInstances > 0
          ? [
              {
                name: 'durable'
                instanceCount: alwaysReadyInstances
              }
            ]
          : []
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Publishing with user names and passwords stays off; azd deploys with a Microsoft Entra token.
// App Service Authentication with Entra ID: the platform validates the caller's token, sets x-ms-client-principal (the app
// roles staff, reviewer, auditor as role claims) and strips any copy a client sends. Calls without a token pass on
// anonymous, and the app answers them 401 itself, because the health probe, the platform's webhooks (Event Grid blob
// events) and a decision made with the notice's assignment token (docs/security.md) take no session.
resource auth 'Microsoft.Web/sites/config@2024-11-01' = if (easyAuth) {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: entraClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${entraClientId}'
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

@description('Name of the function app.')
output name string = app.name

@description('Default host name of the function app.')
output defaultHostName string = app.properties.defaultHostName
