// The ordered list of migrations. Kysely sorts by name, so names carry a zero-padded number.
// Up-only: Reclaim never migrates down (a store is restored from backup instead).
import type { Migration, MigrationProvider } from 'kysely';
import type { StoreDialect } from '../store-dialect.ts';
import { migration0001 } from './0001-initial.ts';
import { migration0002 } from './0002-action-counts.ts';
import { migration0003 } from './0003-operator-totp-step.ts';
import { migration0004 } from './0004-login-attempts.ts';
import { migration0005 } from './0005-operator-oidc.ts';
import { migration0007 } from './0007-journal-tallies.ts';
import { migration0008 } from './0008-plan-figures.ts';
import { migration0009 } from './0009-operator-tokens-and-key.ts';
import { migration0010 } from './0010-manual-tasks.ts';
import { migration0011 } from './0011-login-failures.ts';
import { migration0012 } from './0012-plan-waves-and-name-search.ts';
import { migration0013 } from './0013-failure-and-audit-indexes.ts';
import { migration0014 } from './0014-plan-assignments.ts';
import { migration0015 } from './0015-verify-findings.ts';
import { migration0016 } from './0016-plan-spill.ts';
import { migration0017 } from './0017-identity-sid.ts';
import { migration0018 } from './0018-identity-links.ts';

export function storeMigrations(dialect: StoreDialect): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return {
        '0001-initial': migration0001(dialect),
        '0002-action-counts': migration0002(dialect),
        '0003-operator-totp-step': migration0003(dialect),
        '0004-login-attempts': migration0004(dialect),
        '0005-operator-oidc': migration0005(dialect),
        '0007-journal-tallies': migration0007(dialect),
        '0008-plan-figures': migration0008(dialect),
        '0009-operator-tokens-and-key': migration0009(dialect),
        '0010-manual-tasks': migration0010(dialect),
        '0011-login-failures': migration0011(dialect),
        '0012-plan-waves-and-name-search': migration0012(dialect),
        '0013-failure-and-audit-indexes': migration0013(dialect),
        '0014-plan-assignments': migration0014(dialect),
        '0015-verify-findings': migration0015(dialect),
        '0016-plan-spill': migration0016(dialect),
        '0017-identity-sid': migration0017(dialect),
        '0018-identity-links': migration0018(dialect),
      };
    },
  };
}
