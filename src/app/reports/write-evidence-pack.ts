// The evidence pack for legal and regulators: one .tar.gz with the report (HTML, CSVs, JSON), the
// plan version as approved, the approvals, the whole audit log as JSONL (with each entry's hashes,
// so anyone can recompute the chain), the chain verification result, and a SHA-256 manifest of
// every file. Written atomically: the pack is whole or absent.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { auditLogPage } from '../../store/audit/export-audit-log.ts';
import { verifyAuditChain } from '../../store/audit/verify-audit-chain.ts';
import type { Store } from '../../store/open-store.ts';
import { planVersionBody } from '../../store/plans/read-plan-versions.ts';
import type { ReportData } from '../../reports/report-data.ts';
import { tarArchive, type TarEntry } from '../../reports/tar-archive.ts';
import { writeFileAtomic } from '../write-file-atomic.ts';
import { reportContents } from './write-report-files.ts';

export interface EvidencePack {
  file: string;
  sha256: string;
  files: Array<{ name: string; bytes: number; sha256: string }>;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function auditJsonl(store: Store): Promise<string> {
  const lines: string[] = [];
  for (let after = 0; ; ) {
    const rows = await auditLogPage(store, { afterSeq: after, limit: 1000 });
    for (const r of rows) lines.push(JSON.stringify({ ...r, details: JSON.parse(r.details) as unknown }));
    if (rows.length < 1000) break;
    after = rows.at(-1)!.seq;
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

export async function writeEvidencePack(store: Store, data: ReportData, file: string): Promise<EvidencePack> {
  const contents = reportContents(data);
  const planBody = data.plan ? await planVersionBody(store, data.plan.versionId) : undefined;
  const chain = await verifyAuditChain(store);
  const entries: TarEntry[] = [
    { name: 'report.html', content: Buffer.from(contents.html) },
    { name: 'identities.csv', content: Buffer.from(contents.csv) },
    { name: 'notices.csv', content: Buffer.from(contents.noticesCsv) },
    { name: 'report.json', content: Buffer.from(contents.json) },
    {
      name: 'plan.json',
      content: Buffer.from(planBody ? `${JSON.stringify(JSON.parse(planBody), null, 2)}\n` : 'null\n'),
    },
    {
      name: 'approvals.json',
      content: Buffer.from(
        `${JSON.stringify({ planVersionId: data.plan?.versionId ?? null, approvals: data.plan?.approvals ?? [] }, null, 2)}\n`,
      ),
    },
    { name: 'audit-log.jsonl', content: Buffer.from(await auditJsonl(store)) },
    {
      name: 'audit-verification.json',
      content: Buffer.from(`${JSON.stringify({ verifiedAt: data.generatedAt, ...chain }, null, 2)}\n`),
    },
  ];
  const files = entries.map((en) => ({ name: en.name, bytes: en.content.length, sha256: sha256(en.content) }));
  // The sha256sum format, so `sha256sum -c MANIFEST.sha256` checks the unpacked files.
  const manifest = Buffer.from(files.map((f) => `${f.sha256}  ${f.name}\n`).join(''));
  const archive = gzipSync(
    tarArchive([...entries, { name: 'MANIFEST.sha256', content: manifest }], new Date(data.generatedAt)),
    { level: 9 },
  );
  writeFileAtomic(file, archive);
  return { file, sha256: sha256(archive), files };
}
