// Alert rules on the two services the app cannot run without. Refused requests are the signal that matters most:
// a missing role, a role not yet propagated, or a secret the app cannot read shows up here before users report it.
// Beside them, log alerts on the app's own telemetry: emails that failed and queue messages that reached a poison queue.
@description('Prefix of the alert rule and action group names.')
param namePrefix string

@description('Tags applied to every resource.')
param tags object

@description('Name of the storage account (in this resource group).')
param storageAccountName string

@description('Name of the Key Vault (in this resource group).')
param keyVaultName string

@description('Azure region (log alert rules are regional).')
param location string

@description('Name of the Application Insights component (in this resource group) the app sends telemetry to.')
param appInsightsName string

@description('Email address the alerts notify. Empty: no action group; the alerts fire in the portal only.')
param emailAddress string = ''

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2026-02-01' existing = {
  name: keyVaultName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(emailAddress)) {
  name: 'ag-${namePrefix}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'cem-ops'
    enabled: true
    emailReceivers: [
      {
        name: 'operators'
        emailAddress: emailAddress
        useCommonAlertSchema: true
      }
    ]
  }
}

var actions = empty(emailAddress) ? [] : [
  {
    actionGroupId: actionGroup.id
  }
]

// Each rule: a metric on one resource, a dimension filter, and a threshold over 15 minutes.
var rules = [
  {
    name: 'storage-refused'
    description: 'Storage refused requests for lack of permission (AuthorizationError): a missing or not yet propagated role.'
    scope: account.id
    metric: 'Transactions'
    dimension: 'ResponseType'
    values: [
      'AuthorizationError'
    ]
    aggregation: 'Total'
    operator: 'GreaterThan'
    threshold: 0
    severity: 1
  }
  {
    name: 'storage-availability'
    description: 'Storage availability fell below 99%.'
    scope: account.id
    metric: 'Availability'
    dimension: ''
    values: []
    aggregation: 'Average'
    operator: 'LessThan'
    threshold: 99
    severity: 1
  }
  {
    name: 'keyvault-refused'
    description: 'Key Vault answered 401 or 403: a Key Vault reference or the operator lacks a role, or a token was refused.'
    scope: vault.id
    metric: 'ServiceApiResult'
    dimension: 'StatusCode'
    values: [
      '401'
      '403'
    ]
    aggregation: 'Count'
    operator: 'GreaterThan'
    threshold: 0
    severity: 2
  }
  {
    name: 'keyvault-availability'
    description: 'Key Vault availability fell below 99%: Key Vault references may not resolve on restart.'
    scope: vault.id
    metric: 'Availability'
    dimension: ''
    values: []
    aggregation: 'Average'
    operator: 'LessThan'
    threshold: 99
    severity: 2
  }
]

resource metricAlerts 'Microsoft.Insights/metricAlerts@2026-01-01' = [
  for rule in rules: {
    name: '${namePrefix}-${rule.name}'
    location: 'global'
    tags: tags
    properties: {
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [
        rule.scope
      ]
      evaluationFrequency: 'PT5M'
      windowSize: 'PT15M'
      autoMitigate: true
      criteria: {
        'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
        allOf: [
          {
            criterionType: 'StaticThresholdCriterion'
            name: rule.name
            metricName: rule.metric
            timeAggregation: rule.aggregation
            operator: rule.operator
            threshold: rule.threshold
            dimensions: empty(rule.dimension) ? [] : [
              {
                name: rule.dimension
                operator: 'Include'
                values: rule.values
              }
            ]
          }
        ]
      }
      actions: actions
    }
  }
]

@description('Names of the alert rules.')
output ruleNames array = [for (rule, i) in rules: metricAlerts[i].name]

// Log alerts over Application Insights: each query's "events" column summed over 15 minutes, checked every 5.
// The app's named metrics arrive as customMetrics (valueSum is the count); the Functions host moves a message that
// failed maxDequeueCount times to <queue>-poison itself and says so in a warning.
var logRules = [
  {
    name: 'email-failures'
    description: 'Emails failed: SendGrid refused one for good, retries gave up after the retry horizon, or SendGrid reported a bounce, drop or spam report (metric cem.emails.failed). Staff see each in the SentEmails failure log.'
    query: 'customMetrics | where name == "cem.emails.failed" | summarize events = sum(valueSum)'
    severity: 2
  }
  {
    name: 'poison-messages'
    description: 'Queue messages reached a poison queue: moved by the app past the email retry horizon (metric cem.messages.poisoned) or by the Functions host after maxDequeueCount failed attempts. They wait there until replayed.'
    query: 'union (customMetrics | where name == "cem.messages.poisoned" | project events = valueSum), (traces | where message has "Moving message to queue" and message has "-poison" | project events = 1.0) | summarize events = sum(events)'
    severity: 1
  }
]

resource logAlerts 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = [
  for rule in logRules: {
    name: '${namePrefix}-${rule.name}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: '${namePrefix}-${rule.name}'
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [
        appInsights.id
      ]
      evaluationFrequency: 'PT5M'
      windowSize: 'PT15M'
      autoMitigate: true
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Total'
            metricMeasureColumn: 'events'
            operator: 'GreaterThan'
            threshold: 0
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      actions: {
        actionGroups: map(actions, a => a.actionGroupId)
      }
    }
  }
]

@description('Names of the log alert rules.')
output logRuleNames array = [for (rule, i) in logRules: logAlerts[i].name]
