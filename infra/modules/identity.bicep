// The one identity the Functions app runs as. User-assigned, so role assignments can be granted
// before the app exists and survive the app being recreated.
@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Name of the identity.')
output name string = identity.name

@description('Resource id of the identity.')
output id string = identity.id

@description('Client (application) id, used by the app to pick this identity.')
output clientId string = identity.properties.clientId

@description('Object (principal) id, used in role assignments.')
output principalId string = identity.properties.principalId
