// ATTACK on "the helpdesk never resets a service account": a caller claims to own an application's
// account, and the agent (even a commander) has a verification on file for it. An account with a
// service principal name, one under a configured service-account OU and one matching a configured
// name pattern are each refused (IDENTITY_PROTECTED) for a temporary password, a TAP and a
// re-enable: nothing reaches the directory, no action is even recorded, the refusal is audited
// with the rule that matched. An ordinary user next to them gets the campaign's derived password.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  issueHelpdeskCredential,
  reenableAfterChange,
  type ConsoleActor,
} from '../../src/app/console/helpdesk-credential.ts';
import { ActionPasswords } from '../../src/engine/action-passwords.ts';
import { Secret } from '../../src/core/secret.ts';
import { recordVerification } from '../../src/store/helpdesk/record-verification.ts';
import type { OperatorRole } from '../../src/store/database.ts';
import { anIdentity } from '../core/support/an-identity.ts';
import { codeOf } from './support/code-of.ts';
import { discovered } from './support/discovered.ts';
import { aSecurityApp, type SecurityApp } from './support/security-app.ts';

let s: SecurityApp;
const key = (i: number) => `corp-ad-key-${i}`;
const accounts = [
  {
    what: 'a service principal name',
    identity: anIdentity({ name: 'user0', key: key(0), servicePrincipalNames: ['MSSQLSvc/db01.corp.example:1433'] }),
    rule: 'service-spn',
  },
  {
    what: 'a configured service-account OU',
    identity: anIdentity({ name: 'user1', key: key(1), dn: 'CN=user1,OU=Service Accounts,DC=corp,DC=example' }),
    rule: 'service-ou',
  },
  {
    what: 'a configured name pattern',
    identity: anIdentity({ name: 'app-payroll', key: key(2) }),
    rule: 'service-name-pattern',
  },
];
const ordinary = anIdentity({ name: 'user3', key: key(3) });

before(async () => {
  s = await aSecurityApp({
    extraConfig:
      'segments: { serviceAccountOus: ["OU=Service Accounts,DC=corp,DC=example"], serviceAccountNamePatterns: ["^app-"] }',
  });
  await discovered(await s.app.store(), {
    campaignId: s.campaignId,
    directory: 'corp-ad',
    identities: [...accounts.map((a) => a.identity), ordinary],
    now: new Date(),
  });
});
after(async () => s?.close());

const actor = (role: OperatorRole): ConsoleActor => ({ username: `${role}-1`, role, ip: '127.0.0.1' });

async function verified(identityKey: string, who: ConsoleActor): Promise<void> {
  await recordVerification(await s.app.store(), {
    campaignId: s.campaignId,
    directory: 'corp-ad',
    identityKey,
    method: 'call-back',
    evidence: 'caller says they own the application',
    verifiedBy: who.username,
    outcome: 'verified',
    now: new Date(),
  });
}

describe('service accounts at the helpdesk', () => {
  it('refuses an account by SPN, by OU and by name pattern, for every credential and every role: nothing recorded or written', async () => {
    const store = await s.app.store();
    for (const { what, identity, rule } of accounts) {
      for (const who of [actor('helpdesk'), actor('commander')]) {
        await verified(identity.key, who);
        const input = { campaignId: s.campaignId, directory: 'corp-ad', identityKey: identity.key, actor: who };
        assert.equal(
          await codeOf(issueHelpdeskCredential(s.app, { ...input, kind: 'temporary-password' })),
          'IDENTITY_PROTECTED',
          `${what}: temporary password by ${who.role}`,
        );
        assert.equal(
          await codeOf(issueHelpdeskCredential(s.app, { ...input, kind: 'tap' })),
          'IDENTITY_PROTECTED',
          `${what}: TAP by ${who.role}`,
        );
        assert.equal(
          await codeOf(reenableAfterChange(s.app, input)),
          'IDENTITY_PROTECTED',
          `${what}: re-enable by ${who.role}`,
        );
      }
      assert.deepEqual(s.ad.writesTo(identity.key), [], `${what}: nothing reached the directory`);
      const user = s.ad.users.get(identity.key)!;
      assert.deepEqual(
        [user.password, user.mustChange, user.enabled],
        [null, false, true],
        `${what}: the account is as it was`,
      );
      const actions = await store.db
        .selectFrom('actions')
        .select('id')
        .where('identityKey', '=', identity.key)
        .execute();
      assert.equal(actions.length, 0, `${what}: refused before anything was recorded`);
      const audit = await store.db
        .selectFrom('auditLog')
        .select(['actor', 'action', 'details'])
        .where('target', '=', `corp-ad:${identity.key}`)
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        audit.map((a) => [a.actor, a.action, (JSON.parse(a.details) as { rule: string }).rule]),
        [
          ...Array.from({ length: 3 }, () => ['helpdesk-1', 'helpdesk.refused-service-account', rule]),
          ...Array.from({ length: 3 }, () => ['commander-1', 'helpdesk.refused-service-account', rule]),
        ],
        `${what}: every refusal audited with its rule`,
      );
    }

    // The control: an ordinary user gets a must-change password, the one derived for its action.
    const agent = actor('helpdesk');
    await verified(ordinary.key, agent);
    const issued = await issueHelpdeskCredential(s.app, {
      campaignId: s.campaignId,
      directory: 'corp-ad',
      identityKey: ordinary.key,
      kind: 'temporary-password',
      actor: agent,
    });
    const action = await store.db
      .selectFrom('actions')
      .select(['id', 'state'])
      .where('identityKey', '=', ordinary.key)
      .executeTakeFirstOrThrow();
    assert.equal(action.state, 'applied');
    const user = s.ad.users.get(ordinary.key)!;
    assert.equal(user.mustChange, true);
    assert.equal(user.password, issued.secret.reveal());
    assert.equal(
      user.password,
      (
        await new ActionPasswords(() => new Secret(s.key), s.campaignId).passwordFor(Number(action.id), [ordinary.name])
      ).reveal(),
    );
  });
});
