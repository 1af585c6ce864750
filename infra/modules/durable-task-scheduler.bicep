// Optional Durable Task Scheduler backend (durableBackend = 'DurableTaskScheduler'). It replaces the Azure Storage
// queues and tables that Durable Functions otherwise polls; the app also needs the azureManaged provider in host.json
// and its worker extension package, as docs/deploy.md describes.

@description('Name of the scheduler.')
param name string

@description('Task hub name; must match the hubName host.json resolves (%IMR_TASK_HUB%).')
param taskHubName string

@description('Azure region.')
param location string

@description('Tags applied to the scheduler.')
param tags object

@description('Object id of the function app\'s identity.')
param appPrincipalId string

@description('Scheduler SKU: Consumption bills per action, Dedicated reserves capacity units.')
@allowed([
  'Consumption'
  'Dedicated'
])
param skuName string = 'Consumption'

resource scheduler 'Microsoft.DurableTask/schedulers@2025-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    ipAllowlist: [
      '0.0.0.0/0'
    ]
    sku: {
      name: skuName
    }
  }
}

resource taskHub 'Microsoft.DurableTask/schedulers/taskHubs@2025-11-01' = {
  parent: scheduler
  name: taskHubName
}

// Durable Task Data Contributor: lets the app's identity run orchestrations on this scheduler.
resource appDurableTaskDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(scheduler.id, appPrincipalId, '0ad04412-c4d5-4796-b79c-f76d14c8d402')
  scope: scheduler
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0ad04412-c4d5-4796-b79c-f76d14c8d402')
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

@description('Endpoint of the scheduler, for the app\'s connection string.')
output endpoint string = scheduler.properties.endpoint

@description('Name of the task hub.')
output taskHubName string = taskHub.name
