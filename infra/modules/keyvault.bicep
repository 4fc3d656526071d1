// Key Vault in RBAC mode for the app's secrets. The app reads them through Key Vault references
// resolved by the platform with the app's user-assigned identity (Key Vault Secrets User).
//
// A secret is written only when its parameter is non-empty: pass values on the first deployment
// (or set them with `az keyvault secret set`), then leave them empty so that a later deployment
// never rolls back a key that was rotated in the vault. See infra/README.md.
@description('Key Vault name (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the vault.')
param tags object

@description('Name of the app\'s user-assigned identity (in this resource group).')
param appIdentityName string

@description('Optional principal (the operator) that gets Key Vault Secrets Officer to set and rotate secrets. Empty: none.')
param operatorPrincipalId string = ''

@description('Principal type of operatorPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param operatorPrincipalType string = 'User'

@description('Secret names in the vault.')
param secretNames object

@secure()
@description('SendGrid API key. Empty: leave the secret as it is in the vault.')
param sendGridApiKey string = ''

@secure()
@description('Current link-signing key: base64 of at least 32 random bytes. Empty: leave as is.')
param linksCurrentKey string = ''

@secure()
@description('Previous link-signing key (still accepted when verifying). Empty: leave as is.')
param linksPreviousKey string = ''

@secure()
@description('Key that hashes client IPs for rate limits: base64 of at least 32 random bytes. Empty: leave as is.')
param clientHashKey string = ''

var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var keyVaultSecretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: appIdentityName
}

resource vault 'Microsoft.KeyVault/vaults@2026-02-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource sendGridSecret 'Microsoft.KeyVault/vaults/secrets@2026-02-01' = if (!empty(sendGridApiKey)) {
  parent: vault
  name: secretNames.sendGridApiKey
  properties: {
    value: sendGridApiKey
    contentType: 'text/plain'
  }
}

resource linksCurrentSecret 'Microsoft.KeyVault/vaults/secrets@2026-02-01' = if (!empty(linksCurrentKey)) {
  parent: vault
  name: secretNames.linksCurrentKey
  properties: {
    value: linksCurrentKey
    contentType: 'base64'
  }
}

resource linksPreviousSecret 'Microsoft.KeyVault/vaults/secrets@2026-02-01' = if (!empty(linksPreviousKey)) {
  parent: vault
  name: secretNames.linksPreviousKey
  properties: {
    value: linksPreviousKey
    contentType: 'base64'
  }
}

resource clientHashSecret 'Microsoft.KeyVault/vaults/secrets@2026-02-01' = if (!empty(clientHashKey)) {
  parent: vault
  name: secretNames.clientHashKey
  properties: {
    value: clientHashKey
    contentType: 'base64'
  }
}

resource appSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appIdentity.id, keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
  }
}

resource operatorSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(vault.id, operatorPrincipalId, keyVaultSecretsOfficer)
  scope: vault
  properties: {
    principalId: operatorPrincipalId
    principalType: operatorPrincipalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficer)
  }
}

@description('Key Vault name.')
output name string = vault.name

@description('Vault URI, ending in a slash.')
output uri string = vault.properties.vaultUri
