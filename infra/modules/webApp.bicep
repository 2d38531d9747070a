// App Service plan + Linux web app running the bot on .NET 10, with its settings read from Key Vault.
param webAppName string
param location string
param skuName string
param identityName string
param appInsightsName string
param botAppId string
param tenantId string
param hubSpotClientId string
param keyVaultName string
@description('Storage account the bot reaches with its managed identity (no keys).')
param storageAccountName string
@description('Entra object ids that are always Admin (Roles:BootstrapAdmins).')
param adminObjectIds string[]

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

// Versionless secret URIs: App Service then always reads the latest version.
func keyVaultReference(vaultUri string, secretName string) string =>
  '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretName}/)'

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: '${webAppName}-plan'
  location: location
  kind: 'linux'
  sku: { name: skuName }
  properties: {
    reserved: true // Linux
  }
}

var hostName = '${webAppName}.azurewebsites.net'

// One setting per admin: configuration binds Roles__BootstrapAdmins__0, __1, … to the Roles:BootstrapAdmins list.
var adminSettings = [
  for (objectId, index) in adminObjectIds: { name: 'Roles__BootstrapAdmins__${index}', value: objectId }
]

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      healthCheckPath: '/healthz'
      appSettings: concat([
        { name: 'ASPNETCORE_ENVIRONMENT', value: 'Production' }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsights.properties.ConnectionString }
        { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
        { name: 'Bot__AppId', value: botAppId }
        { name: 'Bot__TenantId', value: tenantId }
        { name: 'Bot__AppType', value: 'SingleTenant' }
        { name: 'Bot__AppPassword', value: keyVaultReference(vault.properties.vaultUri, 'bot-app-password') }
        { name: 'Bot__PublicBaseUrl', value: 'https://${hostName}/' }
        { name: 'Storage__TableEndpoint', value: 'https://${storageAccountName}.table.${environment().suffixes.storage}/' }
        { name: 'Storage__QueueEndpoint', value: 'https://${storageAccountName}.queue.${environment().suffixes.storage}/' }
        { name: 'Storage__BlobEndpoint', value: 'https://${storageAccountName}.blob.${environment().suffixes.storage}/' }
        // Message activities wait in the storage account's queues (created by the bot at first use), so every instance shares them.
        { name: 'ActivityQueue__Kind', value: 'Storage' }
        { name: 'HubSpot__ClientId', value: hubSpotClientId }
        { name: 'HubSpot__ClientSecret', value: keyVaultReference(vault.properties.vaultUri, 'hubspot-client-secret') }
        { name: 'HubSpot__RedirectUri', value: 'https://${hostName}/auth/hubspot/callback' }
        { name: 'DataProtection__KeyEncryptionKeys__1', value: keyVaultReference(vault.properties.vaultUri, 'dataprotection-kek-1') }
        { name: 'RecordCards__PostInChannelsWithGuests', value: 'true' }
        // Per-user and per-tenant flood limits (README "Limits against floods").
        { name: 'TurnLimits__UserTurnBurst', value: '30' }
        { name: 'TurnLimits__UserTurnsPerMinute', value: '120' }
        { name: 'TurnLimits__UserInvokeBurst', value: '60' }
        { name: 'TurnLimits__UserInvokesPerMinute', value: '300' }
        { name: 'TurnLimits__UserConcurrentInvokes', value: '8' }
        { name: 'TurnLimits__TenantBurst', value: '1000' }
        { name: 'TurnLimits__TenantTurnsPerMinute', value: '6000' }
        { name: 'TurnLimits__RepeatWindow', value: '00:01:00' }
        { name: 'TurnLimits__RefusalAuditRowsPerWindow', value: '50' }
        { name: 'Roles__StaleGrantSweepInterval', value: '06:00:00' }
        // Changes to one record within this window update its notification card in place (README "Notifications").
        { name: 'Notifications__MergeWindow', value: '00:10:00' }
        // Handled webhook event ids are kept past HubSpot's redelivery horizon, then purged (README "Webhooks").
        { name: 'Webhooks__EventRetention', value: '3.00:00:00' }
        { name: 'Webhooks__EventPurgeInterval', value: '01:00:00' }
        // A smaller first-generation GC budget than .NET picks from the CPU cache (32 MiB L3 on the measured box):
        // about 10 MiB less peak memory at no measured CPU cost (bench/README.md). The runtime reads this knob only
        // from the environment, not from the runtimeconfig.json the build writes.
        { name: 'DOTNET_GCgen0size', value: '0x800000' }
      ], adminSettings)
    }
  }
}

output hostName string = site.properties.defaultHostName
