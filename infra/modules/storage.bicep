// Storage account for the bot's state (one table per store; queues and blobs for durable work). No account keys:
// shared-key access is off, and the web app's user-assigned identity reaches the data through role assignments.
param storageAccountName string
param location string
param tableNames string[]
@description('User-assigned identity (the web app\'s) that reads and writes tables, queues and blobs.')
param dataContributorIdentityName string

// Built-in data-plane roles; the bot never needs management (control-plane) rights on the account.
var dataRoleIds = [
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor
  'ba92f5b4-2d11-453d-a403-e96b0029c9fe' // Storage Blob Data Contributor
]

resource dataContributor 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: dataContributorIdentityName
}

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

resource dataRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in dataRoleIds: {
    scope: account
    name: guid(account.id, dataContributor.id, roleId)
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: dataContributor.properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

output storageAccountName string = account.name
