// Key Vault (RBAC mode) holding the bot's client secret and the HubSpot client secret (storage is reached with
// the managed identity, so no storage key is kept anywhere). A secret parameter left empty keeps the value already in the vault, so a
// re-deployment does not need the secrets again.
param keyVaultName string
param location string
param tenantId string
@secure()
param botAppPassword string
@secure()
param hubSpotClientSecret string
@description('Key-encryption key 1 for the Data Protection key ring (base64 of 32 random bytes); empty keeps the vault\'s.')
@secure()
param dataProtectionKek string = ''
@description('User-assigned identity that may read the secrets (the web app\'s).')
param readerIdentityName string

var secretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6' // Key Vault Secrets User

resource readerIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: readerIdentityName
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: keyVaultName
  location: location
  properties: {
    tenantId: tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
  }
}

resource botPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(botAppPassword)) {
  parent: vault
  name: 'bot-app-password'
  properties: { value: botAppPassword }
}

resource hubSpotSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(hubSpotClientSecret)) {
  parent: vault
  name: 'hubspot-client-secret'
  properties: { value: hubSpotClientSecret }
}

// Wraps the Data Protection key ring kept in the storage account, so reading storage alone cannot decrypt the tokens.
resource dataProtectionKekSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(dataProtectionKek)) {
  parent: vault
  name: 'dataprotection-kek-1'
  properties: { value: dataProtectionKek }
}

resource readerAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, readerIdentity.id, secretsUserRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRoleId)
    principalId: readerIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}
