// The console's browser side: sign-in, the screens (one per concept, each in its own module), the
// data's age and its refresh every 5 s while the tab is visible. Screens and buttons follow the
// signed-in role's permissions (GET /api/session): nobody sees a button they cannot use. No
// framework, no CDN, no inline script or style (the CSP forbids them), textContent only.
import { api, explain, loadOperations, setCsrf } from './api.js';
import { confirmDialog } from './dialog.js';
import { duration, emptyState, h, say } from './dom.js';
import { setUpHelpdesk, showWorklist } from './helpdesk-worklist.js';
import { missedView } from './missed-view.js';
import { showOperators } from './operators-view.js';
import { planView } from './plan-review.js';
import { statusView } from './status-view.js';
import { setUpAudit, showAudit } from './audit-view.js';
import { taskCountsText, taskRows } from './tasks-panel.js';
import { waveTable } from './wave-table.js';

const $ = (id) => document.getElementById(id);
const refreshEveryMs = 5000;
/** older than this, the data is marked stale on screen */
const staleAfterMs = 20_000;
let me = '';
let myRole = '';
let can = [];
let campaignId = '';
let screen = 'status';
let data = null;
let refreshing = null;
let refreshError = null;

const screenFromHash = () => location.hash.replace(/^#\/?/, '');
const allowed = (permission) => !permission || can.includes(permission);

function ageMs() {
  if (!data) return 0;
  return Date.parse(data.status.servedAt) - Date.parse(data.status.asOf) + (performance.now() - data.receivedAt);
}

function showAge() {
  const age = $('age');
  if (!data) {
    age.textContent = refreshError ? `Could not load: ${refreshError}` : '';
    age.className = refreshError ? 'stale' : '';
    return;
  }
  const ms = ageMs();
  const stale = ms > staleAfterMs || refreshError;
  const failed = refreshError ? ` (refresh failed: ${refreshError})` : '';
  const hidden = document.hidden ? ', paused while the tab is hidden' : '';
  age.textContent = `${stale ? 'STALE: ' : ''}updated ${duration(ms)} ago${failed}${hidden}`;
  age.className = stale ? 'stale' : 'fresh';
  age.dataset.ageMs = String(Math.round(ms));
}

async function refreshData() {
  if (!campaignId) return;
  refreshing ??= (async () => {
    try {
      const [status, dashboard] = await Promise.all([
        api('getCampaignsStatus', { id: campaignId }),
        api('getCampaignsDashboard', { id: campaignId }).catch(() => null),
      ]);
      data = { status, dashboard, receivedAt: performance.now() };
      refreshError = null;
      renderData();
    } catch (e) {
      refreshError = explain(e);
    } finally {
      refreshing = null;
      showAge();
    }
  })();
  return refreshing;
}

function renderData() {
  if (!data) return;
  if (screen === 'status')
    $('status').replaceChildren(...statusView(data.status, data.dashboard, statusControls()).flat());
  if (screen === 'waves') $('waves').replaceChildren(...waveTable(data.status));
  if (screen === 'missed') renderMissed({ keepFocus: null });
}

function renderMissed({ keepFocus }) {
  const focused = keepFocus ? document.activeElement?.selectionStart : null;
  $('missed').replaceChildren(...missedView(data?.dashboard?.missed ?? null, renderMissed).flat());
  if (keepFocus) {
    const input = $(keepFocus);
    input.focus();
    if (focused !== null && focused !== undefined) input.setSelectionRange(focused, focused);
  }
}

function statusControls() {
  return {
    canPause: allowed('campaign.pause'),
    canResume: allowed('campaign.resume'),
    onPause: () => control('pause'),
    onResume: () => control('resume'),
  };
}

async function control(which) {
  const pause = which === 'pause';
  const values = await confirmDialog({
    title: pause ? 'Pause everything?' : 'Resume the campaign?',
    lines: [
      pause
        ? 'The kill switch stops every engine writing to any directory within a second. Nothing is undone.'
        : 'Engines may write again when a wave is due.',
    ],
    fields: [{ name: 'reason', label: 'Reason (in the audit log)', maxLength: 500 }],
    confirmLabel: pause ? 'Pause now' : 'Resume',
    danger: pause,
  });
  if (!values) return;
  try {
    say($('error'), '');
    await api(
      pause ? 'postCampaignsPause' : 'postCampaignsResume',
      { id: campaignId },
      values.reason ? { reason: values.reason } : {},
    );
  } catch (e) {
    say($('error'), explain(e));
  }
  await refreshData();
}

async function showPlan() {
  const message = $('plan-message');
  try {
    const plan = await api('getCampaignsPlan', { id: campaignId });
    $('plan').replaceChildren(
      ...planView(plan, { canApprove: allowed('plan.approve'), me, onApprove: (button) => approve(plan, button) }),
    );
  } catch (e) {
    if (e.code === 'NOT_FOUND')
      $('plan').replaceChildren(emptyState('No plan yet: run `reclaim discover`, then `reclaim plan --login NAME`.'));
    else say(message, explain(e));
  }
}

async function approve(plan, button) {
  const values = await confirmDialog({
    title: `Approve plan version ${plan.versionId.slice(0, 12)}?`,
    lines: [
      `Written by ${plan.author}. Your approval lets \`reclaim run\` write to the directories when each wave is due.`,
      'Say what you reviewed: your comment is kept with the approval and in the audit log.',
    ],
    fields: [{ name: 'comment', label: 'Comment', multiline: true, required: true, maxLength: 1000 }],
    confirmLabel: 'Approve',
  });
  if (!values) return;
  button.disabled = true;
  button.textContent = 'Approving…';
  const message = $('plan-message');
  try {
    const r = await api(
      'postCampaignsApprove',
      { id: campaignId },
      { versionId: plan.versionId, comment: values.comment },
    );
    say(
      message,
      r.alreadyApproved
        ? 'You had already approved this version: nothing changed.'
        : `Approved. Approvers: ${r.approvers.join(', ')}.`,
      'ok',
    );
  } catch (e) {
    say(message, explain(e));
  }
  await showPlan();
}

async function showTasks() {
  const message = $('tasks-message');
  try {
    const r = await api('getCampaignsTasks', { id: campaignId });
    $('task-counts').textContent = taskCountsText(r.counts);
    const done = async (task) => {
      const values = await confirmDialog({
        title: `Task #${task.id} done?`,
        lines: ['A claim: the task is verified later from the directory.'],
        fields: [{ name: 'note', label: 'What was done (never a password)', multiline: true, maxLength: 2000 }],
        confirmLabel: 'Report done',
      });
      if (!values) return;
      try {
        await api(
          'postCampaignsTasksDone',
          { id: campaignId },
          { taskId: task.id, ...(values.note ? { note: values.note } : {}) },
        );
        say(message, `Task #${task.id} reported done`, 'ok');
      } catch (e) {
        say(message, explain(e));
      }
      await showTasks();
    };
    $('tasks').tBodies[0].replaceChildren(...taskRows(r.tasks, me, can, done));
    $('assign-form').hidden = !allowed('tasks.assign') || r.tasks.length === 0;
  } catch (e) {
    say(message, explain(e));
  }
}

async function showScreen(name) {
  const link = document.querySelector(`#screens a[data-screen="${name}"]`);
  if (!link || link.parentElement.hidden) name = 'status';
  screen = name;
  for (const a of document.querySelectorAll('#screens a'))
    if (a.dataset.screen === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  for (const s of document.querySelectorAll('.screen')) s.hidden = s.id !== `screen-${name}` || !campaignId;
  if (!campaignId) return;
  renderData();
  if (name === 'plan') await showPlan();
  if (name === 'helpdesk') await showWorklist();
  if (name === 'tasks') await showTasks();
  if (name === 'audit') await showAudit();
  if (name === 'operators') await showOperators(me, myRole);
}

async function start(session) {
  setCsrf(session.csrfToken);
  me = session.operator.username;
  myRole = session.operator.role;
  can = session.permissions ?? [];
  $('who').textContent = `${session.operator.displayName} (${session.operator.role})`;
  $('logout').hidden = false;
  $('login-view').hidden = true;
  $('app-view').hidden = false;
  for (const a of document.querySelectorAll('#screens a')) a.parentElement.hidden = !allowed(a.dataset.permission);
  const { campaigns } = await api('getCampaigns');
  $('campaign').replaceChildren(...campaigns.map((c) => h('option', { value: c.id }, `${c.name} (${c.status})`)));
  campaignId = campaigns[0]?.id ?? '';
  $('no-campaign').hidden = campaignId !== '';
  $('no-campaign').replaceChildren(
    emptyState(
      'No campaign yet: run `reclaim triage` (it records the incident’s answers and opens a campaign), ' +
        'then `reclaim discover` and `reclaim plan --login NAME`.',
    ),
  );
  setUpHelpdesk({ campaignId: () => campaignId, can: allowed });
  await refreshData();
  await showScreen(screenFromHash() || 'status');
  setInterval(() => {
    if (!document.hidden) void refreshData();
  }, refreshEveryMs);
  setInterval(showAge, 1000);
}

function wire() {
  $('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = event.target.querySelector('button');
    button.disabled = true;
    try {
      say($('error'), '');
      const form = new FormData(event.target);
      await start(
        await api(
          'login',
          {},
          { username: form.get('username'), password: form.get('password'), totp: form.get('totp') },
        ),
      );
    } catch (e) {
      say($('error'), explain(e));
    } finally {
      button.disabled = false;
    }
  });
  $('campaign').addEventListener('change', async () => {
    campaignId = $('campaign').value;
    data = null;
    await refreshData();
    await showScreen(screen);
  });
  $('refresh').addEventListener('click', async () => {
    await refreshData();
    await showScreen(screen);
  });
  window.addEventListener('hashchange', () => void showScreen(screenFromHash()));
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) void refreshData();
    showAge();
  });
  $('logout').addEventListener('click', async () => {
    try {
      await api('logout');
    } finally {
      location.reload();
    }
  });
  $('assign-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const taskIds = [...document.querySelectorAll('#tasks input[name=task]:checked')].map((b) => Number(b.value));
    if (taskIds.length === 0) return say($('tasks-message'), 'Choose the tasks to assign first');
    try {
      await api('postCampaignsTasksAssign', { id: campaignId }, { taskIds, to: new FormData(event.target).get('to') });
      say($('tasks-message'), `${taskIds.length} task(s) assigned`, 'ok');
    } catch (e) {
      say($('tasks-message'), explain(e));
    }
    await showTasks();
  });
  setUpAudit();
}

document.addEventListener('DOMContentLoaded', async () => {
  try {
    await loadOperations();
    wire();
    // Single sign-on is offered only when configured and not switched off (GET /api/oidc).
    const sso = await (await fetch('/api/oidc')).json();
    $('sso').hidden = !sso.enabled;
    const failed = new URLSearchParams(location.search).get('sso');
    const ssoRefusals = {
      locked: 'Single sign-on refused: this console account is locked',
      off: 'Single sign-on is switched off by the incident commander: sign in with your console password and one-time code',
    };
    if (failed)
      say(
        $('error'),
        ssoRefusals[failed] ??
          'Single sign-on refused: no console account with single sign-on allowed matches, or the sign-in expired (see the audit log)',
      );
    const session = await fetch('/api/session');
    if (session.ok) await start(await session.json());
  } catch (e) {
    say($('error'), explain(e));
  }
});
