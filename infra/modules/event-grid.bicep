// Blob triggers on Flex Consumption must use the Event Grid source: the storage account's system topic pushes
// BlobCreated events to the blobs extension webhook of the app.
//
// The webhook URL carries the blobs_extension system key, which the Functions host creates only after code with an
// Event Grid blob trigger has been deployed and started. The subscriptions are therefore created in a second
// provisioning pass (deployEventSubscriptions = true), which infra/hooks/postdeploy runs after `azd deploy`.

@description('Name of the Event Grid system topic.')
param systemTopicName string

@description('Name of the storage account whose blob events are published.')
param storageAccountName string

@description('Name of the function app that receives the events.')
param functionAppName string

@description('Container Event Grid writes undeliverable events to.')
param deadLetterContainerName string

@description('Azure region.')
param location string

@description('Tags applied to the topic.')
param tags object

@description('Create the event subscriptions; true only once the app code is deployed (the webhook key exists then).')
param deployEventSubscriptions bool

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource app 'Microsoft.Web/sites@2024-11-01' existing = {
  name: functionAppName
}

// The host's keys have no Bicep type (Microsoft.Web/sites/host), so they are read through the listKeys function.
var blobsExtensionKey = listKeys('${app.id}/host/default', '2024-11-01').systemKeys.blobs_extension

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: systemTopicName
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

// Storage Blob Data Contributor for the topic's identity, so undeliverable events land in the dead-letter container
// (shared keys are off, so Event Grid cannot use a key for it).
resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, systemTopic.id, 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
    principalId: systemTopic.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// A new case file in intake starts intake processing.
resource intakeSubscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = if (deployEventSubscriptions) {
  parent: systemTopic
  name: 'intake-blob-created'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${app.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.IntakeBlobTrigger&code=${blobsExtensionKey}'
        maxEventsPerBatch: 1
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/intake/blobs/'
    }
    eventDeliverySchema: 'EventGridSchema'
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: storage.id
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
  dependsOn: [
    deadLetterWriter
  ]
}

// Medical records that arrive for an existing case land in cases/<case number>/records/.
resource recordSubscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = if (deployEventSubscriptions) {
  parent: systemTopic
  name: 'cases-blob-created'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${app.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.RecordBlobTrigger&code=${blobsExtensionKey}'
        maxEventsPerBatch: 1
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/cases/blobs/'
      // Only cases/<case number>/records/<file>: the app itself writes cases/<case number>/case-file.json, which is not a record.
      advancedFilters: [
        {
          operatorType: 'StringContains'
          key: 'subject'
          values: [
            '/records/'
          ]
        }
      ]
    }
    eventDeliverySchema: 'EventGridSchema'
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: storage.id
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
  dependsOn: [
    deadLetterWriter
  ]
}

@description('Name of the Event Grid system topic.')
output systemTopicName string = systemTopic.name
