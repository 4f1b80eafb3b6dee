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

const renderers: Record<keyof ReportFiles, (data: ReportData) => string> = {
  html: renderHtmlReport,
  csv: (data) => renderIdentityCsv(data.identities),
  noticesCsv: (data) => renderNoticeCsv(data.noticeLog),
  json: (data) => `${JSON.stringify(data, null, 2)}\n`,
};
const fileNames: ReportFiles = {
  html: 'report.html',
  csv: 'identities.csv',
  noticesCsv: 'notices.csv',
  json: 'report.json',
};

export function reportContents(data: ReportData): ReportFiles {
  return {
    html: renderers.html(data),
    csv: renderers.csv(data),
    noticesCsv: renderers.noticesCsv(data),
    json: renderers.json(data),
  };
}

export function writeReportFiles(data: ReportData, dir: string): ReportFiles {
  mkdirSync(dir, { recursive: true });
  const files = { ...fileNames };
  // One file rendered and written at a time: at a million identities the CSV and the JSON are
  // hundreds of MB of text each, and only one of them is held at once.
  for (const key of Object.keys(fileNames) as Array<keyof ReportFiles>) {
    files[key] = join(dir, fileNames[key]);
    writeFileAtomic(files[key], renderers[key](data));
  }
  return files;
}
