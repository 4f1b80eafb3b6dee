// Every message string the emulator returns, in one place, so an open question of graph.md (A2, A4)
// is corrected here once after a live check. Quoted strings are the documented ones (graph.md A10).
export const graphMessages = {
  insufficientPrivileges: 'Insufficient privileges to complete the operation.',
  onPremMastered:
    'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.',
  passwordComplexity:
    'The specified password does not comply with password complexity requirements. Please provide a different password.',
  federatedPassword: 'Password cannot be updated for a user in a federated domain.',
  resourceNotFound: (id: string) =>
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  segmentNotFound: (segment: string) => `Resource not found for the segment '${segment}'.`,
  methodNotAllowed: 'Specified HTTP method is not allowed for the request target.',
  invalidBatch: 'Invalid batch payload format.',
  batchTooLarge: 'The batch request limit of 20 requests was exceeded.',
  batchDuplicateId: 'Batch request contains duplicate request ids.',
  batchBodyNeedsContentType: 'Content-Type header is required for a request with a body.',
  batchWriteWithoutBody: (id: string) => `Write request id : ${id} does not contain Content-Type header or body.`,
  batchDependencyMissing: (id: string) => `Request depends on id '${id}' which is not in the batch.`,
  failedDependency: 'Failed Dependency',
  malformedJson: 'Invalid request body: the request body is not valid JSON.',
  tokenEmpty: 'Access token is empty.',
  tokenInvalid: 'Access token validation failure. Invalid audience.',
  tokenSignature: 'Access token signature validation failed.',
  tokenExpired: 'Lifetime validation failed, the token is expired.',
  tokenWrongTenant: 'Access token tenant does not match the requested tenant.',
  throttled: 'Please retry again later.',
  throttledInner: 'Please retry after',
  unsupportedFilterProperty: (property: string, resource: string) =>
    `Unsupported or invalid query filter clause specified for property '${property}' of resource '${resource}'.`,
  unsupportedFilterSyntax: (detail: string) => `Invalid filter clause: ${detail}`,
  advancedQueryNeeded: (operator: string) =>
    `Operator '${operator}' is not supported because the required parameters might be missing. Try ` +
    `adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to ` +
    `https://aka.ms/graph-docs/advanced-queries for more information`,
  searchNeedsHeader:
    "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
  skipUnsupported: "'$skip' is not supported by the service.",
  customPageSize: 'This resource does not support custom page sizes',
  topOutOfRange: (max: number) => `Invalid page size specified: the value of $top must be between 1 and ${max}.`,
  unknownProperty: (property: string, type: string) =>
    `Could not find a property named '${property}' on type 'microsoft.graph.${type}'.`,
  listOnlyProperty: 'This operation target is not yet supported.',
  nonPremium: "Neither tenant is B2C or tenant doesn't have premium license",
  invalidSkipToken: 'Invalid skip token.',
  invalidPropertyValue: (property: string) => `Invalid value specified for property '${property}' of resource 'User'.`,
  readOnlyProperty: (property: string) => `Property '${property}' is read-only and cannot be set.`,
  tapPolicyDisallows:
    'Converged UserCredentialPolicy does not allow creating or updating of authentication method TemporaryAccessPass for this user.',
  tapGuest: 'Temporary Access Pass cannot be added to an external guest user',
  tapLifetime: (min: number, max: number) =>
    `The lifetime must be between ${min} and ${max} minutes, as set by the policy.`,
  tapUsableOnce: 'The policy only allows one-time Temporary Access Passes.',
  appOnlyNotSupported: 'This operation is not supported for an application-only token.',
  ownAccount: 'The password of the signed-in user cannot be reset with this operation.',
  newPasswordRequired: 'newPassword is required for a tenant with password writeback.',
  defaultMethod: 'Cannot delete default method with other methods configured',
  mobileWithAlternate:
    "A user can't have an alternateMobile number without a mobile number: delete the alternateMobile number first.",
  signInActivityLicence: "Neither tenant is B2C or tenant doesn't have premium license",
} as const;
