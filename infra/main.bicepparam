// Parameters for CI and `az deployment group create -g <rg> -f infra/main.bicep -p infra/main.bicepparam`.
// Non-secret values have defaults here that an environment variable overrides; secrets come only from
// environment variables and are empty unless set (empty = leave the Key Vault secret as it is).
// infra/main.snapshot.json is generated from this file with no CEM_* or AZURE_* variables set
// (see infra/README.md for the command; Cem.Tests/Infra checks it is current).
// Keep in step with infra/main.parameters.json, which azd reads with the same variable names.
using 'main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'cem-prod')
param location = readEnvironmentVariable('AZURE_LOCATION', 'eastus2')
param staffEmails = readEnvironmentVariable('CEM_STAFF_EMAILS', 'cem-staff@example.org')
param emailFromAddress = readEnvironmentVariable('CEM_EMAIL_FROM_ADDRESS', 'no-reply@example.org')
param emailFromName = readEnvironmentVariable('CEM_EMAIL_FROM_NAME', 'Connected Educator Month')
// azd sets AZURE_PRINCIPAL_ID/AZURE_PRINCIPAL_TYPE to the signed-in operator; elsewhere set them to grant Key Vault Secrets Officer.
param operatorPrincipalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')
param operatorPrincipalType = readEnvironmentVariable('AZURE_PRINCIPAL_TYPE', 'User')

param sendGridApiKey = readEnvironmentVariable('CEM_SENDGRID_API_KEY', '')
param linksCurrentKey = readEnvironmentVariable('CEM_LINKS_CURRENT_KEY', '')
param linksPreviousKey = readEnvironmentVariable('CEM_LINKS_PREVIOUS_KEY', '')
param clientHashKey = readEnvironmentVariable('CEM_CLIENT_HASH_KEY', '')
