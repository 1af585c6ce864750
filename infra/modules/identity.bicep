// The one identity the function app uses for storage, monitoring and (optionally) the Durable Task Scheduler.
// User-assigned so role assignments can exist before the app does, and survive re-creating it.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity.')
output id string = identity.id

@description('Client (application) id, used by the app to pick this identity.')
output clientId string = identity.properties.clientId

@description('Object id of the service principal, used in role assignments.')
output principalId string = identity.properties.principalId
