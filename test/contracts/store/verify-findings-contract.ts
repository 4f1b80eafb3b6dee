// A verification's findings as rows (migration 0015): written a page at a time in any order, read
// back in keyset pages in the order `verify` always listed them (wave, then directory, then name,
// as localeCompare orders them: case, accents and punctuation included), each finding's JSON as it
// was written; a run is read only once finished.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Store } from '../../../src/store/open-store.ts';
import { resetFindingKeysAmong, verifyFindingPages } from '../../../src/store/verify/read-verify-findings.ts';
import { pruneSupersededFindings } from '../../../src/store/verify/prune-verify-findings.ts';
import { findVerifyRun, finishVerifyRunIn, startVerifyRun } from '../../../src/store/verify/verify-runs.ts';
import { writeVerifyFindings, type NewVerifyFinding } from '../../../src/store/verify/write-verify-findings.ts';
import { inWriteTransaction } from '../../../src/store/write-transaction.ts';
import { aCampaign, at, t0 } from './store-fixtures.ts';

const names = [
  'alice',
  'Alice',
  'álice',
  'bob',
  'Bob-2',
  'bob_2',
  'bob.2',
  'O\'Brien "x"',
  'zoë',
  'Zoe',
  'straße',
  'strasse',
  'Æsa',
  'adam',
  '_svc',
  'svc 1',
  '9lives',
  'Ünal',
];
const directories = ['corp', 'Cloud', 'corp-eu'];

function findings(): NewVerifyFinding[] {
  const all: NewVerifyFinding[] = [];
  let seq = 0;
  for (const wave of [3, 1, 2])
    for (const directory of directories)
      for (const [n, name] of names.entries())
        all.push({
          seq: seq++,
          kind: n % 4 === 0 ? 'reset' : 'missed',
          wave,
          directory,
          key: `${directory}-${wave}-${n}`,
          name,
          finding: {
            wave,
            treatment: 'requireChange',
            identity: name,
            directory,
            key: `${directory}-${wave}-${n}`,
            reason: `r\n${n}`,
            enabled: n % 3 === 0 ? null : n % 2 === 0,
          },
        });
  // written in pages out of order, as the engine hands them on
  return all.reverse();
}

const order = (a: NewVerifyFinding, b: NewVerifyFinding) =>
  a.wave - b.wave || a.directory.localeCompare(b.directory) || a.name.localeCompare(b.name) || a.seq - b.seq;

export function verifyFindingsContract(store: () => Store): void {
  it("reads a run's findings back in pages, in the order verify lists them", async () => {
    const campaignId = await aCampaign(store());
    const runId = await startVerifyRun(store(), { campaignId, t0: t0.toISOString(), now: at(60) });
    const other = await startVerifyRun(store(), { campaignId, t0: t0.toISOString(), now: at(61) });
    const written = findings();
    for (let i = 0; i < written.length; i += 13) await writeVerifyFindings(store(), runId, written.slice(i, i + 13));
    await writeVerifyFindings(store(), other, written.slice(0, 5));
    for (const kind of ['missed', 'reset'] as const) {
      const expected = written.filter((f) => f.kind === kind).sort(order);
      const pages: unknown[][] = [];
      for await (const page of verifyFindingPages(store(), runId, kind, 7)) pages.push(page);
      assert.ok(
        pages.every((p) => p.length <= 7),
        'pages of 7',
      );
      assert.deepEqual(
        pages.flat(),
        expected.map((f) => ({ wave: f.wave, directory: f.directory, key: f.key, name: f.name, finding: f.finding })),
        kind,
      );
    }
    const among = await resetFindingKeysAmong(store(), runId, [
      { directory: 'corp', key: 'corp-1-0' },
      { directory: 'corp', key: 'corp-1-1' },
      { directory: 'Cloud', key: 'corp-1-4' },
    ]);
    assert.deepEqual([...among], ['corp\ncorp-1-0'], 'reset, of this run, and of the directory asked');
  });

  it('gives a run its counts only once it finished', async () => {
    const campaignId = await aCampaign(store());
    const runId = await startVerifyRun(store(), { campaignId, t0: t0.toISOString(), now: at(60) });
    assert.equal(await findVerifyRun(store(), runId), undefined, 'cut off before it finished');
    const counts = { checked: 10, changed: 6, reset: 1, missed: 3 };
    await inWriteTransaction(store(), 'test', (trx) => finishVerifyRunIn(trx, { runId, counts, now: at(90) }));
    assert.deepEqual(await findVerifyRun(store(), runId), {
      id: runId,
      campaignId,
      at: at(60).toISOString(),
      t0: t0.toISOString(),
      finishedAt: at(90).toISOString(),
      ...counts,
    });
  });

  it("keeps only the latest finished run's findings, and those of a run still going beside it", async () => {
    const campaignId = await aCampaign(store());
    const otherCampaign = await aCampaign(store());
    const counts = { checked: 3, changed: 0, reset: 1, missed: 2 };
    const run = async (campaign: string, startedAt: number, finishedAt?: number) => {
      const runId = await startVerifyRun(store(), { campaignId: campaign, t0: t0.toISOString(), now: at(startedAt) });
      await writeVerifyFindings(store(), runId, findings().slice(0, 3));
      if (finishedAt !== undefined)
        await inWriteTransaction(store(), 'test', (trx) =>
          finishVerifyRunIn(trx, { runId, counts, now: at(finishedAt) }),
        );
      return runId;
    };
    const hours = 3600;
    const finished = await run(campaignId, 0, 60);
    const cutOff = await run(campaignId, 100);
    const other = await run(otherCampaign, 200, 260);
    const beside = await run(campaignId, 13 * hours - 60);
    const latest = await run(campaignId, 13 * hours, 13 * hours + 60);
    const later = await run(campaignId, 13 * hours + 30);
    const rows = async (runId: number) => {
      let n = 0;
      for (const kind of ['missed', 'reset'] as const)
        for await (const page of verifyFindingPages(store(), runId, kind)) n += page.length;
      return n;
    };
    assert.equal(await pruneSupersededFindings(store(), { campaignId, keepRunId: latest }), 6, 'two runs of 3 rows');
    assert.deepEqual(
      [
        await rows(finished),
        await rows(cutOff),
        await rows(beside),
        await rows(latest),
        await rows(later),
        await rows(other),
      ],
      [0, 0, 3, 3, 3, 3],
      'earlier finished run and the one cut off 13 h before: gone; the run started an hour before, still going, a later run and another campaign: kept',
    );
    assert.deepEqual(
      await findVerifyRun(store(), finished),
      {
        id: finished,
        campaignId,
        at: at(0).toISOString(),
        t0: t0.toISOString(),
        finishedAt: at(60).toISOString(),
        ...counts,
      },
      'the run itself and its counts stay',
    );
  });
}
