// Plain-text rendering of readiness findings for `reclaim assess`.
import type { ReadinessFinding } from './assess-readiness.ts';

export function renderReadiness(findings: readonly ReadinessFinding[]): string {
  if (findings.length === 0) return 'No readiness findings.\n';
  const lines: string[] = [];
  for (const f of findings) {
    const share = f.total !== null && f.total > 0 ? ` of ${f.total} (${Math.round((f.count / f.total) * 100)} %)` : '';
    lines.push(`[${f.severity.toUpperCase()}] ${f.title}: ${f.count}${share}`);
    if (f.sample.length > 0) lines.push(`    e.g. ${f.sample.join(', ')}${f.count > f.sample.length ? ', ...' : ''}`);
    lines.push(`    remedy: ${f.remedy}`);
  }
  return `${lines.join('\n')}\n`;
}
