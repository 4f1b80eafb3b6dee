// `reclaim discover` (discoverDirectories) over a real SQLite store and scripted directories: two AD
// directories stored first, then the Entra pages linked through the store (per-directory `linked`
// counts, links read back), and the discovery scratch the Entra directory spills its reports to
// emptied whether discovery finishes or fails (a failed one leaves no snapshot either).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadCampaignIdentities } from '../../../src/app/campaign/campaign-identities.ts';
import { discoverDirectories } from '../../../src/app/campaign/discover-directories.ts';
import { recordTriage } from '../../../src/app/campaign/record-triage.ts';
import { createApp, type App } from '../../../src/app/create-app.ts';
import type { DirectoryKind, Identity } from '../../../src/core/identity.ts';
import { ReclaimError } from '../../../src/core/errors/reclaim-error.ts';
import { encodeGuid } from '../../../src/directories/ad/sid.ts';
import { discoveryScratch } from '../../../src/store/identities/discovery-scratch.ts';
import { insertIdentities } from '../../../src/store/identities/insert-identities.ts';
import { startSnapshot } from '../../../src/store/identities/start-snapshot.ts';
import type { Directory, DiscoverOptions } from '../../../src/directories/directory-port.ts';
import { anIdentity } from '../../core/support/an-identity.ts';

