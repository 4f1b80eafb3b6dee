// The console's browser side: finds its endpoints in /api/openapi.json (by operationId), keeps the
// CSRF token in memory only, draws the dashboard as inline SVG (dashboard-charts.js). No framework, no CDN.
import {
  forecastChart,
  helpdeskPanel,
  missedPanel,
  progressChart,
  throttlingPanel,
  waveBars,
} from './dashboard-charts.js';
import { taskCountsText, taskRows } from './tasks-panel.js';

const $ = (id) => document.getElementById(id);
let csrf = '';
const ops = {};
let campaignId = '';
let selected = null;
let me = '';
let can = [];

async function api(operationId, params = {}, body) {
  const op = ops[operationId];
  if (!op) throw new Error(`unknown operation ${operationId}`);
  let path = op.path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(params[name]));
  if (params.query) path += `?${new URLSearchParams(params.query)}`;
  const response = await fetch(path, {
    method: op.method.toUpperCase(),
    credentials: 'same-origin',
    headers: op.method === 'get' ? {} : { 'content-type': 'application/json', 'x-csrf-token': csrf },
    ...(op.method === 'get' ? {} : { body: JSON.stringify(body ?? {}) }),
  });
  const data = await response.json();
  if (!response.ok) throw new Error(`${data.error?.code}: ${data.error?.message}`);
  return data;
}

function show(error) {
  $('error').textContent = error ? String(error.message ?? error) : '';
}

async function refresh() {
  show();
  const status = await api('getCampaignsStatus', { id: campaignId });
  $('chart').replaceChildren(waveBars(status.waves));
  try {
    const d = await api('getCampaignsDashboard', { id: campaignId });
    $('progress-chart').replaceChildren(progressChart(d.progress));
    $('forecast-chart').replaceChildren(forecastChart(d.waves));
    $('missed').replaceChildren(...missedPanel(d.missed));
    $('throttling').replaceChildren(...throttlingPanel(d.throttling));
    $('helpdesk-queue').replaceChildren(...helpdeskPanel(d.helpdesk));
  } catch (e) {
    $('progress-chart').textContent = String(e.message);
  }
  $('status').textContent = JSON.stringify(
    {
      status: status.status,
      killSwitch: status.killSwitch,
      totals: status.totals,
      helpdesk: status.helpdesk,
      failures: status.failures.slice(0, 10),
    },
    null,
    2,
  );
  try {
    const plan = await api('getCampaignsPlan', { id: campaignId });
    $('plan').textContent = JSON.stringify(
      {
        versionId: plan.versionId,
        author: plan.author,
        approvers: plan.approvers,
        waves: plan.waves,
        forecast: plan.plan.forecast ?? null,
      },
      null,
      2,
    );
    $('approve').dataset.version = plan.versionId;
  } catch (e) {
    $('plan').textContent = String(e.message);
  }
  await refreshTasks();
  try {
    const audit = await api('getAudit', { query: { limit: 50 } });
    $('audit').textContent = audit.entries
      .map((e) => `${e.seq} ${e.at} ${e.actor} ${e.action} ${e.target ?? ''} ${e.ip ?? ''}`)
      .join('\n');
  } catch (e) {
    $('audit').textContent = String(e.message);
  }
}

async function refreshTasks() {
  $('tasks-view').hidden = !can.includes('tasks.read');
  if (!can.includes('tasks.read')) return;
  const r = await api('getCampaignsTasks', { id: campaignId });
  $('task-counts').textContent = taskCountsText(r.counts);
  const done = act(async (task) => {
    const note = prompt(`Task #${task.id}: what was done? (never a password)`) ?? undefined;
    await api('postCampaignsTasksDone', { id: campaignId }, { taskId: task.id, ...(note ? { note } : {}) });
    await refreshTasks();
  });
  $('tasks').tBodies[0].replaceChildren(...taskRows(r.tasks, me, can, done));
  $('assign-form').hidden = !can.includes('tasks.assign') || r.tasks.length === 0;
}

async function start(session) {
  csrf = session.csrfToken;
  me = session.operator.username;
  can = session.permissions ?? [];
  $('who').textContent = `${session.operator.displayName} (${session.operator.role})`;
  $('login-view').hidden = true;
  $('app-view').hidden = false;
  const { campaigns } = await api('getCampaigns');
  $('campaign').replaceChildren(
    ...campaigns.map((c) =>
      Object.assign(document.createElement('option'), { value: c.id, textContent: `${c.name} (${c.status})` }),
    ),
  );
  campaignId = campaigns[0]?.id ?? '';
  if (campaignId) await refresh();
}

const act = (fn) => async (event) => {
  event?.preventDefault?.();
  try {
    show();
    await fn(event);
  } catch (e) {
    show(e);
  }
};

