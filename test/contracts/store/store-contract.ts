// The store contract: one suite, run against every implementation (SQLite, PostgreSQL). Each
// runner supplies a factory that makes fresh, empty stores; everything is asserted on what is
// read back from the database.
import { after, before, describe } from 'node:test';
import { openStore, type Store } from '../../../src/store/open-store.ts';
import { actionReadsContract } from './action-reads-contract.ts';
import { auditContract } from './audit-contract.ts';
import { claimContract } from './claim-contract.ts';
import { consoleContract } from './console-contract.ts';
import { consoleReadsContract } from './console-reads-contract.ts';
import { discoveryConsoleReadsContract } from './discovery-console-reads-contract.ts';
import { discoveryLinksContract } from './discovery-links-contract.ts';
import { failureReadsContract } from './failure-reads-contract.ts';
import { oidcContract } from './oidc-contract.ts';
import { readerContract } from './reader-contract.ts';
import { governanceContract } from './governance-contract.ts';
import { identitiesContract } from './identities-contract.ts';
import { identitySearchContract } from './identity-search-contract.ts';
import { killContract } from './kill-contract.ts';
import { manualTasksContract } from './manual-tasks-contract.ts';
import { migrationsContract } from './migrations-contract.ts';
import { planAuditReadsContract } from './plan-audit-reads-contract.ts';
import { planBodyContract } from './plan-body-contract.ts';
import { planRowsContract } from './plan-rows-contract.ts';
import { planSpillContract } from './plan-spill-contract.ts';
import { planSpillPlanningContract } from './plan-spill-planning-contract.ts';
import type { StoreFactory } from './store-fixtures.ts';
import { syncedLinksContract } from './synced-links-contract.ts';
import { transitionContract } from './transition-contract.ts';
import { verifyFindingsContract } from './verify-findings-contract.ts';

export type { StoreFactory } from './store-fixtures.ts';

export function storeContract(factory: StoreFactory): void {
  describe(`store contract (${factory.name})`, () => {
    let store: Store | undefined;
    const current = (): Store => {
      if (!store) throw new Error('the shared store is not open');
      return store;
    };
    before(async () => {
      store = await openStore(await factory.freshUrl());
    });
    after(async () => {
      await store?.close();
    });

    describe('migrations', () => migrationsContract(factory));
    describe('identities', () => identitiesContract(current));
    describe('synced links planning asks for', () => syncedLinksContract(current, factory));
    describe('discovery links and scratch', () => discoveryLinksContract(current));
    describe('helpdesk identity search', () => identitySearchContract(current));
    describe('claiming', () => claimContract(current));
    describe('transitions and journal', () => transitionContract(current));
    describe('a worker killed mid-run', () => killContract(current));
    describe('audit chain', () => auditContract(factory));
    describe('approvals, waves, kill switch, status', () => governanceContract(current));
    describe('operators, sessions, helpdesk verifications', () => consoleContract(current));
    describe('OIDC sign-in state', () => oidcContract(current));
    describe('manual tasks', () => manualTasksContract(current));
    describe('reads of actions, verification', () => actionReadsContract(current));
    describe('reads of plans, audit entries, campaigns', () => planAuditReadsContract(current, factory));
    describe('reads of identities, operators, notices', () => discoveryConsoleReadsContract(current));
    describe('reads behind the console', () => consoleReadsContract(current));
    describe('failed actions by cause and by minute', () => failureReadsContract(current));
    describe('the reader for long reads', () => readerContract(current, factory));
    describe('plan assignments as rows', () => planRowsContract(current, factory));
    describe('plan version ids and bodies, byte for byte', () => planBodyContract(current));
    describe('the scratch spill of a planning run', () => planSpillContract(current));
    describe('planning through the spill, saved from pages', () => planSpillPlanningContract(current, factory));
    describe('verify findings as rows', () => verifyFindingsContract(current));
  });
}
