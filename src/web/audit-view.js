// The audit log, newest first, a page at a time (Older / Newest), and the chain check. Every field
// is shown as text: a name someone typed at the sign-in page is a detail, never markup or a line.
import { api, explain } from './api.js';
import { say, table, when } from './dom.js';

const pageSize = 50;

function detailsText(details) {
  const text = JSON.stringify(details ?? {});
  return text === '{}' ? '' : text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

async function load(before) {
  const box = document.getElementById('audit');
  const message = document.getElementById('audit-message');
  try {
    const r = await api('getAudit', { query: { order: 'newest', limit: pageSize, before } });
    box.replaceChildren(
      table(
        'Audit log, newest first',
        ['#', 'When', 'Actor', 'Action', 'Target', 'Source', 'Address', 'Details'],
        r.entries.map((e) => [
          String(e.seq),
          when(e.at),
          e.actor,
          e.action,
          e.target ?? '',
          e.source,
          e.ip ?? '',
          detailsText(e.details),
        ]),
        { id: 'audit-table' },
      ),
    );
    const first = r.entries[0]?.seq;
    const last = r.entries.at(-1)?.seq;
    document.getElementById('audit-page').textContent = first ? `entries ${last} to ${first}` : 'no entries';
    document.getElementById('audit-older').disabled = r.nextBefore === null;
    document.getElementById('audit-older').dataset.before = r.nextBefore ?? '';
    document.getElementById('audit-newest').disabled = before === undefined;
    say(message, '');
  } catch (e) {
    say(message, explain(e));
  }
}

export function setUpAudit() {
  document.getElementById('audit-older').addEventListener('click', async (event) => {
    await load(Number(event.currentTarget.dataset.before));
  });
  document.getElementById('audit-newest').addEventListener('click', async () => {
    await load(undefined);
  });
  document.getElementById('verify-chain').addEventListener('click', async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      const r = await api('getAuditVerify');
      say(
        document.getElementById('audit-message'),
        r.ok ? `Chain intact: ${r.entries} entries re-computed` : `Chain BROKEN at entry ${r.brokenSeq}`,
        r.ok ? 'ok' : 'error',
      );
    } catch (e) {
      say(document.getElementById('audit-message'), explain(e));
    } finally {
      button.disabled = false;
    }
  });
}

export function showAudit() {
  return load(undefined);
}
