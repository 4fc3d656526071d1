// Function App on the Flex Consumption plan (FC1), .NET 10 isolated worker, running as the
// user-assigned identity: storage, Key Vault references, deployment package and telemetry all use it.
@description('Function App name.')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Azure region.')
param location string

@description('Tags applied to the plan and the app (the app also gets azd-service-name).')
param tags object

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

@description('Blob endpoint of the storage account (ends in a slash).')
param blobEndpoint string

@description('Queue endpoint of the storage account.')
param queueEndpoint string

@description('Table endpoint of the storage account.')
param tableEndpoint string

@description('Blob container holding the deployment package.')
param deploymentContainerName string

@description('Application Insights connection string (not a credential; local auth is disabled).')
param appInsightsConnectionString string

@description('Key Vault URI, ending in a slash.')
param keyVaultUri string

@description('App setting name to Key Vault secret name, for the settings that hold secrets.')
param vaultReferencedSettings object

@description('Instance memory in MB; Flex Consumption allows 512, 2048 or 4096.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Upper bound on instances; a guard rail against runaway scale and cost.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Settings the app reads, other than storage, telemetry and secrets.')
param appSettings object

// A reference without a version follows the latest secret version (picked up within a day or on restart).
var keyVaultReference = map(items(vaultReferencedSettings), s => {
  key: s.key
  value: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${s.value})'
})
var secretReferences = toObject(keyVaultReference, s => s.key, s => s.value)

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// No publish profiles: FTP and SCM basic authentication are off; deployments use Entra ID (OIDC in CI).
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

// Separate from the site so Cem__PublicBaseUrl can use the host name Azure assigns.
// Flex Consumption forbids FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION, WEBSITE_RUN_FROM_PACKAGE
// and the content-share settings: the runtime and package live in functionAppConfig instead.
resource settings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, {
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    AzureWebJobsStorage__blobServiceUri: blobEndpoint
    AzureWebJobsStorage__queueServiceUri: queueEndpoint
    AzureWebJobsStorage__tableServiceUri: tableEndpoint
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    Cem__PublicBaseUrl: 'https://${site.properties.defaultHostName}'
  }, secretReferences)
}

@description('Function App name.')
output name string = site.name

@description('Default host name.')
output defaultHostName string = site.properties.defaultHostName
