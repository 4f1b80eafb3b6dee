// Notices wired into a campaign on the lab AD, through a real SMTP server on loopback (smtp-server,
// STARTTLS + AUTH): the announcement when the wave starts, the final warning before its deadline,
// the 'disabled' notice after enforcement; each read back from what arrived and from the store's
// notices table. Running again sends nothing twice; an SMTP outage stops the batch, and the next
// run delivers exactly the rest.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { approvePlan } from '../../../src/app/campaign/approve-plan.ts';
import { discoverDirectories } from '../../../src/app/campaign/discover-directories.ts';
import { enforcePlan } from '../../../src/app/campaign/enforce-plan.ts';
import { makePlan } from '../../../src/app/campaign/make-plan.ts';
import { recordTriage } from '../../../src/app/campaign/record-triage.ts';
import { runCampaign } from '../../../src/app/campaign/run-campaign.ts';
import { createApp, type App } from '../../../src/app/create-app.ts';
import { notifyCampaign } from '../../../src/app/notices/notify-campaign.ts';
import { collectReportData } from '../../../src/app/reports/collect-report-data.ts';
import { renderNoticeCsv } from '../../../src/reports/render-notice-csv.ts';
import { ldapChange } from '../../../src/directories/ad/ldap-change.ts';
import { systemClock } from '../../../src/engine/engine-clock.ts';
import { startCampaignLab, type CampaignLab } from '../../e2e/support/campaign-lab.ts';
import { createSmtpLab, type SmtpLab } from '../../notify/support/smtp-lab.ts';
import { startSmtpSink, type SmtpSink } from '../../notify/support/smtp-sink.ts';
import { proven } from '../../support/proven-operator.ts';

let env: CampaignLab;
let smtp: SmtpLab;
let sink: SmtpSink;
let campaignId: string;
let at = new Date();
let alice: App;
const mailOf = (sam: string) => `${sam}@mail.corp.example`;

before(async () => {
  smtp = createSmtpLab();
  sink = await startSmtpSink({ cert: smtp.cert, user: smtp.user, password: smtp.password.reveal() });
  env = await startCampaignLab({ users: 5 });
  const passwordFile = join(env.dir, 'smtp-password');
  writeFileSync(passwordFile, smtp.password.reveal(), { mode: 0o600 });
  writeFileSync(join(env.dir, 'smtp-ca.pem'), smtp.caPem);
  writeFileSync(
    env.configFile,
    `\nnotify:\n  host: "127.0.0.1"\n  port: ${sink.port}\n  security: starttls\n  user: ` +
      `"${smtp.user}"\n  password: "file:${passwordFile}"\n  caFile: "smtp-ca.pem"\n  from: "IT ` +
      `Security <it-security@corp.example>"\n  ratePerMinute: 600\nhelpdesk: { contact: "+44 20 ` +
      `7946 0000" }\n`,
    { flag: 'a' },
  );
  for (const u of env.users) await env.admin.modify(u.dn, [ldapChange('replace', 'mail', mailOf(u.sam))]);
  alice = createApp({
    configFile: env.configFile,
    operator: 'alice',
    clock: { now: () => at, sleep: systemClock.sleep },
  });
  const triage = await recordTriage(alice, {
    answers: { indicators: { adDatabaseStaged: { answer: true } }, knownCompromisedAccounts: [] },
  });
  campaignId = triage.campaignId;
  await discoverDirectories(alice, { campaignId });
  await makePlan(await proven(alice), { campaignId });
  await approvePlan(await proven(env.app('bob')), { campaignId });
});
after(async () => {
  await alice?.close();
  await env?.close();
  await sink?.close();
  smtp?.remove();
});

async function noticeRows() {
  const store = await alice.store();
  return store.db
    .selectFrom('notices')
    .select(['identityKey', 'kind', 'state', 'recipient', 'attempts'])
    .where('campaignId', '=', campaignId)
    .orderBy('id')
    .execute();
}

