// Every v1.0 route the emulator serves.
import { Router } from './router.ts';
import { patchUser } from './user-patch.ts';
import { getUser, listUsers, revokeSignInSessions } from './users-routes.ts';

export function graphRoutes(): Router {
  return new Router()
    .add('GET', '/users', listUsers, { baseCost: 2 })
    .add('GET', '/users/{id}', getUser)
    .add('PATCH', '/users/{id}', patchUser)
    .add('POST', '/users/{id}/revokeSignInSessions', revokeSignInSessions);
}
