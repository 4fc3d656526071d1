// Connected Educator Month for States: the whole system in one resource group.
// Deploy with `azd up` (locally and in .github/workflows/deploy.yml): azd passes infra/main.parameters.json and
// prompts for any parameter below that has no default and no value in the azd environment. After provisioning,
// infra/hooks/postprovision.sh creates the Key Vault secrets the app settings reference, if they are missing.
// Everything authenticates with one user-assigned managed identity; no keys or connection strings
// with credentials appear in app settings. See infra/README.md.
targetScope = 'resourceGroup'

@description('Environment name (azd sets it); part of the resource names\' hash and the azd-env-name tag.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Azure region for every resource. Must offer Flex Consumption.')
param location string = resourceGroup().location

// No defaults: an example address would deploy silently and every email would fail or go nowhere.
@description('Staff who receive sign-ups to approve: comma-separated email addresses (setting Cem__StaffEmails).')
@minLength(3)
param staffEmails string

@description('Sender address for email; must be a verified SendGrid sender (setting Cem__Email__FromAddress).')
@minLength(3)
param emailFromAddress string

@description('SendGrid Event Webhook verification key: base64 DER of its P-256 public key, from SendGrid\'s Mail Settings (setting Cem__Email__WebhookPublicKey). Empty: the webhook refuses every request, so bounces are not recorded.')
param sendGridWebhookPublicKey string = ''

@description('Sender display name (setting Cem__Email__FromName).')
param emailFromName string = 'Connected Educator Month'

@description('How long signed links stay valid, as a .NET TimeSpan (setting Cem__Links__Lifetime).')
param linkLifetime string = '14.00:00:00'

@description('First day of Connected Educator Month in press kits, yyyy-MM-dd; empty means the current edition\'s first day (setting Cem__PressKits__CemStart).')
param cemStart string = ''

@description('Last day of Connected Educator Month in press kits, yyyy-MM-dd; empty means the current edition\'s last day (setting Cem__PressKits__CemEnd).')
param cemEnd string = ''

@description('Prefix for the app\'s tables, queues and containers: lowercase letters and digits (setting CemStoragePrefix).')
@minLength(1)
@maxLength(20)
param storagePrefix string = 'cem'

@description('Six-field NCRONTAB schedule of the metrics roll-up (setting MetricsRollupSchedule).')
param metricsRollupSchedule string = '0 */15 * * * *'

@description('Six-field NCRONTAB schedule of the daily clean-up of used comment challenges and ended rate-limit windows (setting CommentCleanupSchedule).')
param commentCleanupSchedule string = '0 17 3 * * *'

@description('Six-field NCRONTAB schedule of the reminders: the staff digest and the signer reminder (setting RemindersSchedule).')
param remindersSchedule string = '0 5 * * * *'

@description('Six-field NCRONTAB schedule of the outbox sweep, which puts queue messages committed but not put (setting MessageOutboxSchedule).')
param messageOutboxSchedule string = '0 * * * * *'

@description('Flex Consumption instance memory in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

// Flex Consumption accepts 40 to 1000 (the floor some regions and older API versions enforce is 40).
@description('Most instances Flex Consumption may run at once: 40 to 1000.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Storage redundancy: Standard_LRS (one datacenter) or Standard_ZRS (three zones; the region must offer it).')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
])
param storageSku string = 'Standard_LRS'

@description('Optional: email address that alert rules notify. Empty: the alerts fire in the portal only.')
param alertEmailAddress string = ''

@description('Principal id of whoever runs the deployment (azd passes the signed-in user or CI service principal); gets Key Vault Secrets Officer so the post-provision hook can create missing secrets.')
@minLength(36)
param operatorPrincipalId string

