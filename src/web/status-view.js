// Status at a glance: the campaign's state and the kill switch as a banner, the totals, every
// failure grouped by cause (error code) with its message, progress over time, throttling and the
// helpdesk. Pause and Resume are offered only to the roles that may use them, each behind a
// confirmation; what is shown comes from the API's status and dashboard (no raw JSON).
import { colours, helpdeskSummary, progressChart, throttlingPanel, waveBars } from './dashboard-charts.js';
import { count, emptyState, h, plural, prose, when } from './dom.js';

const stateWords = {
  draft: 'Draft: the plan is not running yet',
  active: 'Active: waves are running',
  paused: 'Paused',
  aborted: 'Aborted',
  completed: 'Completed',
};

export function killSwitchBanner(status) {
  const k = status.killSwitch;
  if (k.engaged)
    return h(
      'div',
      { class: 'banner banner-stop', role: 'status', id: 'kill-switch', 'data-engaged': 'true' },
      h('strong', {}, 'Kill switch ENGAGED: no engine writes to any directory.'),
      ` Pulled${k.changedBy ? ` by ${k.changedBy}` : ''}${k.changedAt ? ` at ${when(k.changedAt)}` : ''}.`,
    );
  return h(
    'div',
    { class: 'banner banner-go', role: 'status', id: 'kill-switch', 'data-engaged': 'false' },
    h('strong', {}, 'Kill switch released:'),
    ' engines may write when a wave is due.',
    k.changedAt ? ` Last changed${k.changedBy ? ` by ${k.changedBy}` : ''} at ${when(k.changedAt)}.` : '',
  );
}

function totalsList(t) {
  const all = Object.values(t).reduce((a, b) => a + b, 0);
  return h(
    'dl',
    { class: 'totals', id: 'totals' },
    [['actions', all], ...['verified', 'applied', 'claimed', 'planned', 'failed', 'skipped'].map((s) => [s, t[s]])].map(
      ([name, n]) =>
        h('div', { class: `total total-${name}`, 'data-total': name }, h('dt', {}, name), h('dd', {}, count(n))),
    ),
  );
}

export function failureGroups(status, throttling) {
  const causes = status.failureCauses ?? [];
  if (causes.length === 0) return [h('p', { id: 'failures' }, 'No failed actions.')];
  const retries = throttling?.retries ?? 0;
  return [
    h(
      'ul',
      { class: 'failures', id: 'failures' },
      causes.map((c) =>
        h(
          'li',
          { 'data-code': c.code },
          h('strong', {}, `${plural(c.count, 'action')} ${c.code}`),
          c.retrying > 0 ? ` (${count(c.retrying)} will be retried)` : ' (not retried: needs a person)',
          ` in ${c.directories.join(', ')}`,
          c.message ? h('br') : '',
          c.message ? h('span', { class: 'failure-message' }, c.message) : '',
        ),
      ),
    ),
    prose(
      `${plural(retries, 'retry', 'retries')} after failures so far. \`reclaim status\` lists every failed action.`,
      {
        class: 'hint',
      },
    ),
  ];
}

/**
 * The status screen. `controls`: { canPause, canResume, onPause, onResume }.
 */
export function statusView(status, dashboard, controls) {
  const noPlan = !status.plan;
  const all = Object.values(status.totals).reduce((a, b) => a + b, 0);
  const buttons = [];
  if (controls.canPause && !status.killSwitch.engaged)
    buttons.push(
      h(
        'button',
        { type: 'button', id: 'pause', class: 'danger', onclick: controls.onPause },
        'Pause everything (kill switch)',
      ),
    );
  if (controls.canResume && status.killSwitch.engaged)
    buttons.push(h('button', { type: 'button', id: 'resume', class: 'primary', onclick: controls.onResume }, 'Resume'));
  return [
    killSwitchBanner(status),
    h(
      'div',
      { class: 'campaign-line' },
      h(
        'p',
        { id: 'campaign-state', 'data-status': status.status },
        h('strong', {}, status.name),
        ` · ${stateWords[status.status] ?? status.status}`,
      ),
      buttons.length ? h('p', { class: 'actions' }, buttons) : '',
    ),
    noPlan
      ? emptyState(
          'No plan yet: run `reclaim discover`, then `reclaim plan --login NAME`; a second person approves it here or with `reclaim approve --login NAME`.',
        )
      : all === 0
        ? emptyState(
            status.plan.approvers.length === 0
              ? 'Nothing has run yet: the plan waits for a second person’s approval (Plan review), then `reclaim run` starts the waves that are due.'
              : 'Nothing has run yet: `reclaim run` starts the waves that are due.',
          )
        : '',
    all > 0 ? totalsList(status.totals) : '',
    h('h3', {}, 'Failures by cause'),
    ...failureGroups(status, dashboard?.throttling),
    all > 0 && dashboard
      ? [
          h('h3', {}, 'Progress over time'),
          h(
            'div',
            { id: 'progress-chart', class: 'chart-box' },
            progressChart(dashboard.progress, status.totals.failed),
          ),
        ]
      : '',
    status.waves.length > 0
      ? [h('h3', {}, 'Progress per wave'), h('div', { id: 'chart' }, waveBars(status.waves))]
      : '',
    dashboard
      ? [h('h3', {}, 'Throttling'), h('div', { id: 'throttling' }, ...throttlingPanel(dashboard.throttling))]
      : '',
    dashboard ? [h('h3', {}, 'Helpdesk'), h('p', { id: 'helpdesk-queue' }, helpdeskSummary(dashboard.helpdesk))] : '',
  ];
}

export { colours };
