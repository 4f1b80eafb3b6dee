// `reclaim report --out DIR`: report.html, identities.csv, notices.csv and report.json side by side, each
// written atomically (a crash leaves the previous file or the new one, never half of one).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { renderHtmlReport } from '../../reports/render-html-report.ts';
import { renderIdentityCsv } from '../../reports/render-identity-csv.ts';
import { renderNoticeCsv } from '../../reports/render-notice-csv.ts';
import type { ReportData } from '../../reports/report-data.ts';
import { writeFileAtomic } from '../write-file-atomic.ts';

export interface ReportFiles {
  html: string;
  csv: string;
  noticesCsv: string;
  json: string;
}

export function reportContents(data: ReportData): { html: string; csv: string; noticesCsv: string; json: string } {
  return {
    html: renderHtmlReport(data),
    csv: renderIdentityCsv(data.identities),
    noticesCsv: renderNoticeCsv(data.noticeLog),
    json: `${JSON.stringify(data, null, 2)}\n`,
  };
}

export function writeReportFiles(data: ReportData, dir: string): ReportFiles {
  mkdirSync(dir, { recursive: true });
  const contents = reportContents(data);
  const files = {
    html: join(dir, 'report.html'),
    csv: join(dir, 'identities.csv'),
    noticesCsv: join(dir, 'notices.csv'),
    json: join(dir, 'report.json'),
  };
  writeFileAtomic(files.html, contents.html);
  writeFileAtomic(files.csv, contents.csv);
  writeFileAtomic(files.noticesCsv, contents.noticesCsv);
  writeFileAtomic(files.json, contents.json);
  return files;
}
