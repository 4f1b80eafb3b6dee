// Every v1.0 route the emulator serves, with its throttling bucket and base cost (graph.md A9).
import { deleteMethod, getRegistrationDetails, listMethods, listRegistrationDetails } from './auth-methods-routes.ts';
import { getGroup, listGroupEligibilitySchedules, listGroupMembers, listGroups } from './group-routes.ts';
import { getOperation, resetPassword } from './reset-password-routes.ts';
import {
  getDirectoryRole,
  listDirectoryRoleMembers,
  listDirectoryRoles,
  listRoleAssignments,
  listRoleDefinitions,
  listRoleEligibilitySchedules,
} from './role-routes.ts';
import { Router } from './router.ts';
import { createTap, deleteTap, getTap, getTapPolicy, listTaps, patchTapPolicy } from './tap-routes.ts';
import {
  getOnPremisesSynchronization,
  getOrganization,
  listAuthenticationStrengths,
  listConditionalAccessPolicies,
} from './tenant-routes.ts';
import { patchUser } from './user-patch.ts';
import { getUser, listUsers, revokeSignInSessions } from './users-routes.ts';

export function graphRoutes(): Router {
  const methods = { bucket: 'authMethods' as const };
  return new Router()
    .add('GET', '/users', listUsers, { baseCost: 2 })
    .add('GET', '/users/{id}', getUser)
    .add('PATCH', '/users/{id}', patchUser)
    .add('POST', '/users/{id}/revokeSignInSessions', revokeSignInSessions)
    .add('GET', '/users/{id}/authentication/methods', listMethods, methods)
    .add('POST', '/users/{id}/authentication/methods/{methodId}/resetPassword', resetPassword, methods)
    .add('GET', '/users/{id}/authentication/operations/{opId}', getOperation, methods)
    .add('GET', '/users/{id}/authentication/temporaryAccessPassMethods', listTaps, methods)
    .add('POST', '/users/{id}/authentication/temporaryAccessPassMethods', createTap, methods)
    .add('GET', '/users/{id}/authentication/temporaryAccessPassMethods/{methodId}', getTap, methods)
    .add('DELETE', '/users/{id}/authentication/temporaryAccessPassMethods/{methodId}', deleteTap, methods)
    .add('DELETE', '/users/{id}/authentication/{kind}/{methodId}', deleteMethod, methods)
    .add(
      'GET',
      '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass',
      getTapPolicy,
    )
    .add(
      'PATCH',
      '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass',
      patchTapPolicy,
    )
    .add('GET', '/policies/authenticationStrengthPolicies', listAuthenticationStrengths)
    .add('GET', '/reports/authenticationMethods/userRegistrationDetails', listRegistrationDetails, {
      bucket: 'reports',
    })
    .add('GET', '/reports/authenticationMethods/userRegistrationDetails/{id}', getRegistrationDetails, {
      bucket: 'reports',
    })
    .add('GET', '/directoryRoles', listDirectoryRoles)
    .add('GET', '/directoryRoles({key})/members', listDirectoryRoleMembers)
    .add('GET', '/directoryRoles/{id}', getDirectoryRole)
    .add('GET', '/directoryRoles/{id}/members', listDirectoryRoleMembers)
    .add('GET', '/roleManagement/directory/roleDefinitions', listRoleDefinitions)
    .add('GET', '/roleManagement/directory/roleAssignments', listRoleAssignments)
    .add('GET', '/roleManagement/directory/roleEligibilitySchedules', listRoleEligibilitySchedules)
    .add('GET', '/groups', listGroups)
    .add('GET', '/groups/{id}', getGroup)
    .add('GET', '/groups/{id}/members', listGroupMembers)
    .add('GET', '/groups/{id}/transitiveMembers', listGroupMembers)
    .add('GET', '/identityGovernance/privilegedAccess/group/eligibilitySchedules', listGroupEligibilitySchedules)
    .add('GET', '/organization', getOrganization)
    .add('GET', '/directory/onPremisesSynchronization', getOnPremisesSynchronization)
    .add('GET', '/identity/conditionalAccess/policies', listConditionalAccessPolicies, { bucket: 'conditionalAccess' });
}