// No default: a service principal deploying as 'User' fails on its role assignment.
@description('Principal type of operatorPrincipalId: User when a person runs azd, ServicePrincipal in CI.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param operatorPrincipalType string

@description('Optional: object id of an Entra ID group of operators who get Key Vault Secrets Officer to set and rotate secrets (required in CI, where the deployer is a service principal).')
param operatorGroupId string = ''

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var tags = {
  'azd-env-name': environmentName
  application: 'connected-educator-month'
}
// Known before deployment, so role assignment names (guid of scope, identity, role) are stable and What-If can predict them.
var identityName = 'id-cem-${resourceToken}'
var storageAccountName = 'stcem${resourceToken}'
var keyVaultName = 'kv-cem-${resourceToken}'
var appInsightsName = 'appi-cem-${resourceToken}'
var deploymentContainerName = 'app-package'
var secretNames = {
  sendGridApiKey: 'sendgrid-api-key'
  linksCurrentKey: 'links-current-key'
  linksPreviousKey: 'links-previous-key'
  clientHashKey: 'client-hash-key'
  addressHashKey: 'address-hash-key'
  badgeSigningKey: 'badge-signing-key'
  badgePreviousSigningKeys: 'badge-previous-signing-keys'
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
    appInsightsName: appInsightsName
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
    name: storageAccountName
    location: location
    tags: tags
    sku: storageSku
    prefix: storagePrefix
    deploymentContainerName: deploymentContainerName
    appIdentityName: identityName
    workspaceId: monitoring.outputs.workspaceId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  dependsOn: [
    identity
  ]
  params: {
    name: keyVaultName
    location: location
    tags: tags
    appIdentityName: identityName
    operatorPrincipalId: operatorPrincipalId
    operatorPrincipalType: operatorPrincipalType
    operatorGroupId: operatorGroupId
    workspaceId: monitoring.outputs.workspaceId
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
      Cem__Email__AddressHashKey: secretNames.addressHashKey
      Cem__Awards__SigningKey: secretNames.badgeSigningKey
      Cem__Awards__PreviousSigningKeys: secretNames.badgePreviousSigningKeys
    }
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    appSettings: {
      CemStoragePrefix: storagePrefix
      Cem__StaffEmails: staffEmails
      Cem__Links__Lifetime: linkLifetime
      Cem__Email__FromAddress: emailFromAddress
      Cem__Email__FromName: emailFromName
      Cem__Email__WebhookPublicKey: sendGridWebhookPublicKey
      Cem__PressKits__CemStart: cemStart
      Cem__PressKits__CemEnd: cemEnd
      Cem__Comments__VoteRateLimit: '60'
      Cem__Comments__VoteRateLimitWindow: '00:10:00'
      Cem__Metrics__Recognition__ChampionEvents: '3'
      Cem__Metrics__Recognition__ChampionDistricts: '2'
      Cem__Awards__ReviewWindow: '3.00:00:00'
      Cem__Events__SuggestionRateLimit: '5'
      Cem__Events__SuggestionRateLimitWindow: '01:00:00'
      Cem__Events__PublishRateLimit: '100'
      Cem__Events__PublishRateLimitWindow: '01:00:00'
      Cem__Programs__JoinRateLimit: '10'
      Cem__Programs__JoinRateLimitWindow: '01:00:00'
      Cem__Reminders__SubscribeRateLimit: '10'
      Cem__Reminders__SubscribeAddressRateLimit: '3'
      Cem__Reminders__SubscribeRateLimitWindow: '01:00:00'
      MetricsRollupSchedule: metricsRollupSchedule
      CommentCleanupSchedule: commentCleanupSchedule
      RemindersSchedule: remindersSchedule
      MessageOutboxSchedule: messageOutboxSchedule
    }
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  dependsOn: [
    monitoring
    storage
    keyVault
  ]
  params: {
    namePrefix: 'cem-${resourceToken}'
    tags: tags
    location: location
    appInsightsName: appInsightsName
    storageAccountName: storageAccountName
    keyVaultName: keyVaultName
    emailAddress: alertEmailAddress
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

@description('Resource group (the post-provision hook and infra/smoke.sh use it).')
output AZURE_RESOURCE_GROUP string = resourceGroup().name

@description('Application Insights component (infra/smoke.sh queries it for telemetry).')
output AZURE_APPLICATION_INSIGHTS_NAME string = monitoring.outputs.appInsightsName
