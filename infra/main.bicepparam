// Parameters for CI and `az deployment group create -g <rg> -f infra/main.bicep -p infra/main.bicepparam`.
// Non-secret values have defaults here that an environment variable overrides; secrets come only from
// environment variables and are empty unless set (empty = leave the Key Vault secret as it is).
// infra/main.snapshot.json is generated from this file with no CEM_* variables set.
using 'main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'cem-prod')
param location = readEnvironmentVariable('AZURE_LOCATION', 'eastus2')
param staffEmails = readEnvironmentVariable('CEM_STAFF_EMAILS', 'cem-staff@example.org')
param emailFromAddress = readEnvironmentVariable('CEM_EMAIL_FROM_ADDRESS', 'no-reply@example.org')
param emailFromName = readEnvironmentVariable('CEM_EMAIL_FROM_NAME', 'Connected Educator Month')
param operatorPrincipalId = readEnvironmentVariable('CEM_OPERATOR_PRINCIPAL_ID', '')
param operatorPrincipalType = 'User'

param sendGridApiKey = readEnvironmentVariable('CEM_SENDGRID_API_KEY', '')
param linksCurrentKey = readEnvironmentVariable('CEM_LINKS_CURRENT_KEY', '')
param linksPreviousKey = readEnvironmentVariable('CEM_LINKS_PREVIOUS_KEY', '')
param clientHashKey = readEnvironmentVariable('CEM_CLIENT_HASH_KEY', '')
