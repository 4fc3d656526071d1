// The one storage account: the Functions host (locks, timers, queue triggers), the app's own
// tables/queues/blobs, and the Flex Consumption deployment package. No shared keys: every client
// authenticates with Entra ID (the app's user-assigned identity).
@description('Storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the account.')
param tags object

@description('Redundancy: Standard_LRS, or Standard_ZRS to survive the loss of a zone.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
])
param sku string

@description('Log Analytics workspace that receives the blob, queue and table audit logs (writes and deletes).')
param workspaceId string

@description('Prefix the app puts on its tables, queues and containers (setting CemStoragePrefix).')
param prefix string

@description('Blob container that holds the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Name of the app\'s user-assigned identity (in this resource group).')
param appIdentityName string

// Names the app derives from CemStoragePrefix; keep in step with Cem.Core's storage naming.
var tableNames = [
  '${prefix}Signups'
  '${prefix}SentEmails'
  '${prefix}Comments'
  '${prefix}CommentAuthors'
  '${prefix}CommentGuards'
  '${prefix}StateMetrics'
  '${prefix}ParticipationLog'
  '${prefix}Sessions'
  '${prefix}Editions'
  '${prefix}Events'
  '${prefix}Awards'
  '${prefix}PendingMessages'
  '${prefix}EventReminders'
]
var appQueueNames = [
  '${prefix}-signup-received'
  '${prefix}-signup-confirmed'
  '${prefix}-signup-decided'
  '${prefix}-press-kit-requested'
  '${prefix}-comment-received'
  '${prefix}-comment-approved'
  '${prefix}-sign-in-requested'
  '${prefix}-event-suggested'
  '${prefix}-event-suggestion-confirmed'
  '${prefix}-event-suggestion-decided'
  '${prefix}-event-changed'
  '${prefix}-event-reminders'
  '${prefix}-district-changed'
]
// The Functions host moves a message to '<queue>-poison' after maxDequeueCount failures.
var queueNames = concat(appQueueNames, map(appQueueNames, q => '${q}-poison'))
var containerNames = [
  '${prefix}-press-kits'
  deploymentContainerName
]

// Least privilege for what the app and the host do. Blob Data Owner (not Contributor) because the
// host takes blob leases for singleton locks and timer schedules and Flex reads the package with it.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: appIdentityName
}

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: sku
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      services: {
        blob: {
          enabled: true
        }
        file: {
          enabled: true
        }
        table: {
          enabled: true
        }
        queue: {
          enabled: true
        }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = [
  for containerName in containerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-06-01' = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
  }
]

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

// Data-plane audit of each service: every write and delete, with the identity that made it. Reads are left out:
// queue polling alone would be most of the volume, against a 1 GB daily cap.
var auditToWorkspace = {
  workspaceId: workspaceId
  logs: [
    {
      category: 'StorageWrite'
      enabled: true
    }
    {
      category: 'StorageDelete'
      enabled: true
    }
  ]
}

#disable-next-line use-recent-api-versions // the newest version of the extension resource; the linter's 2016-09-01 is the old, non-extension shape
resource blobAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: blobService
  properties: auditToWorkspace
}

#disable-next-line use-recent-api-versions // as above
resource queueAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: queueService
  properties: auditToWorkspace
}

#disable-next-line use-recent-api-versions // as above
resource tableAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: tableService
  properties: auditToWorkspace
}

resource roleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in items(roles): {
    name: guid(account.id, appIdentity.id, role.value)
    scope: account
    properties: {
      principalId: appIdentity.properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
    }
  }
]

@description('Storage account name.')
output name string = account.name

@description('Blob endpoint, e.g. https://<account>.blob.core.windows.net/.')
output blobEndpoint string = account.properties.primaryEndpoints.blob

@description('Queue endpoint.')
output queueEndpoint string = account.properties.primaryEndpoints.queue

@description('Table endpoint.')
output tableEndpoint string = account.properties.primaryEndpoints.table