document.addEventListener(
  'DOMContentLoaded',
  act(async () => {
    const doc = await (await fetch('/api/openapi.json')).json();
    for (const [path, methods] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(methods)) ops[op.operationId] = { path, method };
    $('login-form').addEventListener(
      'submit',
      act(async (e) => {
        const form = new FormData(e.target);
        const session = await api(
          'login',
          {},
          { username: form.get('username'), password: form.get('password'), totp: form.get('totp') },
        );
        await start(session);
      }),
    );
    $('campaign').addEventListener(
      'change',
      act(async () => {
        campaignId = $('campaign').value;
        await refresh();
      }),
    );
    $('refresh').addEventListener('click', act(refresh));
    $('pause').addEventListener(
      'click',
      act(async () => {
        await api('postCampaignsPause', { id: campaignId }, { reason: 'paused from the console' });
        await refresh();
      }),
    );
    $('resume').addEventListener(
      'click',
      act(async () => {
        await api('postCampaignsResume', { id: campaignId }, {});
        await refresh();
      }),
    );
    $('approve').addEventListener(
      'click',
      act(async () => {
        await api('postCampaignsApprove', { id: campaignId }, { versionId: $('approve').dataset.version });
        await refresh();
      }),
    );
    $('assign-form').addEventListener(
      'submit',
      act(async (e) => {
        const taskIds = [...document.querySelectorAll('#tasks input[name=task]:checked')].map((b) => Number(b.value));
        if (taskIds.length === 0) throw new Error('choose the tasks to assign first');
        await api('postCampaignsTasksAssign', { id: campaignId }, { taskIds, to: new FormData(e.target).get('to') });
        await refreshTasks();
      }),
    );
    $('logout').addEventListener(
      'click',
      act(async () => {
        await api('logout');
        location.reload();
      }),
    );
    $('verify-chain').addEventListener(
      'click',
      act(async () => {
        const r = await api('getAuditVerify');
        $('audit').textContent =
          `chain ${r.ok ? 'intact' : `BROKEN at ${r.brokenSeq}`} (${r.entries} entries)\n${$('audit').textContent}`;
      }),
    );
    $('search-form').addEventListener(
      'submit',
      act(async (e) => {
        const { identities } = await api('getCampaignsIdentities', {
          id: campaignId,
          query: { q: new FormData(e.target).get('q') },
        });
        $('results').replaceChildren(
          ...identities.map((i) => {
            const li = document.createElement('li');
            const b = Object.assign(document.createElement('button'), {
              type: 'button',
              textContent: `${i.name} (${i.directory})${i.privileged ? ' PRIVILEGED: escalate' : ''}${i.enabled ? '' : ' disabled'}`,
            });
            b.addEventListener('click', () => {
              selected = i;
              $('target').textContent = `Verifying ${i.name}`;
              $('verify-form').hidden = false;
              $('secret').textContent = '';
            });
            li.append(b);
            return li;
          }),
        );
      }),
    );
    $('verify-form').addEventListener(
      'submit',
      act(async (e) => {
        const form = new FormData(e.target);
        const r = await api(
          'postCampaignsVerifications',
          { id: campaignId },
          {
            directory: selected.directory,
            identityKey: selected.key,
            method: form.get('method'),
            evidence: form.get('evidence'),
            outcome: form.get('outcome'),
          },
        );
        $('secret').textContent = `verification ${r.verificationId}: ${r.outcome}`;
      }),
    );
    const issue = (kind) =>
      act(async () => {
        const r = await api(
          'postCampaignsCredentials',
          { id: campaignId },
          { directory: selected.directory, identityKey: selected.key, kind },
        );
        // Shown once: not kept anywhere but this element, cleared on the next action.
        $('secret').textContent =
          `${r.kind === 'tap' ? 'Temporary Access Pass' : 'Temporary password (must be changed)'} for ${r.identity}: ${r.value}${r.reenabled ? ' (the account, disabled at the deadline, is enabled again)' : ''}`;
      });
    $('issue-tap').addEventListener('click', issue('tap'));
    $('issue-temp').addEventListener('click', issue('temporary-password'));
    $('enable').addEventListener(
      'click',
      act(async () => {
        const r = await api(
          'postCampaignsEnable',
          { id: campaignId },
          { directory: selected.directory, identityKey: selected.key },
        );
        $('secret').textContent = `${r.identity} re-enabled`;
      }),
    );
    // Single sign-on is offered only when configured and not switched off (GET /api/oidc).
    const sso = await (await fetch('/api/oidc')).json();
    $('sso').hidden = !sso.enabled;
    const failed = new URLSearchParams(location.search).get('sso');
    const ssoRefusals = {
      locked: 'Single sign-on refused: this console account is locked',
      off: 'Single sign-on is switched off by the incident commander: sign in with your console password and one-time code',
    };
    if (failed)
      show(
        new Error(
          ssoRefusals[failed] ??
            'Single sign-on refused: no console account with single sign-on allowed matches, or the sign-in expired (see the audit log)',
        ),
      );
    const session = await fetch('/api/session');
    if (session.ok) await start(await session.json());
  }),
);
