// IMR case routing on Azure Functions Flex Consumption, deployed with `azd up` (see docs/deploy.md).
// Every connection uses the app's user-assigned managed identity: the storage account refuses shared keys and
// Application Insights refuses instrumentation-key-only ingestion.
targetScope = 'subscription'

@description('azd environment name; names the resource group and seeds resource names.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Azure region for every resource. It must offer Flex Consumption.')
@minLength(1)
@metadata({ azd: { type: 'location' } })
param location string

@description('Object id of the deploying user or pipeline; it gets blob and table data roles. Empty skips them.')
param principalId string = ''

@description('Kind of principal principalId is.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Durable Functions backend. AzureStorage uses the app\'s storage account; DurableTaskScheduler also provisions a scheduler (see docs/deploy.md for the app-side switch).')
@allowed([
  'AzureStorage'
  'DurableTaskScheduler'
])
param durableBackend string = 'AzureStorage'

@description('Durable Functions task hub name (3-45 letters and digits, starting with a letter).')
@minLength(3)
@maxLength(45)
param taskHubName string = 'ImrTaskHub'

@description('NCRONTAB schedule (six fields, with seconds) of the timer that escalates cases nearing a deadline.')
param escalationSchedule string = '0 */5 * * * *'

@description('Days case data is kept before the lifecycle policy deletes it; 0 keeps it forever. 2555 days (7 years) is a placeholder to confirm against the records-retention rule that applies to you.')
@minValue(0)
@maxValue(36500)
param caseRetentionDays int = 2555

@description('Create the Event Grid subscriptions that feed the blob triggers. Only true after the app code is deployed; the postdeploy hook sets it for a second provisioning pass.')
param deployEventSubscriptions bool = false

@description('Most instances the app may scale out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Always-ready instances for the Durable Functions group; each one is billed while idle. 0 scales to zero.')
@minValue(0)
@maxValue(20)
param alwaysReadyInstances int = 0

@description('Client id of the Entra ID app registration with the app roles staff, reviewer and auditor; App Service Authentication is on only when set (docs/security.md).')
param entraClientId string = ''

var tags = {
  'azd-env-name': environmentName
}
var token = toLower(uniqueString(subscription().id, environmentName, location))
var useDurableTaskScheduler = durableBackend == 'DurableTaskScheduler'

resource rg 'Microsoft.Resources/resourceGroups@2024-11-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  scope: rg
  name: 'identity'
  params: {
    name: 'id-imr-${token}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  scope: rg
  name: 'storage'
  params: {
    name: 'stimr${token}'
    location: location
    tags: tags
    caseRetentionDays: caseRetentionDays
  }
}

module monitoring 'modules/monitoring.bicep' = {
  scope: rg
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-imr-${token}'
    appInsightsName: 'appi-imr-${token}'
    location: location
    tags: tags
  }
}

module access 'modules/access.bicep' = {
  scope: rg
  name: 'access'
  params: {
    storageAccountName: storage.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
    appPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
}

module durableTaskScheduler 'modules/durable-task-scheduler.bicep' = if (useDurableTaskScheduler) {
  scope: rg
  name: 'durable-task-scheduler'
  params: {
    name: 'dts-imr-${token}'
    taskHubName: taskHubName
    location: location
    tags: tags
    appPrincipalId: identity.outputs.principalId
  }
}

module functionApp 'modules/function-app.bicep' = {
  scope: rg
  name: 'function-app'
  params: {
    name: 'func-imr-${token}'
    planName: 'plan-imr-${token}'
    location: location
    tags: tags
    serviceName: 'api'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    taskHubName: taskHubName
    escalationSchedule: escalationSchedule
    caseRetentionDays: caseRetentionDays
    durableBackend: durableBackend
    durableTaskSchedulerEndpoint: useDurableTaskScheduler ? durableTaskScheduler!.outputs.endpoint : ''
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    alwaysReadyInstances: alwaysReadyInstances
    entraClientId: entraClientId
  }
  // The app reads its package and host storage with its identity from the first start, so its roles come first.
  dependsOn: [
    access
  ]
}

module eventGrid 'modules/event-grid.bicep' = {
  scope: rg
  name: 'event-grid'
  params: {
    systemTopicName: 'evgt-imr-${token}'
    storageAccountName: storage.outputs.name
    functionAppName: functionApp.outputs.name
    deadLetterContainerName: storage.outputs.deadLetterContainerName
    location: location
    tags: tags
    deployEventSubscriptions: deployEventSubscriptions
  }
}

// Outputs become azd environment values (azd env get-values) for scripts, hooks and operators.
@description('Tenant of the deployment.')
output AZURE_TENANT_ID string = tenant().tenantId

@description('Region of the deployment.')
output AZURE_LOCATION string = location

@description('Resource group holding every resource.')
output AZURE_RESOURCE_GROUP string = rg.name

@description('Name of the function app.')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('Base URL of the function app.')
output AZURE_FUNCTION_APP_URL string = 'https://${functionApp.outputs.defaultHostName}'

@description('The console, served by the function app (sign in at /.auth/login/aad when IMR_ENTRA_CLIENT_ID is set).')
output AZURE_CONSOLE_URL string = 'https://${functionApp.outputs.defaultHostName}/api/console/'

@description('Client id of the app\'s user-assigned identity.')
output AZURE_FUNCTION_APP_IDENTITY_CLIENT_ID string = identity.outputs.clientId

@description('Name of the storage account.')
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('Blob endpoint of the storage account.')
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint

@description('Table endpoint of the storage account.')
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint

@description('Queue endpoint of the storage account.')
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint

@description('Name of the Application Insights component.')
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.appInsightsName

@description('Name of the Event Grid system topic on the storage account.')
output AZURE_EVENTGRID_SYSTEM_TOPIC_NAME string = eventGrid.outputs.systemTopicName

@description('Durable Functions task hub name.')
output IMR_TASK_HUB string = taskHubName

@description('Durable Functions backend in use.')
output IMR_DURABLE_BACKEND string = durableBackend
