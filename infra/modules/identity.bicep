// User-assigned identity for the web app. It exists (and gets its Key Vault role) before the web app
// starts, so the app's Key Vault references resolve on first start.
param identityName string
param location string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
}
