// The tiny placeholder syntax of notice templates: `{{wave.deadline}}`, spaces allowed inside the
// braces. Only the names below exist; anything else is reported with its file and line, so an
// organisation editing a template learns of a typo before a campaign, not from a user.
// SAFETY: values are substituted in one pass and never parsed again, so a display name holding
// `{{...}}` stays text; no expression, no attribute lookup, no way to reach data not listed here.

export const placeholderNames = [
  'user.displayName',
  'user.name',
  'campaign.name',
  'wave.name',
  'wave.starts',
  'wave.deadline',
  'wave.grace',
  'method.title',
  'method.steps',
  'helpdesk.contact',
  'notice.reference',
] as const;

export type PlaceholderName = (typeof placeholderNames)[number];
export type PlaceholderValues = Record<PlaceholderName, string>;

const known = new Set<string>(placeholderNames);

export interface TemplateProblem {
  file: string;
  line: number;
  message: string;
}

export type TemplatePart = string | { placeholder: PlaceholderName };

export interface ParsedTemplate {
  file: string;
  parts: TemplatePart[];
}

export function parseNoticeTemplate(
  text: string,
  file: string,
  firstLine = 1,
): { template: ParsedTemplate; problems: TemplateProblem[] } {
  const parts: TemplatePart[] = [];
  const problems: TemplateProblem[] = [];
  const lineAt = (index: number) => firstLine + countNewlines(text, index);
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf('{{', at);
    if (open < 0) {
      parts.push(text.slice(at));
      break;
    }
    if (open > at) parts.push(text.slice(at, open));
    const close = text.indexOf('}}', open + 2);
    const newline = text.indexOf('\n', open);
    if (close < 0 || (newline >= 0 && newline < close)) {
      problems.push({
        file,
        line: lineAt(open),
        message: 'a placeholder opened with {{ is not closed with }} on the same line',
      });
      parts.push(text.slice(open, open + 2));
      at = open + 2;
      continue;
    }
    const name = text.slice(open + 2, close).trim();
    if (known.has(name)) {
      parts.push({ placeholder: name as PlaceholderName });
    } else {
      problems.push({
        file,
        line: lineAt(open),
        message: `unknown placeholder {{${name}}}; known: ${placeholderNames.join(', ')}`,
      });
    }
    at = close + 2;
  }
  return { template: { file, parts }, problems };
}

export function fillTemplate(
  template: ParsedTemplate,
  values: PlaceholderValues,
  escapeValue: (value: string) => string,
): string {
  return template.parts
    .map((part) => (typeof part === 'string' ? part : escapeValue(values[part.placeholder])))
    .join('');
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n += 1;
  return n;
}
