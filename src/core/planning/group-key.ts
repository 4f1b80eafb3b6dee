// The value an identity's wave is grouped by: department, site, office, OU (the parent of its DN),
// directory, or any attribute (`attribute:NAME`).
import { ReclaimError } from '../errors/reclaim-error.ts';
import type { Identity } from '../identity.ts';

export const noGroup = '(none)';

export function groupKeyOf(groupBy: string): (identity: Identity) => string {
  switch (groupBy) {
    case 'department':
      return (i) => i.department ?? noGroup;
    case 'site':
      return (i) => i.site ?? noGroup;
    case 'office':
      return (i) => i.office ?? noGroup;
    case 'directory':
      return (i) => i.directory;
    case 'none':
      return () => noGroup;
    case 'ou':
      return (i) => {
        if (!i.dn) return noGroup;
        // the first unescaped comma ends the identity's own RDN
        const m = /^(?:[^,\\]|\\.)*,/.exec(i.dn);
        return m ? i.dn.slice(m[0].length) : noGroup;
      };
    default: {
      if (!groupBy.startsWith('attribute:') || groupBy.length <= 10) {
        throw new ReclaimError(
          'CONFIG_INVALID',
          `waves.groupBy: expected department, site, office, ou, directory, none or attribute:NAME, got ${groupBy}`,
        );
      }
      const name = groupBy.slice(10);
      return (i) => {
        const v = i.attributes[name];
        if (v === undefined) return noGroup;
        return Array.isArray(v) ? (v[0] ?? noGroup) : v;
      };
    }
  }
}
