// Example values for the offline checks only: `bicep snapshot` needs a .bicepparam file, and
// Cem.Tests/Infra compares infra/snapshot/main.snapshot.json with what the templates produce for these
// values (see infra/README.md). Nothing deploys with this file: azd and CI use infra/main.parameters.json,
// and prompt for or demand every value that has no safe default. It lives in its own folder because azd
// would use an infra/main.bicepparam in place of main.parameters.json, and never prompt.
using '../main.bicep'

param environmentName = 'cem-prod'
param location = 'eastus2'
param staffEmails = 'cem-staff@example.org'
param emailFromAddress = 'no-reply@example.org'
param operatorPrincipalId = '11111111-1111-1111-1111-111111111111'
param operatorPrincipalType = 'User'
param operatorGroupId = '22222222-2222-2222-2222-222222222222'
param alertEmailAddress = 'cem-ops@example.org'
