// Discovery ties each synced Entra user to its AD object, on the lab DC's real objectGUIDs and SIDs
// and the Graph emulator: by onPremisesImmutableId (base64 of objectGUID, Connect's default
// sourceAnchor), by onPremisesSecurityIdentifier when the anchor is another attribute, never when
// the AD side was not discovered (set aside as unmanageable), and never by a guess when the anchors
// name two AD objects or two Entra users claim one (set aside; the AD candidates are planned as
// synced, with no cloud side to act on). Through the CLI (triage, discover, plan), read back from
// the store and the plan.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadCampaignIdentities } from '../../src/app/campaign/campaign-identities.ts';
import type { Identity } from '../../src/core/identity.ts';
import type { Plan } from '../../src/core/planning/plan.ts';
import { encodeGuid } from '../../src/directories/ad/sid.ts';
import { sidToString } from '../../src/lab/samba/sid-string.ts';
import { startHybridLab, type HybridLab } from './support/hybrid-lab.ts';

const CLOUD = 'reclaimlab.onmicrosoft.com';
const immutableIdOf = (guid: string) => Buffer.from(encodeGuid(guid)).toString('base64');
const strangerSid = 'S-1-5-21-1111111111-2222222222-3333333333-4242';

describe('discovery links synced identities by objectGUID and SID, and never guesses', () => {
  let h: HybridLab;
  const sids = new Map<string, string>();
  let identities: Identity[];
  let plan: Plan;
  const u = (i: number) => h.env.users[i]!;
  const byName = (name: string) => identities.find((i) => i.name === name);

  before(async () => {
    h = await startHybridLab({
      users: 6,
      settings: {},
      readiness: {
        passwordWritebackEnabled: false,
        forceChangeSyncEnabled: true,
        cloudSignIn: 'passwordHashSync',
        tapPolicyEnabled: true,
      },
    });
    for (const user of h.env.users) {
      const { searchEntries } = await h.env.admin.search(user.dn, {
        scope: 'base',
        attributes: ['objectSid'],
        explicitBufferAttributes: ['objectSid'],
      });
      sids.set(user.sam, sidToString(searchEntries[0]!.objectSid as Buffer));
    }
    // U0 is synced by the emulator's Connect (immutableId = base64(objectGUID), and its SID)
    h.emu.control.updateSettings({ syncScope: [u(0).dn] });
    await h.sync();
    const onPremises = (immutableId: string, securityIdentifier: string, sam: string) => ({
      immutableId,
      securityIdentifier,
      samAccountName: sam,
      distinguishedName: `CN=${sam},OU=elsewhere,DC=lab,DC=example`,
      domainName: 'lab.example',
    });
    h.emu.control.seedUsers([
      // U1: the anchor is its objectGUID; the SID names nothing discovered
      {
        userPrincipalName: `by.guid@${CLOUD}`,
        onPremises: onPremises(immutableIdOf(u(1).guid), strangerSid, u(1).sam),
      },
      // U2: another sourceAnchor (an employee number): only the SID ties it
      {
        userPrincipalName: `by.sid@${CLOUD}`,
        onPremises: onPremises(Buffer.from('EMP-000002').toString('base64'), sids.get(u(2).sam)!, u(2).sam),
      },
      // synced from an AD object outside the discovered OU
      {
        userPrincipalName: `elsewhere@${CLOUD}`,
        onPremises: onPremises(
          immutableIdOf(randomUUID()),
          'S-1-5-21-1111111111-2222222222-3333333333-5151',
          'elsewhere',
        ),
      },
      // cloud-only
      { userPrincipalName: `cloud.only@${CLOUD}` },
      // the anchor names U3, the SID names U4
      {
        userPrincipalName: `two.anchors@${CLOUD}`,
        onPremises: onPremises(immutableIdOf(u(3).guid), sids.get(u(4).sam)!, u(3).sam),
      },
      // two Entra users claim U5: one by its objectGUID, one by its SID
      {
        userPrincipalName: `claim.one@${CLOUD}`,
        onPremises: onPremises(immutableIdOf(u(5).guid), strangerSid, u(5).sam),
      },
      {
        userPrincipalName: `claim.two@${CLOUD}`,
        onPremises: onPremises(Buffer.from('EMP-000005').toString('base64'), sids.get(u(5).sam)!, u(5).sam),
      },
    ]);

    const named = [...h.env.users.map((user) => user.sam), `elsewhere@${CLOUD}`, `cloud.only@${CLOUD}`];
    writeFileSync(
      join(h.env.dir, 'answers.yaml'),
      `answeredBy: "Dana (IC)"\nindicators: {}\nknownCompromisedAccounts: [${named.map((n) => `"${n}"`).join(', ')}]\n`,
    );
    const triage = await h.cli(['triage', '--answers', join(h.env.dir, 'answers.yaml')]);
    assert.equal(triage.status, 0, triage.stderr);
    const discovered = await h.cli(['discover', '--json']);
    assert.equal(discovered.status, 0, discovered.stderr);
    const { campaignId, directories } = JSON.parse(discovered.stdout) as {
      campaignId: string;
      directories: Array<{ directory: string; linked: number }>;
    };
    assert.equal(
      directories.find((d) => d.directory === 'lab-entra')?.linked,
      5,
      'U0, by.guid, by.sid, claim.one and claim.two are linked; two.anchors is not',
    );
    identities = await loadCampaignIdentities(await h.env.app('alice').store(), campaignId);
    const planned = await h.cli(['plan'], { token: await h.env.token('alice') });
    assert.equal(planned.status, 0, planned.stderr);
    const exported = await h.cli(['plan', 'export', '--format', 'json']);
    plan = JSON.parse(exported.stdout) as Plan;
  });
  after(async () => {
    await h?.close();
  });

  it('links by objectGUID (immutableId) and by SID', () => {
    assert.deepEqual(
      byName(`${u(0).sam}@lab.example`)?.linkedTo,
      { directory: 'lab-ad', key: u(0).guid },
      'synced by Connect: both anchors agree',
    );
    assert.deepEqual(byName(`by.guid@${CLOUD}`)?.linkedTo, { directory: 'lab-ad', key: u(1).guid });
    assert.deepEqual(byName(`by.sid@${CLOUD}`)?.linkedTo, { directory: 'lab-ad', key: u(2).guid });
    const assigned = (sam: string) => plan.assignments.find((a) => a.name === sam);
    for (const [i, cloud] of [
      [0, `${u(0).sam}@lab.example`],
      [1, `by.guid@${CLOUD}`],
      [2, `by.sid@${CLOUD}`],
    ] as const) {
      assert.deepEqual(
        [assigned(u(i).sam)?.treatment, assigned(u(i).sam)?.linked?.name],
        ['hybridAdminReset', cloud],
        `U${i} is planned as one person with its cloud side`,
      );
    }
    assert.ok(
      !plan.assignments.some((a) => a.kind === 'entra' && [`by.guid@${CLOUD}`, `by.sid@${CLOUD}`].includes(a.name)),
      'the linked cloud sides are not planned again on their own',
    );
  });

  it('leaves unlinked a synced user whose AD side was not discovered, and a cloud-only user', () => {
    assert.deepEqual(byName(`elsewhere@${CLOUD}`)?.linkedTo?.directory, 'lab-ad');
    assert.ok(
      !identities.some((i) => i.kind === 'ad' && i.key === byName(`elsewhere@${CLOUD}`)?.linkedTo?.key),
      'its AD object is not among the discovered ones',
    );
    assert.equal(plan.unmanageable.find((x) => x.name === `elsewhere@${CLOUD}`)?.ruleId, 'synced-without-ad-side');
    assert.equal(byName(`cloud.only@${CLOUD}`)?.linkedTo, undefined);
    assert.equal(plan.assignments.find((a) => a.name === `cloud.only@${CLOUD}`)?.segment, 'cloudOnly');
  });

  it('never guesses: anchors naming two AD objects, or two Entra users claiming one, are set aside and their AD candidates treated as synced', () => {
    const two = byName(`two.anchors@${CLOUD}`)!;
    assert.equal(two.linkedTo, undefined);
    assert.deepEqual(two.linkAmbiguous?.candidates, [
      { directory: 'lab-ad', key: u(3).guid },
      { directory: 'lab-ad', key: u(4).guid },
    ]);
    assert.deepEqual(
      plan.unmanageable
        .filter((x) => x.ruleId === 'synced-link-ambiguous')
        .map((x) => x.name)
        .sort(),
      [`claim.one@${CLOUD}`, `claim.two@${CLOUD}`, `two.anchors@${CLOUD}`],
    );
    for (const i of [3, 4, 5]) {
      const a = plan.assignments.find((x) => x.name === u(i).sam);
      assert.deepEqual(
        [a?.segment, a?.treatment, a?.linked],
        ['hybrid', 'hybridAdminReset', null],
        `U${i}: a password write in AD (PHS carries it to whichever cloud user it is), nothing done to a guessed cloud user`,
      );
    }
    assert.ok(
      !plan.assignments.some((a) => a.kind === 'entra' && /two\.anchors|claim\./.test(a.name)),
      'no ambiguous cloud user is acted on',
    );
  });
});
