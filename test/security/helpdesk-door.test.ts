// ATTACKS on "the helpdesk path goes through the one door", from the console, as a helpdesk agent
// (or an operator) who records their own verification and then asks for a credential:
// - a protected but unprivileged identity (listed under protected.identities, or a member of a
//   protected group) is refused (IDENTITY_PROTECTED): nothing reaches the directory, the refusal is
//   audited and the request is in the journal as a refused action, whatever the agent's role;
// - while the kill switch is engaged nothing is recorded or written (KILL_SWITCH_ENGAGED), also when
//   the switch is pulled while the request is in flight; after `resume` the same request works;
// - an aborted campaign writes nothing more, even once someone released its kill switch (CAMPAIGN_CLOSED).
// The console talks to a recording double directory: `applied` is everything that reached it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { controlCampaign } from '../../src/app/campaign/campaign-controls.ts';
import { sessionCookie } from '../../src/server/create-console-server.ts';
import { anIdentity } from '../core/support/an-identity.ts';
import { startConsoleFixture, type ConsoleFixture, type Signed } from '../server/support/console-fixture.ts';
import { discovered } from './support/discovered.ts';

let f: ConsoleFixture;

const people = {
  plain: anIdentity({ name: 'jdoe', kind: 'entra', key: 'u-1' }),
  listed: anIdentity({ name: 'bg-helper', kind: 'entra', key: 'u-3' }),
  grouped: anIdentity({ name: 'kim', kind: 'entra', key: 'u-4', memberOf: ['Tier0 Operators'] }),
};

before(async () => {
  f = await startConsoleFixture({}, ['protected: { identities: ["bg-helper"], groups: ["Tier0 Operators"] }']);
  await discovered(await f.app.store(), {
    campaignId: f.campaignId,
    directory: 'cloud',
    identities: Object.values(people),
    now: f.clock.at,
  });
  const approved = await post(await f.as('commander'), `/api/campaigns/${f.campaignId}/approve`, {
    versionId: f.versionId,
  });
  assert.equal(approved.statusCode, 200, approved.body);
});
after(async () => f?.close());

function post(signed: Signed, url: string, payload: object = {}) {
  return f.server.inject({
    method: 'POST',
    url,
    cookies: { [sessionCookie]: signed.cookie },
    headers: { 'x-csrf-token': signed.csrf },
    payload,
  });
}

async function verify(signed: Signed, key: string): Promise<void> {
  const r = await post(signed, `/api/campaigns/${f.campaignId}/verifications`, {
    directory: 'cloud',
    identityKey: key,
    method: 'call-back',
    evidence: 'called back the number on file',
    outcome: 'verified',
  });
  assert.equal(r.statusCode, 200, r.body);
}

async function credential(signed: Signed, key: string, kind: 'temporary-password' | 'tap' = 'temporary-password') {
  const r = await post(signed, `/api/campaigns/${f.campaignId}/credentials`, {
    directory: 'cloud',
    identityKey: key,
    kind,
  });
  const body = r.json() as { value?: string; error?: { code: string } };
  return { status: r.statusCode, code: body.error?.code ?? null, value: body.value ?? null };
}

const writesTo = (key: string) => f.applied.filter((a) => a.identity.key === key);

async function actionsOf(key: string) {
  const store = await f.app.store();
  const actions = await store.db
    .selectFrom('actions')
    .select(['id', 'kind', 'state', 'lastErrorCode'])
    .where('identityKey', '=', key)
    .orderBy('id')
    .execute();
  const out = [];
  for (const a of actions) {
    const events = await store.db
      .selectFrom('journalEvents')
      .select('event')
      .where('actionId', '=', a.id)
      .orderBy('seq')
      .execute();
    out.push({ kind: a.kind, state: a.state, code: a.lastErrorCode, events: events.map((e) => e.event) });
  }
  return out;
}

async function auditOf(key: string) {
  const store = await f.app.store();
  const rows = await store.db
    .selectFrom('auditLog')
    .select(['actor', 'action', 'details'])
    .where('target', '=', `cloud:${key}`)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    actor: r.actor,
    action: r.action,
    code: (JSON.parse(r.details) as { code?: string }).code ?? null,
  }));
}

