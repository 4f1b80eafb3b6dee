// The helpdesk screen: search a caller (display name, wave, status and treatment beside each
// result), their history in the campaign (verifications, actions, audit), the verification form,
// then the credential (a temporary password or a TAP, shown once) or a re-enable; and the worklist
// of callers (every verification, newest first, with its outcome). Each form's errors appear right
// under that form, and a failed search clears the old results.
import { api, explain } from './api.js';
import { count, emptyState, h, say, table, when } from './dom.js';

let selected = null;
let ctx = null;

function statusText(c) {
  if (!c) return '';
  const parts = c.actions.map((a) => `${a.kind} ${a.state}`);
  if (c.task) parts.push(`task ${c.task.kind} ${c.task.state}`);
  return parts.join(', ') || 'nothing run yet';
}

function treatmentText(i) {
  const c = i.campaign;
  if (i.privileged) return 'privileged: escalate (no helpdesk credential)';
  if (!c) return '';
  if (c.task) return c.task.kind;
  if (c.helpdesk) return 'helpdesk reset';
  const kinds = [...new Set(c.actions.map((a) => a.kind))];
  return kinds.join(' + ') || 'not in the plan';
}

function verifiedText(c) {
  if (!c || c.verifications === 0) return 'not yet';
  return `${c.verifications}× (last: ${c.lastOutcome})`;
}

function resultRows(identities) {
  return identities.map((i) =>
    h(
      'tr',
      { 'data-key': i.key, 'data-directory': i.directory },
      h(
        'th',
        { scope: 'row' },
        h('button', { type: 'button', class: 'link', onclick: () => choose(i) }, i.name),
        i.privileged ? h('span', { class: 'tag bad' }, ' PRIVILEGED: escalate') : '',
        i.enabled ? '' : h('span', { class: 'tag' }, ' disabled'),
      ),
      h('td', {}, i.displayName ?? ''),
      h('td', {}, i.directory),
      h('td', {}, i.campaign?.wave === null || i.campaign?.wave === undefined ? '' : String(i.campaign.wave)),
      h('td', {}, statusText(i.campaign)),
      h('td', {}, treatmentText(i)),
      h('td', {}, verifiedText(i.campaign)),
    ),
  );
}

async function choose(identity) {
  selected = identity;
  const panel = document.getElementById('person');
  panel.hidden = false;
  document.getElementById('person-name').textContent =
    `Caller: ${identity.name}${identity.displayName ? ` (${identity.displayName})` : ''}, ${identity.directory}`;
  say(document.getElementById('verify-message'), '');
  say(document.getElementById('secret'), '');
  document.getElementById('verify-form').reset();
  await showHistory();
  document.getElementById('person-name').focus();
}

async function showHistory() {
  const box = document.getElementById('history');
  try {
    const r = await api('getCampaignsIdentitiesOne', {
      id: ctx.campaignId(),
      directory: selected.directory,
      key: selected.key,
    });
    const rows = [
      ...r.verifications.map((v) => [when(v.verifiedAt), `verification (${v.method})`, v.outcome, v.verifiedBy]),
      ...r.audit.map((a) => [when(a.at), a.action, '', a.actor]),
      ...r.actions.map((a) => [
        when(a.updatedAt),
        `${a.kind} (wave action)`,
        a.state + (a.lastErrorCode ? ` ${a.lastErrorCode}` : ''),
        '',
      ]),
    ].sort((a, b) => (a[0] < b[0] ? 1 : -1));
    box.replaceChildren(
      rows.length
        ? table(`History of ${selected.name}`, ['When', 'What', 'Outcome', 'By'], rows, { id: 'history-table' })
        : h('p', {}, 'No history yet in this campaign.'),
    );
  } catch (e) {
    box.replaceChildren(h('p', { class: 'message error' }, explain(e)));
  }
}

