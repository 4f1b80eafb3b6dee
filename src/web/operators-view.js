// Console accounts, for admins and commanders: role, state, open sessions, last use, locks, and
// the lifecycle changes (disable, enable, unlock, reset, end sessions), each behind a confirmation
// that takes a reason. A reset's new initial password and TOTP enrolment URI are shown once, in a
// dialog; closed, they are gone. The server refuses what the signed-in account may not do (its own
// account, an admin account for a commander) and the page says why next to the table.
import { api, explain } from './api.js';
import { confirmDialog, secretDialog } from './dialog.js';
import { h, say, table, when } from './dom.js';

const changes = {
  disable: { label: 'Disable', danger: true, what: 'signs them out and refuses every sign-in until enabled' },
  enable: { label: 'Enable', what: 'lets them sign in again' },
  unlock: { label: 'Unlock', what: 'clears the lock left by failed sign-ins' },
  reset: { label: 'Reset', danger: true, what: 'replaces the password and the TOTP secret, and signs them out' },
  'end-sessions': { label: 'End sessions', what: 'signs them out everywhere' },
};

function offered(o, me, myRole) {
  // only an admin changes an admin account (manage-operators.ts): a commander is not offered it
  if (o.role === 'admin' && myRole !== 'admin') return [];
  const list = [];
  if (o.disabledAt) list.push('enable');
  else if (o.username !== me) list.push('disable');
  if (o.lockedAddresses > 0) list.push('unlock');
  if (o.username !== me) list.push('reset');
  if (o.openSessions > 0) list.push('end-sessions');
  return list;
}

async function change(o, what) {
  const c = changes[what];
  const message = document.getElementById('operators-message');
  const values = await confirmDialog({
    title: `${c.label} ${o.username}?`,
    lines: [`This ${c.what}. It is audited with your name and the reason.`],
    fields: [{ name: 'reason', label: 'Reason', maxLength: 500 }],
    confirmLabel: c.label,
    danger: c.danger,
  });
  if (!values) return;
  try {
    const r = await api(
      'postOperators',
      { username: o.username, change: what },
      values.reason ? { reason: values.reason } : {},
    );
    if (what === 'reset')
      await secretDialog({
        title: `New credentials for ${o.username}`,
        lines: ['Shown once: hand them over out of band. They must enrol the TOTP secret before signing in.'],
        secrets: [
          ['Initial password', r.password],
          ['TOTP enrolment URI', r.enrolmentUri],
        ],
      });
    say(
      message,
      `${o.username}: ${what} done${r.endedSessions ? `, ${r.endedSessions} session(s) ended` : ''}${r.unlocked ? `, ${r.unlocked} lock(s) cleared` : ''}`,
      'ok',
    );
  } catch (e) {
    say(message, explain(e));
  }
  await showOperators(showOperators.me, showOperators.role);
}

export async function showOperators(me, myRole) {
  showOperators.me = me;
  showOperators.role = myRole;
  const box = document.getElementById('operators');
  try {
    const { operators } = await api('getOperators');
    box.replaceChildren(
      table(
        'Console accounts',
        ['Account', 'Role', 'State', 'Sessions', 'Last seen', 'Locks', 'Changes'],
        operators.map((o) =>
          h(
            'tr',
            { 'data-username': o.username },
            h(
              'th',
              { scope: 'row' },
              o.username,
              o.displayName && o.displayName !== o.username ? h('span', { class: 'hint' }, ` ${o.displayName}`) : '',
            ),
            h('td', {}, o.role + (o.oidc ? ' (SSO allowed)' : '')),
            h('td', { class: o.disabledAt ? 'bad' : '' }, o.disabledAt ? `disabled ${when(o.disabledAt)}` : 'enabled'),
            h('td', { class: 'num' }, String(o.openSessions)),
            h('td', {}, when(o.lastSeenAt)),
            h('td', { class: o.lockedAddresses ? 'num bad' : 'num' }, String(o.lockedAddresses)),
            h(
              'td',
              { class: 'row-actions' },
              offered(o, me, showOperators.role).map((what) =>
                h(
                  'button',
                  {
                    type: 'button',
                    'data-change': what,
                    'aria-label': `${changes[what].label} ${o.username}`,
                    class: changes[what].danger ? 'danger small' : 'small',
                    onclick: () => change(o, what),
                  },
                  changes[what].label,
                ),
              ),
            ),
          ),
        ),
        { id: 'operators-table' },
      ),
    );
  } catch (e) {
    say(document.getElementById('operators-message'), explain(e));
  }
}
