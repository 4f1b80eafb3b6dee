import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ReclaimError } from '../../src/core/errors/reclaim-error.ts';
import {
  checkNoticeTemplates,
  defaultTemplatesDir,
  loadNoticeTemplates,
} from '../../src/notify/load-notice-templates.ts';
import {
  fillTemplate,
  parseNoticeTemplate,
  placeholderNames,
  type PlaceholderValues,
} from '../../src/notify/notice-template.ts';

const dir = mkdtempSync(join(tmpdir(), 'reclaim-templates-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function copyOfDefaults(): string {
  const copy = join(dir, `t${(n += 1)}`);
  cpSync(defaultTemplatesDir, copy, { recursive: true });
  return copy;
}

describe('notice templates', () => {
  it('the shipped defaults load and use only known placeholders', () => {
    const templates = loadNoticeTemplates();
    for (const kind of ['announcement', 'reminder', 'final-warning', 'disabled'] as const) {
      assert.ok(templates[kind].subject.parts.length > 0, kind);
      assert.ok(
        templates[kind].html.parts.some((p) => typeof p !== 'string' && p.placeholder === 'helpdesk.contact'),
        kind,
      );
    }
  });

  it('reports every unknown placeholder, a missing file and a missing subject, each with file and line', () => {
    const folder = copyOfDefaults();
    const reminder = join(folder, 'reminder.txt');
    const lines = readFileSync(reminder, 'utf8').split('\n');
    lines[5] = 'Your deadline: {{wave.dedline}} and {{ user.password }}.'; // line 6
    writeFileSync(reminder, lines.join('\n'));
    writeFileSync(
      join(folder, 'announcement.html'),
      '<p>ok {{wave.deadline}}</p>\n<p>{{helpdesk.phone}}</p>\n<p>{{wave.name</p>\n',
    );
    writeFileSync(join(folder, 'disabled.txt'), 'Your account is disabled\n\nCall us.\n');
    unlinkSync(join(folder, 'final-warning.html'));
    const result = checkNoticeTemplates(folder);
    assert.equal(result.ok, false);
    if (result.ok) return;
    const found = result.problems
      .map((p) => `${p.file.slice(folder.length + 1)}:${p.line}: ${p.message.split(';')[0]}`)
      .sort();
    assert.deepEqual(found, [
      'announcement.html:2: unknown placeholder {{helpdesk.phone}}',
      'announcement.html:3: a placeholder opened with {{ is not closed with }} on the same line',
      'disabled.txt:1: the first line must be "Subject: ..." followed by a blank line',
      'final-warning.html:0: template file is missing',
      'reminder.txt:6: unknown placeholder {{user.password}}',
      'reminder.txt:6: unknown placeholder {{wave.dedline}}',
    ]);
    assert.throws(
      () => loadNoticeTemplates(folder),
      (e: unknown) =>
        e instanceof ReclaimError &&
        e.code === 'CONFIG_INVALID' &&
        e.details.some((d) =>
          d.endsWith(`reminder.txt:6: unknown placeholder {{wave.dedline}}; known: ${placeholderNames.join(', ')}`),
        ),
    );
  });

  it('substitutes values once: a value that looks like a placeholder stays text', () => {
    const { template, problems } = parseNoticeTemplate('Hello {{user.displayName}}, by {{ wave.deadline }}.', 'x.txt');
    assert.deepEqual(problems, []);
    const values = Object.fromEntries(placeholderNames.map((name) => [name, `<${name}>`])) as PlaceholderValues;
    values['user.displayName'] = '{{wave.deadline}}';
    assert.equal(
      fillTemplate(template, values, (v) => v),
      'Hello {{wave.deadline}}, by <wave.deadline>.',
    );
  });
});
