// Everything the bot needs in one resource group. Deployed by ../deploy.ps1; see README.md.
targetScope = 'resourceGroup'

@description('Short lowercase prefix for resource names, e.g. contoso-hsbot. The web app becomes <prefix>-bot.azurewebsites.net.')
@minLength(3)
@maxLength(24)
param namePrefix string

@description('Azure region for the resources (the Azure Bot registration itself is global).')
param location string = resourceGroup().location

@description('Client id of the bot\'s single-tenant Entra app registration.')
param botAppId string

@description('Entra tenant id of the app registration.')
param tenantId string = tenant().tenantId

@description('Client id of the HubSpot app (public or private app with OAuth).')
param hubSpotClientId string

@description('Client secret of the bot\'s app registration. Empty keeps the value already in Key Vault.')
@secure()
param botAppPassword string = ''

@description('Client secret of the HubSpot app. Empty keeps the value already in Key Vault.')
@secure()
param hubSpotClientSecret string = ''

@description('Data Protection key-encryption key 1 (32 random bytes, base64; deploy.ps1 generates it). Empty keeps the value already in Key Vault.')
@secure()
param dataProtectionKek string = ''

@description('Entra object ids of the people who are always Admin of the bot (they link HubSpot and grant roles). deploy.ps1 -Admins fills it; default: whoever runs it.')
@minLength(1)
param adminObjectIds string[]

@description('App Service plan size. B1 is the smallest with Always On.')
param appServiceSku string = 'B1'

@description('Tables the bot uses; created ahead so the app needs no management rights.')
param tableNames string[] = [
  'PortalLinks'
  'RoleAssignments'
  'ConversationReferences'
  'Audit'
  'Idempotency'
  'PendingSignIns'
  'DataProtectionKeys'
]

// Storage and Key Vault names are global and short: derive a stable suffix from the resource group.
var suffix = uniqueString(resourceGroup().id, namePrefix)
var names = {
  webApp: '${namePrefix}-bot'
  identity: '${namePrefix}-identity'
  workspace: '${namePrefix}-logs'
  appInsights: '${namePrefix}-insights'
  storage: 'st${suffix}'
  keyVault: 'kv${suffix}'
  bot: '${namePrefix}-azurebot'
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    identityName: names.identity
    location: location
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    location: location
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    storageAccountName: names.storage
    location: location
    tableNames: tableNames
    dataContributorIdentityName: names.identity
  }
  dependsOn: [identity]
}

module keyVault 'modules/keyVault.bicep' = {
  name: 'keyVault'
  params: {
    keyVaultName: names.keyVault
    location: location
    tenantId: tenantId
    botAppPassword: botAppPassword
    hubSpotClientSecret: hubSpotClientSecret
    dataProtectionKek: dataProtectionKek
    readerIdentityName: names.identity
  }
  dependsOn: [identity]
}

// The web app starts only once its identity may read Key Vault, so its settings resolve on first start.
module webApp 'modules/webApp.bicep' = {
  name: 'webApp'
  params: {
    webAppName: names.webApp
    location: location
    skuName: appServiceSku
    identityName: names.identity
    appInsightsName: names.appInsights
    keyVaultName: names.keyVault
    botAppId: botAppId
    tenantId: tenantId
    hubSpotClientId: hubSpotClientId
    storageAccountName: names.storage
    adminObjectIds: adminObjectIds
  }
  // Storage too: the identity's data roles must exist before the app's first start reaches its tables.
  dependsOn: [monitoring, keyVault, storage]
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    botName: names.bot
    botAppId: botAppId
    tenantId: tenantId
    messagingEndpoint: 'https://${webApp.outputs.hostName}/api/messages'
    appInsightsName: names.appInsights
  }
  dependsOn: [monitoring]
}

output webAppName string = names.webApp
output hostName string = webApp.outputs.hostName
output keyVaultName string = names.keyVault
output storageAccountName string = names.storage
output botName string = names.bot