describe('reclaim notify on a campaign', () => {
  it('announces the wave to every person in it, once, and the dry run sends nothing', async () => {
    const store = await alice.store();
    const wave = await store.db
      .selectFrom('waves')
      .innerJoin('planVersions', 'planVersions.id', 'waves.planVersionId')
      .innerJoin('plans', 'plans.id', 'planVersions.planId')
      .select(['waves.startsAt', 'waves.deadlineAt'])
      .where('plans.campaignId', '=', campaignId)
      .executeTakeFirstOrThrow();
    at = new Date(Date.parse(wave.startsAt) + 60_000);
    const before = sink.mails.length;
    const dry = await notifyCampaign(alice, { campaignId, send: false });
    assert.deepEqual([dry.dryRun, dry.due, dry.byKind], [true, 5, { announcement: 5 }]);
    assert.ok(dry.preview && 'to' in dry.preview && dry.preview.channel === 'corporate');
    assert.equal(sink.mails.length, before, 'a dry run sends nothing');
    assert.equal((await noticeRows()).length, 0, 'nor journals anything');

    const sent = await notifyCampaign(alice, { campaignId, send: true });
    assert.deepEqual(sent.counts, { sent: 5, 'already-sent': 0, failed: 0, 'not-attempted': 0 });
    const arrived = sink.mails.slice(before);
    assert.deepEqual(arrived.flatMap((m) => m.envelopeTo).sort(), env.users.map((u) => mailOf(u.sam)).sort());
    for (const m of arrived) {
      assert.ok(m.secure, 'over STARTTLS with AUTH');
      assert.match(m.raw, /\+44 20 7946 0000/, 'the helpdesk contact is in the notice');
    }
    const rows = await noticeRows();
    assert.deepEqual(
      rows.map((r) => `${r.kind}:${r.state}`),
      Array(5).fill('announcement:sent'),
    );

    const again = await notifyCampaign(alice, { campaignId, send: true });
    assert.deepEqual([again.alreadySent, again.counts], [5, null]);
    assert.equal(sink.mails.length, before + 5, 'nobody is told twice');
  });

  it('stops when SMTP is down and the next run delivers exactly the rest (final warning)', async () => {
    const store = await alice.store();
    const wave = await store.db
      .selectFrom('waves')
      .innerJoin('planVersions', 'planVersions.id', 'waves.planVersionId')
      .innerJoin('plans', 'plans.id', 'planVersions.planId')
      .select(['waves.deadlineAt'])
      .where('plans.campaignId', '=', campaignId)
      .executeTakeFirstOrThrow();
    at = new Date(Date.parse(wave.deadlineAt) - 30 * 60_000);
    const port = sink.port;
    await sink.close();
    const down = await notifyCampaign(alice, { campaignId, send: true, kinds: ['final-warning'] });
    assert.equal(down.stopped?.code, 'SMTP_UNAVAILABLE');
    assert.equal(down.counts!.sent, 0);
    // The relay is back (on another port: the config follows it; the journal is what carries over).
    sink = await startSmtpSink({ cert: smtp.cert, user: smtp.user, password: smtp.password.reveal() });
    writeFileSync(env.configFile, readFileSync(env.configFile, 'utf8').replace(`port: ${port}`, `port: ${sink.port}`));
    await alice.close();
    alice = createApp({
      configFile: env.configFile,
      operator: 'alice',
      clock: { now: () => at, sleep: systemClock.sleep },
    });
    const resumed = await notifyCampaign(alice, { campaignId, send: true, kinds: ['final-warning'] });
    assert.equal(resumed.counts!.sent, 5);
    assert.equal(sink.mails.length, 5, 'each final warning arrives once');
    const rows = (await noticeRows()).filter((r) => r.kind === 'final-warning');
    assert.deepEqual(
      rows.map((r) => r.state),
      Array(5).fill('sent'),
    );
    // The outage stopped the batch at its first notice: that one was tried twice, the rest once.
    assert.deepEqual(rows.map((r) => r.attempts).sort(), [1, 1, 1, 1, 2]);
  });

  it('tells the people whose account the deadline disabled', async () => {
    at = new Date();
    await runCampaign(alice, { campaignId, allWaves: true });
    await env.userChangesPassword(env.users[0]!);
    const enforced = await enforcePlan(alice, { campaignId, ignoreDeadline: true });
    assert.equal(enforced.disabled.length, 4);
    const start = sink.mails.length;
    const result = await notifyCampaign(alice, { campaignId, send: true, kinds: ['disabled'] });
    assert.equal(result.counts!.sent, 4);
    assert.deepEqual(
      sink.mails
        .slice(start)
        .flatMap((m) => m.envelopeTo)
        .sort(),
      enforced.disabled.map(mailOf).sort(),
    );
  });

  it('is in the report: counts per kind and state, and the journal as CSV, as the store holds them', async () => {
    const data = await collectReportData(alice, { campaignId });
    const rows = await noticeRows();
    const expected: Record<string, Record<string, number>> = {};
    for (const r of rows) (expected[r.kind] ??= {})[r.state] = (expected[r.kind]![r.state] ?? 0) + 1;
    assert.deepEqual(data.notices.byKind, expected);
    assert.deepEqual(expected, { announcement: { sent: 5 }, 'final-warning': { sent: 5 }, disabled: { sent: 4 } });
    assert.equal(data.notices.total, 14);
    const csv = renderNoticeCsv(data.noticeLog).trimEnd().split('\r\n');
    assert.equal(csv.length, 15);
    assert.ok(
      csv.slice(1).every((l) => /,sent,\d,,\d{4}-/.test(l)),
      'each line says sent, with its attempts and time',
    );
    assert.ok(!csv.join('\n').includes(smtp.password.reveal()), 'the SMTP password is in no report');
  });

  it('runs as a CLI command: a dry run with --json', () => {
    const out = execFileSync(
      process.execPath,
      ['bin/reclaim.mjs', '--config', env.configFile, 'notify', '--campaign', campaignId, '--json', '--as', 'carol'],
      { encoding: 'utf8' },
    );
    const result = JSON.parse(out) as { dryRun: boolean; campaignId: string };
    assert.deepEqual([result.dryRun, result.campaignId], [true, campaignId]);
  });
});
