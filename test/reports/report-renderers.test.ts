// The renderers on their own: the tar writer produces what GNU tar reads back byte for byte; the
// CSV quotes and defuses formulas; the HTML escapes directory-supplied text, requests nothing and
// never shows a value planted where a secret could hide.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { renderHtmlReport } from '../../src/reports/render-html-report.ts';
import { csvCell } from '../../src/core/csv-cell.ts';
import { renderIdentityCsv } from '../../src/reports/render-identity-csv.ts';
import { reportFormat, type ReportData } from '../../src/reports/report-data.ts';
import { tarArchive } from '../../src/reports/tar-archive.ts';

const counts = (n: Partial<ReportData['progress']['totals']> = {}) => ({
  planned: 0,
  claimed: 0,
  applied: 0,
  verified: 0,
  failed: 0,
  skipped: 0,
  ...n,
});

function aReport(overrides: Partial<ReportData> = {}): ReportData {
  return {
    format: reportFormat,
    generatedAt: '2026-11-26T10:00:00.000Z',
    generatedBy: 'alice',
    campaign: {
      id: 'c-1',
      name: 'Incident <IR-42>',
      status: 'active',
      createdAt: '2026-11-26T08:00:00.000Z',
      t0: '2026-11-26T09:00:00.000Z',
    },
    triage: null,
    readiness: [],
    plan: null,
    progress: {
      totals: counts({ applied: 2, failed: 1 }),
      timeline: [{ at: '2026-11-26T09:01:00Z', applied: 2, failed: 1 }],
    },
    exceptions: {
      failures: [
        {
          directory: 'ad',
          identity: '<img src=x onerror=alert(1)>',
          kind: 'requireChange',
          code: 'INSUFFICIENT_RIGHTS',
          retrying: false,
        },
      ],
      failuresByCode: { INSUFFICIENT_RIGHTS: 1 },
      exemptions: [],
      protected: [],
      unmanageable: [],
    },
    enforcement: { disabled: 0, exempt: 0, reenabled: 0 },
    verification: null,
    missed: [],
    tasks: { byState: {}, byKind: {}, list: [] },
    krbtgt: [],
    throttling: { total: 3, byDirectory: { entra: 3 }, byHour: [{ at: '2026-11-26T09:00:00Z', count: 3 }] },
    notices: { byKind: { announcement: { sent: 2 } }, total: 2 },
    audit: { entries: 4, ok: false, headHash: null, brokenSeq: 3 },
    identities: [],
    noticeLog: [],
    ...overrides,
  };
}

describe('tarArchive', () => {
  it('writes an archive GNU tar lists and extracts byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reclaim-tar-'));
    try {
      const files = [
        { name: 'report.html', content: Buffer.from('<p>é</p>\n') },
        { name: 'empty.txt', content: Buffer.alloc(0) },
        { name: 'exactly-512.bin', content: Buffer.alloc(512, 7) },
      ];
      const archive = tarArchive(files, new Date('2026-11-26T10:00:00Z'));
      assert.equal(archive.length % 512, 0);
      writeFileSync(join(dir, 'a.tar'), archive);
      const listing = execFileSync('tar', ['-tvf', join(dir, 'a.tar')], {
        encoding: 'utf8',
        env: { ...process.env, TZ: 'UTC' },
      });
      assert.match(listing, /2026-11-26 10:00 report\.html/);
      execFileSync('tar', ['-xf', join(dir, 'a.tar'), '-C', dir]);
      for (const f of files) assert.deepEqual(readFileSync(join(dir, f.name)), f.content, f.name);
      assert.deepEqual(tarArchive(files, new Date('2026-11-26T10:00:00Z')), archive, 'deterministic');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses names that could escape the folder it is unpacked in', () => {
    assert.throws(() => tarArchive([{ name: '../etc/passwd', content: Buffer.alloc(1) }], new Date()), {
      code: 'INPUT_INVALID',
    });
    assert.throws(() => tarArchive([{ name: '/abs', content: Buffer.alloc(1) }], new Date()), {
      code: 'INPUT_INVALID',
    });
  });
});

describe('renderIdentityCsv', () => {
  it('quotes separators and defuses spreadsheet formulas from directory values', () => {
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell(null), '');
    const csv = renderIdentityCsv([
      {
        directory: 'ad',
        key: 'k1',
        name: '+evil',
        segment: 'onsite',
        treatment: 'requireChange',
        wave: 1,
        status: 'applied',
        appliedAt: '2026-11-26T09:00:00Z',
        verifiedAt: null,
        deadline: null,
        lastErrorCode: null,
      },
    ]);
    assert.equal(
      csv,
      'directory,key,name,segment,treatment,wave,status,appliedAt,verifiedAt,deadline,lastErrorCode\r\n' +
        "ad,k1,'+evil,onsite,requireChange,1,applied,2026-11-26T09:00:00Z,,,\r\n",
    );
  });
});

describe('renderHtmlReport', () => {
  it('escapes directory-supplied text, loads nothing from outside and flags a broken audit chain', () => {
    const html = renderHtmlReport(aReport());
    assert.ok(!html.includes('<img'), 'markup in a name is shown as text');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(html.includes('Incident &lt;IR-42&gt;'));
    assert.doesNotMatch(html, /<(script|link|img|iframe|object|embed)\b|\s(src|href)=["']|url\(/i, 'self-contained');
    assert.match(html, /default-src 'none'/);
    assert.match(html, /Audit chain BROKEN at entry 3/);
    assert.match(html, /data-metric="throttled">3</);
    assert.match(html, /data-metric="failures">1</);
  });
});

describe('renderHtmlReport at scale', () => {
  it('cuts long lists in the HTML and says where the rest is', () => {
    const missed = Array.from({ length: 2500 }, (_, i) => ({
      directory: 'ad',
      name: `user${i}`,
      wave: 1,
      status: 'applied',
    }));
    const html = renderHtmlReport(aReport({ missed }));
    assert.match(html, /data-metric="missed">2500</);
    assert.equal((html.match(/<td>user\d+<\/td>/g) ?? []).length, 1000);
    assert.match(html, /1500 more rows: see identities.csv and report.json/);
  });
});