describe('the helpdesk through the one door', () => {
  it('refuses a protected but unprivileged identity (listed, or in a protected group), for any role: nothing written, audited, journaled', async () => {
    const helpdesk = await f.as('helpdesk');
    const operator = await f.as('operator');
    for (const person of [people.listed, people.grouped]) {
      assert.equal(person.privileged.length, 0, 'not privileged: only the protection rules stop it');
      await verify(helpdesk, person.key);
      await verify(operator, person.key);
      assert.deepEqual(await credential(helpdesk, person.key), {
        status: 403,
        code: 'IDENTITY_PROTECTED',
        value: null,
      });
      // an operator may reset privileged identities; a protected one stays out of reach all the same
      assert.deepEqual(await credential(operator, person.key, 'tap'), {
        status: 403,
        code: 'IDENTITY_PROTECTED',
        value: null,
      });

      assert.deepEqual(writesTo(person.key), [], `nothing reached the directory for ${person.name}`);
      assert.deepEqual(
        await actionsOf(person.key),
        [
          { kind: 'resetPassword', state: 'failed', code: 'IDENTITY_PROTECTED', events: ['claim', 'refused'] },
          { kind: 'issueTap', state: 'failed', code: 'IDENTITY_PROTECTED', events: ['claim', 'refused'] },
        ],
        'each request is a refused action in the journal, never started',
      );
      assert.deepEqual(
        (await auditOf(person.key)).filter((a) => a.action.startsWith('helpdesk.credential')),
        [
          { actor: 'helpdesk-1', action: 'helpdesk.credential.start', code: null },
          { actor: 'helpdesk-1', action: 'helpdesk.credential.refused', code: 'IDENTITY_PROTECTED' },
          { actor: 'operator-1', action: 'helpdesk.credential.start', code: null },
          { actor: 'operator-1', action: 'helpdesk.credential.refused', code: 'IDENTITY_PROTECTED' },
        ],
      );
    }
    // The control: the same agent, the same request, on an ordinary person.
    await verify(helpdesk, people.plain.key);
    const issued = await credential(helpdesk, people.plain.key);
    assert.equal(issued.status, 200);
    assert.deepEqual(
      writesTo(people.plain.key).map((a) => a.kind),
      ['resetPassword'],
    );
  });

  it('refuses while the kill switch is engaged (nothing recorded or written), and the same request works after resume', async () => {
    const helpdesk = await f.as('helpdesk');
    const commander = await f.as('commander');
    const key = people.plain.key;
    await verify(helpdesk, key);
    const writesBefore = writesTo(key).length;
    const actionsBefore = (await actionsOf(key)).length;
    assert.equal(
      (await post(commander, `/api/campaigns/${f.campaignId}/pause`, { reason: 'attacker active' })).statusCode,
      200,
    );

    for (const kind of ['temporary-password', 'tap'] as const) {
      assert.deepEqual(await credential(helpdesk, key, kind), {
        status: 409,
        code: 'KILL_SWITCH_ENGAGED',
        value: null,
      });
    }
    assert.equal(writesTo(key).length, writesBefore, 'nothing written while paused');
    assert.equal((await actionsOf(key)).length, actionsBefore, 'nothing even recorded while paused');
    assert.deepEqual(
      (await auditOf(key)).slice(-2).map((a) => [a.action, a.code]),
      [
        ['helpdesk.credential.refused', 'KILL_SWITCH_ENGAGED'],
        ['helpdesk.credential.refused', 'KILL_SWITCH_ENGAGED'],
      ],
    );

    assert.equal((await post(commander, `/api/campaigns/${f.campaignId}/resume`)).statusCode, 200);
    const after = await credential(helpdesk, key);
    assert.equal(after.status, 200);
    assert.ok((after.value ?? '').length >= 16);
    assert.equal(writesTo(key).length, writesBefore + 1);
    assert.deepEqual((await actionsOf(key)).at(-1), {
      kind: 'resetPassword',
      state: 'applied',
      code: null,
      events: ['claim', 'apply-start', 'apply-ok'],
    });
  });

  it('refuses when the switch is pulled while the request is in flight, before the write', async () => {
    const helpdesk = await f.as('helpdesk');
    const key = people.plain.key;
    await verify(helpdesk, key);
    const writesBefore = writesTo(key).length;
    // The engine reads the target's state just before the write (mustChange reset): the switch is
    // pulled at that moment, after the door let the request in.
    const directory = f.app.directories().get('cloud')!;
    const read = directory.readCredentialState.bind(directory);
    directory.readCredentialState = async (ref) => {
      await controlCampaign(f.app, { control: 'pause', campaignId: f.campaignId, reason: 'in flight' });
      return read(ref);
    };
    try {
      assert.deepEqual(await credential(helpdesk, key), { status: 409, code: 'KILL_SWITCH_ENGAGED', value: null });
    } finally {
      directory.readCredentialState = read;
    }
    assert.equal(writesTo(key).length, writesBefore, 'nothing written');
    assert.deepEqual(
      (await actionsOf(key)).at(-1),
      { kind: 'resetPassword', state: 'skipped', code: null, events: ['claim', 'kill-switch', 'cancelled'] },
      'the request ends there, never written later',
    );
    await controlCampaign(f.app, { control: 'resume', campaignId: f.campaignId });
  });

  it('an aborted campaign refuses, also after its kill switch was released (CAMPAIGN_CLOSED)', async () => {
    const helpdesk = await f.as('helpdesk');
    const commander = await f.as('commander');
    const key = people.plain.key;
    await verify(helpdesk, key);
    const writesBefore = writesTo(key).length;
    await controlCampaign(f.app, { control: 'abort', campaignId: f.campaignId, reason: 'stood down' });
    assert.equal((await credential(helpdesk, key)).code, 'KILL_SWITCH_ENGAGED', 'an abort engages the switch');
    // `resume` releases the switch of an aborted campaign; the campaign stays aborted
    assert.equal((await post(commander, `/api/campaigns/${f.campaignId}/resume`)).statusCode, 200);
    const store = await f.app.store();
    assert.deepEqual(
      {
        ...(await store.db
          .selectFrom('campaigns')
          .select(['status', 'killSwitch'])
          .where('id', '=', f.campaignId)
          .executeTakeFirstOrThrow()),
      },
      { status: 'aborted', killSwitch: 0 },
    );

    for (const kind of ['temporary-password', 'tap'] as const)
      assert.equal((await credential(helpdesk, key, kind)).code, 'CAMPAIGN_CLOSED');
    assert.equal(writesTo(key).length, writesBefore, 'nothing written to an aborted campaign');
    assert.deepEqual(
      (await actionsOf(key)).slice(-2).map((a) => [a.kind, a.state, a.events.join(',')]),
      [
        ['resetPassword', 'skipped', 'claim,refused,cancelled'],
        ['issueTap', 'skipped', 'claim,refused,cancelled'],
      ],
    );
    assert.deepEqual((await auditOf(key)).slice(-1), [
      { actor: 'helpdesk-1', action: 'helpdesk.credential.refused', code: 'CAMPAIGN_CLOSED' },
    ]);
  });
});
