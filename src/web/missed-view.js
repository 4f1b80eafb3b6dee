// Missed accounts: those the last `reclaim verify` did not see changed (wave actions not verified,
// manual tasks the directory does not show done), filtered by directory, wave, state or name.
import { count, emptyState, h, table, when } from './dom.js';

const filters = { directory: '', wave: '', state: '', q: '' };

function options(name, values, label) {
  const select = h(
    'select',
    { id: `missed-${name}`, name },
    h('option', { value: '' }, `every ${label}`),
    [...values].sort().map((v) => h('option', { value: v, selected: filters[name] === v }, v)),
  );
  select.addEventListener('change', () => {
    filters[name] = select.value;
    select.dispatchEvent(new CustomEvent('missed-filter', { bubbles: true }));
  });
  return h('label', { for: `missed-${name}` }, `${label[0].toUpperCase()}${label.slice(1)} `, select);
}

const stateOf = (a) => (a.state.startsWith('task ') ? `task ${a.state.split(' ').at(-1)}` : a.state);

/** The missed screen from the dashboard's `missed`; re-rendered on every filter change. */
export function missedView(missed, rerender) {
  if (!missed)
    return [
      emptyState(
        'No verification has run yet: `reclaim verify` re-reads every identity and lists the missed ones here.',
      ),
    ];
  const all = missed.accounts;
  const shown = all.filter(
    (a) =>
      (!filters.directory || a.directory === filters.directory) &&
      (!filters.wave || String(a.wave ?? '') === filters.wave) &&
      (!filters.state || stateOf(a) === filters.state) &&
      (!filters.q || a.identity.toLowerCase().includes(filters.q.toLowerCase())),
  );
  const search = h('input', { id: 'missed-q', name: 'q', type: 'search', value: filters.q, autocomplete: 'off' });
  search.addEventListener('input', () => {
    filters.q = search.value;
    rerender({ keepFocus: 'missed-q' });
  });
  const form = h(
    'form',
    { id: 'missed-filters', class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() },
    options('directory', new Set(all.map((a) => a.directory)), 'directory'),
    options('wave', new Set(all.map((a) => String(a.wave ?? ''))), 'wave'),
    options('state', new Set(all.map(stateOf)), 'state'),
    h('label', { for: 'missed-q' }, 'Name ', search),
  );
  form.addEventListener('missed-filter', () => rerender({ keepFocus: null }));
  return [
    h(
      'p',
      { id: 'missed-summary' },
      `Verified ${when(missed.verifiedAt)}: ${count(missed.checked)} checked, ${count(missed.changed)} changed, ${count(missed.missed)} missed.`,
      all.length < missed.missed
        ? ` The first ${count(all.length)} are listed; \`reclaim verify\` lists them all.`
        : '',
    ),
    form,
    h('p', { role: 'status', id: 'missed-count' }, `${count(shown.length)} of ${count(all.length)} shown`),
    shown.length
      ? table(
          'Missed accounts',
          ['Account', 'Directory', 'Wave', 'State'],
          shown.map((a) => [a.identity, a.directory, a.wave === null ? '' : String(a.wave), a.state]),
          { id: 'missed-table' },
        )
      : h('p', {}, missed.missed === 0 ? 'Nobody was missed.' : 'No missed account matches these filters.'),
  ];
}