export async function showWorklist() {
  const box = document.getElementById('worklist');
  try {
    const r = await api('getCampaignsVerifications', { id: ctx.campaignId(), query: { limit: 50 } });
    if (r.entries.length === 0) {
      box.replaceChildren(
        emptyState('No caller verified yet: search a caller above, then record how you verified them.'),
      );
      return;
    }
    box.replaceChildren(
      table(
        'Callers verified, newest first',
        ['When', 'Caller', 'Directory', 'Method', 'Outcome', 'By'],
        r.entries.map((v) =>
          h(
            'tr',
            { 'data-outcome': v.outcome },
            h('td', {}, when(v.verifiedAt)),
            h('th', { scope: 'row' }, v.identityName ?? v.identityKey),
            h('td', {}, v.directory),
            h('td', {}, v.method),
            h('td', { class: v.outcome === 'verified' ? 'good' : 'bad' }, v.outcome),
            h('td', {}, v.verifiedBy),
          ),
        ),
        { id: 'worklist-table' },
      ),
    );
  } catch (e) {
    box.replaceChildren(h('p', { class: 'message error' }, explain(e)));
  }
}

/** Wires the helpdesk forms once. `context`: { campaignId(), can(permission) } */
export function setUpHelpdesk(context) {
  ctx = context;
  const message = document.getElementById('search-message');
  const results = document.getElementById('results');
  document.getElementById('search-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = event.target.querySelector('button');
    button.disabled = true;
    say(message, '');
    try {
      const { identities } = await api('getCampaignsIdentities', {
        id: ctx.campaignId(),
        query: { q: new FormData(event.target).get('q') },
      });
      results.replaceChildren(
        identities.length
          ? table(
              'Search results',
              ['Account', 'Display name', 'Directory', 'Wave', 'Status', 'Treatment', 'Verified'],
              resultRows(identities),
              { id: 'results-table' },
            )
          : h('p', {}, 'Nobody found: type the start of the account name (sAMAccountName or the user principal name).'),
      );
      say(message, `${count(identities.length)} found`, 'info');
    } catch (e) {
      results.replaceChildren();
      say(message, explain(e));
    } finally {
      button.disabled = false;
    }
  });
  const verifyMessage = document.getElementById('verify-message');
  document.getElementById('verify-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = event.target.querySelector('button[type=submit]');
    button.disabled = true;
    say(verifyMessage, '');
    try {
      const form = new FormData(event.target);
      const r = await api(
        'postCampaignsVerifications',
        { id: ctx.campaignId() },
        {
          directory: selected.directory,
          identityKey: selected.key,
          method: form.get('method'),
          evidence: form.get('evidence'),
          outcome: form.get('outcome'),
        },
      );
      say(
        verifyMessage,
        `Verification ${r.verificationId} recorded: ${r.outcome}`,
        r.outcome === 'verified' ? 'ok' : 'info',
      );
      await Promise.all([showHistory(), showWorklist()]);
    } catch (e) {
      say(verifyMessage, explain(e));
    } finally {
      button.disabled = false;
    }
  });
  const secret = document.getElementById('secret');
  const credential = (operation, body, shown) => async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    say(secret, '');
    try {
      const r = await api(
        operation,
        { id: ctx.campaignId() },
        { directory: selected.directory, identityKey: selected.key, ...body },
      );
      // Shown once: kept nowhere but this element, cleared on the next action.
      say(secret, shown(r), 'secret');
      await showHistory();
    } catch (e) {
      say(secret, explain(e));
    } finally {
      button.disabled = false;
    }
  };
  const issued = (r) =>
    `${r.kind === 'tap' ? 'Temporary Access Pass' : 'Temporary password (must be changed)'} for ${r.identity}: ${r.value}` +
    (r.reenabled ? ' (the account, disabled at the deadline, is enabled again)' : '');
  document
    .getElementById('issue-tap')
    .addEventListener('click', credential('postCampaignsCredentials', { kind: 'tap' }, issued));
  document
    .getElementById('issue-temp')
    .addEventListener('click', credential('postCampaignsCredentials', { kind: 'temporary-password' }, issued));
  document.getElementById('enable').addEventListener(
    'click',
    credential('postCampaignsEnable', {}, (r) => `${r.identity} re-enabled`),
  );
  document.getElementById('credentials').hidden = !ctx.can('helpdesk.credential');
  document.getElementById('verify-form').hidden = !ctx.can('helpdesk.verify');
}
