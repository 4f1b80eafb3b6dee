// The users collection's query rules: the properties Entra indexes for $filter and the operators
// that need an advanced query (graph.md A1).
import type { CollectionSpec } from './collection-query.ts';
import type { UserRecord } from './tenant-state.ts';
import { filterView } from './user-projection.ts';

const filterable = new Set([
  'id',
  'userprincipalname',
  'displayname',
  'givenname',
  'surname',
  'mail',
  'accountenabled',
  'usertype',
  'onpremisessyncenabled',
  'onpremisesimmutableid',
  'onpremisessamaccountname',
  'onpremisessecurityidentifier',
  'createddatetime',
  'department',
  'jobtitle',
  'employeeid',
  'lastpasswordchangedatetime',
  'signinactivity',
]);
const advanced = new Set(['ne', 'not', 'endsWith']);

export function collectionOf(
  fragment: string,
  project: (u: UserRecord) => Record<string, unknown>,
): CollectionSpec<UserRecord> {
  return {
    resourceName: 'User',
    contextFragment: fragment,
    filterable,
    advancedOperators: advanced,
    defaultTop: 100,
    maxTop: 999,
    supportsTop: true,
    view: filterView,
    project,
    searchable: ['displayName', 'mail', 'userPrincipalName'],
  };
}
