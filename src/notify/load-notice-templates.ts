// Reads a folder of notice templates: for each kind, `KIND.txt` (a `Subject:` line, a blank line,
// then the plain-text body) and `KIND.html` (the HTML body). The defaults ship in
// examples/notice-templates/; config `notify.templatesDir` points at an organisation's own copy.
// Every problem in the folder is reported at once, each with its file and line.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ReclaimError } from '../core/errors/reclaim-error.ts';
import { noticeKinds, type NoticeKind } from './notice-request.ts';
import { parseNoticeTemplate, type ParsedTemplate, type TemplateProblem } from './notice-template.ts';

export interface KindTemplates {
  subject: ParsedTemplate;
  text: ParsedTemplate;
  html: ParsedTemplate;
}

export type NoticeTemplates = Record<NoticeKind, KindTemplates>;

export const defaultTemplatesDir = resolve(fileURLToPath(import.meta.url), '../../../examples/notice-templates');

export function checkNoticeTemplates(
  dir: string,
): { ok: true; templates: NoticeTemplates } | { ok: false; problems: TemplateProblem[] } {
  const problems: TemplateProblem[] = [];
  const templates: Partial<NoticeTemplates> = {};
  for (const kind of noticeKinds) {
    const textFile = join(dir, `${kind}.txt`);
    const htmlFile = join(dir, `${kind}.html`);
    const textSource = readTemplate(textFile, problems);
    const htmlSource = readTemplate(htmlFile, problems);
    if (textSource === undefined || htmlSource === undefined) continue;
    const match = /^Subject:[ \t]*(.*)\r?\n\r?\n/.exec(textSource);
    if (!match || (match[1] ?? '').trim() === '') {
      problems.push({
        file: textFile,
        line: 1,
        message: 'the first line must be "Subject: ..." followed by a blank line',
      });
      continue;
    }
    const subject = parseNoticeTemplate((match[1] ?? '').trim(), textFile, 1);
    const text = parseNoticeTemplate(textSource.slice(match[0].length), textFile, 3);
    const html = parseNoticeTemplate(htmlSource, htmlFile, 1);
    problems.push(...subject.problems, ...text.problems, ...html.problems);
    templates[kind] = { subject: subject.template, text: text.template, html: html.template };
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, templates: templates as NoticeTemplates };
}

/** Loads a template folder or throws CONFIG_INVALID listing every problem as file:line: message. */
export function loadNoticeTemplates(dir: string = defaultTemplatesDir): NoticeTemplates {
  const result = checkNoticeTemplates(dir);
  if (result.ok) return result.templates;
  throw new ReclaimError('CONFIG_INVALID', `${dir}: ${result.problems.length} problem(s) in the notice templates`, {
    details: result.problems.map((p) => `${p.file}:${p.line}: ${p.message}`),
  });
}

function readTemplate(file: string, problems: TemplateProblem[]): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    problems.push({
      file,
      line: 0,
      message: missing ? 'template file is missing' : `cannot read: ${(error as Error).message}`,
    });
    return undefined;
  }
}
