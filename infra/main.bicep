// Connected Educator Month for States: the whole system in one resource group.
// Deploy with `azd up`, or `az deployment group create -g <rg> -f infra/main.bicep -p infra/main.bicepparam`.
// Everything authenticates with one user-assigned managed identity; no keys or connection strings
// with credentials appear in app settings. See infra/README.md.
targetScope = 'resourceGroup'

@description('Environment name (azd sets it); part of the resource names\' hash and the azd-env-name tag.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Azure region for every resource. Must offer Flex Consumption.')
param location string = resourceGroup().location

@description('Staff who receive sign-ups to approve: comma-separated email addresses (setting Cem__StaffEmails).')
param staffEmails string

@description('Sender address for email; must be a verified SendGrid sender (setting Cem__Email__FromAddress).')
param emailFromAddress string

@description('Sender display name (setting Cem__Email__FromName).')
param emailFromName string = 'Connected Educator Month'

@description('How long signed links stay valid, as a .NET TimeSpan (setting Cem__Links__Lifetime).')
param linkLifetime string = '14.00:00:00'

@description('First day of Connected Educator Month in press kits, yyyy-MM-dd; empty means October 1 of the current year (setting Cem__PressKits__CemStart).')
param cemStart string = ''

@description('Last day of Connected Educator Month in press kits, yyyy-MM-dd; empty means October 31 of the current year (setting Cem__PressKits__CemEnd).')
param cemEnd string = ''

@description('Prefix for the app\'s tables, queues and containers: lowercase letters and digits (setting CemStoragePrefix).')
@minLength(1)
@maxLength(20)
param storagePrefix string = 'cem'

@description('Six-field NCRONTAB schedule of the metrics roll-up (setting MetricsRollupSchedule).')
param metricsRollupSchedule string = '0 */15 * * * *'

@description('Six-field NCRONTAB schedule of the daily clean-up of used comment challenges and ended rate-limit windows (setting CommentCleanupSchedule).')
param commentCleanupSchedule string = '0 17 3 * * *'

@description('Flex Consumption instance memory in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances Flex Consumption may run at once.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Optional: principal id of the operator (azd passes the signed-in user); gets Key Vault Secrets Officer to set and rotate secrets.')
param operatorPrincipalId string = ''

@description('Principal type of operatorPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param operatorPrincipalType string = 'User'

@secure()
@description('SendGrid API key. Pass on the first deployment; empty leaves the vault\'s secret untouched.')
param sendGridApiKey string = ''

@secure()
@description('Current link-signing key (base64 of >= 32 random bytes). Pass on the first deployment; empty leaves the vault untouched.')
param linksCurrentKey string = ''

@secure()
@description('Previous link-signing key (base64 of >= 32 random bytes). Pass on the first deployment; empty leaves the vault untouched.')
param linksPreviousKey string = ''

@secure()
@description('Key for hashing client IPs (base64 of >= 32 random bytes). Pass on the first deployment; empty leaves the vault untouched.')
param clientHashKey string = ''

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var tags = {
  'azd-env-name': environmentName
  application: 'connected-educator-month'
}
// Known before deployment, so role assignment names (guid of scope, identity, role) are stable and What-If can predict them.
var identityName = 'id-cem-${resourceToken}'
var deploymentContainerName = 'app-package'
var secretNames = {
  sendGridApiKey: 'sendgrid-api-key'
  linksCurrentKey: 'links-current-key'
  linksPreviousKey: 'links-previous-key'
  clientHashKey: 'client-hash-key'
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  dependsOn: [
    identity
  ]
  params: {
    logAnalyticsName: 'log-cem-${resourceToken}'
    appInsightsName: 'appi-cem-${resourceToken}'
    location: location
    tags: tags
    appIdentityName: identityName
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  dependsOn: [
    identity
  ]
  params: {
    name: 'stcem${resourceToken}'
    location: location
    tags: tags
    prefix: storagePrefix
    deploymentContainerName: deploymentContainerName
    appIdentityName: identityName
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  dependsOn: [
    identity
  ]
  params: {
    name: 'kv-cem-${resourceToken}'
    location: location
    tags: tags
    appIdentityName: identityName
    operatorPrincipalId: operatorPrincipalId
    operatorPrincipalType: operatorPrincipalType
    secretNames: secretNames
    sendGridApiKey: sendGridApiKey
    linksCurrentKey: linksCurrentKey
    linksPreviousKey: linksPreviousKey
    clientHashKey: clientHashKey
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: 'func-cem-${resourceToken}'
    planName: 'plan-cem-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    keyVaultUri: keyVault.outputs.uri
    vaultReferencedSettings: {
      Cem__Email__SendGridApiKey: secretNames.sendGridApiKey
      Cem__Links__CurrentKey: secretNames.linksCurrentKey
      Cem__Links__PreviousKey: secretNames.linksPreviousKey
      Cem__Secrets__ClientHashKey: secretNames.clientHashKey
    }
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    appSettings: {
      CemStoragePrefix: storagePrefix
      Cem__StaffEmails: staffEmails
      Cem__Links__Lifetime: linkLifetime
      Cem__Email__FromAddress: emailFromAddress
      Cem__Email__FromName: emailFromName
      Cem__PressKits__CemStart: cemStart
      Cem__PressKits__CemEnd: cemEnd
      MetricsRollupSchedule: metricsRollupSchedule
      CommentCleanupSchedule: commentCleanupSchedule
    }
  }
}

@description('Function App name (azd deploys the api service to it).')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('Public base URL of the app.')
output SERVICE_API_URI string = 'https://${functionApp.outputs.defaultHostName}'

@description('Key Vault name, for setting and rotating secrets.')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name

@description('Storage account name.')
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
