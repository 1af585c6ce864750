// The storage account that holds case files, letters, the case index and the Durable Functions task hub.
// Shared keys are off: every caller (the app, Event Grid, operators) authenticates with Microsoft Entra ID.

@description('Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the account.')
param tags object

@description('Days after which case data (intake, cases and determinations blobs) is deleted; 0 keeps it forever.')
@minValue(0)
param caseRetentionDays int

// Containers read and written by the app, plus the Flex Consumption deployment package and the Event Grid dead letters.
var deploymentContainerName = 'app-package'
var deadLetterContainerName = 'eventgrid-deadletter'
// Quarantine is left out: refused input and its error reports are evidence and are never deleted automatically.
var caseDataContainers = [
  'intake'
  'cases'
  'determinations'
]
var blobContainers = [
  'intake'
  'cases'
  'determinations'
  'quarantine'
  deploymentContainerName
  deadLetterContainerName
]
var tables = [
  'Cases'
  'Deadlines'
  'Reviewers'
  'CaseNumbers'
  'Idempotency'
]
var queues = [
  'notifications'
]

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: true
      services: {
        blob: {
          enabled: true
        }
        file: {
          enabled: true
        }
        queue: {
          enabled: true
        }
        table: {
          enabled: true
        }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: storage
  name: 'default'
  properties: {
    // Soft delete keeps an accidentally deleted case file recoverable for a week.
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = [
  for container in blobContainers: {
    parent: blobService
    name: container
    properties: {
      publicAccess: 'None'
    }
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-01-01' = {
  parent: storage
  name: 'default'
}

resource tableResources 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = [
  for table in tables: {
    parent: tableService
    name: table
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-01-01' = {
  parent: storage
  name: 'default'
}

resource queueResources 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-01-01' = [
  for queue in queues: {
    parent: queueService
    name: queue
  }
]

// Retention is a records-law decision: the default in main.bicep is a placeholder to confirm, and 0 turns deletion off.
resource retention 'Microsoft.Storage/storageAccounts/managementPolicies@2025-01-01' = if (caseRetentionDays > 0) {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-case-data-after-retention'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [for container in caseDataContainers: '${container}/']
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterCreationGreaterThan: caseRetentionDays
                }
              }
              snapshot: {
                delete: {
                  daysAfterCreationGreaterThan: caseRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

@description('Resource id of the storage account.')
output id string = storage.id

@description('Name of the storage account.')
output name string = storage.name

@description('Blob service endpoint, ending in a slash.')
output blobEndpoint string = storage.properties.primaryEndpoints.blob

@description('Queue service endpoint, ending in a slash.')
output queueEndpoint string = storage.properties.primaryEndpoints.queue

@description('Table service endpoint, ending in a slash.')
output tableEndpoint string = storage.properties.primaryEndpoints.table

@description('Container that holds the Flex Consumption deployment package.')
output deploymentContainerName string = deploymentContainerName

@description('Container that receives Event Grid events that could not be delivered.')
output deadLetterContainerName string = deadLetterContainerName