const dir = mkdtempSync(join(tmpdir(), 'reclaim-discover-links-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const guid = (n: number) => `${String(n).padStart(8, '0')}-aaaa-4bbb-8ccc-${String(n).padStart(12, '0')}`;
const immutableIdOf = (n: number) => Buffer.from(encodeGuid(guid(n))).toString('base64');
const sid = (domain: number, rid: number) => `S-1-5-21-100-200-${domain}-${rid}`;

/** A directory that yields the given pages; an Entra one spills a report entry per user first. */
function scripted(id: string, kind: DirectoryKind, pages: Identity[][], failAfterPages?: number): Directory {
  return {
    id,
    kind,
    supports: [],
    async *discover(options: DiscoverOptions = {}) {
      if (kind === 'entra') await options.scratch?.put('report', new Map(pages.flat().map((u) => [u.key, '"seen"'])));
      let n = 0;
      for (const page of pages) {
        if (n++ === failAfterPages) throw new ReclaimError('DIRECTORY_UNAVAILABLE', `${id}: gone`);
        const seen = await options.scratch?.get(
          'report',
          page.map((u) => u.key),
        );
        yield page.map((u) => ({ ...u, attributes: { ...u.attributes, report: seen?.get(u.key) ?? 'none' } }));
      }
    },
    apply: async () => {
      throw new Error('not used');
    },
    readCredentialState: async () => {
      throw new Error('not used');
    },
    close: async () => undefined,
  };
}

let apps = 0;
async function appWith(directories: Directory[]): Promise<App> {
  const folder = join(dir, String((apps += 1)));
  mkdirSync(folder);
  writeFileSync(join(folder, 'key'), 'discover-links-key-0123456789abcdef', { mode: 0o600 });
  writeFileSync(
    join(folder, 'reclaim.yaml'),
    [
      'campaign: { name: "discover links" }',
      `store: { url: "sqlite:${join(folder, 'reclaim.sqlite')}" }`,
      'directories:',
      '  - { id: cloud, kind: entra, tenantId: 00000000-0000-0000-0000-000000000000, clientId: ' +
        '00000000-0000-0000-0000-000000000000, clientSecret: "env:RECLAIM_TEST_UNUSED" }',
      `engine: { passwordKey: "file:${join(folder, 'key')}" }`,
    ].join('\n'),
  );
  const base = createApp({ configFile: join(folder, 'reclaim.yaml'), operator: 'alice' });
  const app: App = { ...base, directories: () => new Map(directories.map((d) => [d.id, d])) };
  await recordTriage(app, { answers: { indicators: {}, knownCompromisedAccounts: [] } });
  return app;
}

const adUser = (directory: string, domain: number, n: number) =>
  anIdentity({ name: `${directory}${n}`, directory, key: guid(n), sid: sid(domain, 1000 + n) });
const cloudUser = (name: string, anchors: Partial<Identity>) =>
  anIdentity({ name, kind: 'entra', directory: 'cloud', key: `cloud-${name}`, ...anchors });

async function scratchRows(app: App): Promise<number> {
  const rows = await (await app.store()).db.selectFrom('discoveryScratch').select('entryKey').execute();
  return rows.length;
}

describe('discoverDirectories links through the store and leaves no scratch', () => {
  it('links Entra users to AD objects of both AD directories, page by page, with the counts', async () => {
    const corp = [[1, 2].map((n) => adUser('corp', 1, n)), [3].map((n) => adUser('corp', 1, n))];
    const emea = [[4, 5].map((n) => adUser('emea', 2, n))];
    const cloud = [
      [
        cloudUser('a', { onPremisesSyncEnabled: true, onPremisesImmutableId: immutableIdOf(1) }),
        cloudUser('b', { onPremisesSyncEnabled: true, onPremisesSecurityIdentifier: sid(2, 1004) }),
      ],
      [
        cloudUser('c', {
          onPremisesSyncEnabled: true,
          onPremisesImmutableId: immutableIdOf(3),
          onPremisesSecurityIdentifier: sid(2, 1005),
        }),
        cloudUser('d', { onPremisesSyncEnabled: true, onPremisesImmutableId: immutableIdOf(99) }),
        cloudUser('e', {}),
      ],
    ];
    // configured Entra first: AD is discovered first whatever the order
    const app = await appWith([
      scripted('cloud', 'entra', cloud),
      scripted('corp', 'ad', corp),
      scripted('emea', 'ad', emea),
    ]);
    try {
      const result = await discoverDirectories(app, {});
      assert.deepEqual(
        result.directories.map((d) => [d.directory, d.identities, d.linked]),
        [
          ['corp', 3, 0],
          ['emea', 2, 0],
          ['cloud', 5, 2],
        ],
      );
      const stored = await loadCampaignIdentities(await app.store(), result.campaignId);
      const by = (name: string) => stored.find((i) => i.name === name)!;
      assert.deepEqual(by('a').linkedTo, { directory: 'corp', key: guid(1) });
      assert.deepEqual(by('b').linkedTo, { directory: 'emea', key: guid(4) });
      assert.deepEqual(by('c').linkAmbiguous?.candidates, [
        { directory: 'corp', key: guid(3) },
        { directory: 'emea', key: guid(5) },
      ]);
      assert.deepEqual(by('d').linkedTo, { directory: 'corp', key: guid(99) }, 'its AD side was not discovered');
      assert.equal(by('e').linkedTo, undefined);
      assert.equal(by('a').attributes.report, '"seen"', 'the report entries waited in the store for their page');
      assert.equal(await scratchRows(app), 0, 'the scratch is emptied when the directory is done');
    } finally {
      await app.close();
    }
  });

  it('a discovery that fails part-way leaves neither its snapshot nor its scratch', async () => {
    const cloud = [[cloudUser('x', {})], [cloudUser('y', {})], [cloudUser('z', {})]];
    const app = await appWith([scripted('corp', 'ad', [[adUser('corp', 1, 1)]]), scripted('cloud', 'entra', cloud, 2)]);
    try {
      await assert.rejects(discoverDirectories(app, {}), /cloud: gone/);
      const store = await app.store();
      const snapshots = await store.db.selectFrom('snapshots').select(['directory', 'finishedAt']).execute();
      assert.deepEqual(
        snapshots.map((s) => [s.directory, s.finishedAt !== null]),
        [['corp', true]],
      );
      assert.equal(await scratchRows(app), 0);
    } finally {
      await app.close();
    }
  });

  it('discards what a discovery killed over 12 h before left, and leaves a younger one running beside it', async () => {
    const app = await appWith([scripted('corp', 'ad', [[adUser('corp', 1, 1)]])]);
    try {
      const store = await app.store();
      const campaignId = (await store.db.selectFrom('campaigns').select('id').executeTakeFirstOrThrow()).id;
      const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000);
      // as a discovery killed -9 leaves it: an unfinished snapshot, its identities, its scratch
      const killed = async (directory: string, startedAt: Date, campaign: string | null = campaignId) => {
        const id = await startSnapshot(store, {
          directory,
          ...(campaign ? { campaignId: campaign } : {}),
          now: startedAt,
        });
        await insertIdentities(store, id, [adUser(directory, 1, 7), adUser(directory, 1, 8)]);
        await discoveryScratch(store, id).put('report', new Map([['k', '"v"']]));
        return id;
      };
      const abandoned = await killed('corp', hoursAgo(13));
      const running = await killed('corp', hoursAgo(1));
      const otherDirectory = await killed('emea', hoursAgo(13));
      const noCampaign = await killed('corp', hoursAgo(13), null);
      const result = await discoverDirectories(app, {});
      const left = await store.db.selectFrom('snapshots').select(['id']).orderBy('id').execute();
      assert.deepEqual(
        left.map((r) => Number(r.id)),
        [running, otherDirectory, noCampaign, result.directories[0]!.snapshotId],
        'the abandoned snapshot of this directory and campaign is gone',
      );
      const identities = await store.db
        .selectFrom('identities')
        .select('snapshotId')
        .where('snapshotId', '=', abandoned)
        .execute();
      assert.equal(identities.length, 0, 'with its identities');
      assert.equal(await scratchRows(app), 3, "with its scratch; the others' stay");
    } finally {
      await app.close();
    }
  });
});
