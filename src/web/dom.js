// Small DOM helpers for the console's screens. Text goes in through textContent only (never
// innerHTML), so a name or message from a directory or the store cannot inject markup.

/** h('p', { class: 'x', onclick: fn }, 'text', child): an element with attributes and children */
export function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = String(v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** a table with a caption (screen readers), column headers and rows of cells (text or nodes) */
export function table(caption, headers, rows, attributes = {}) {
  // a region that scrolls sideways on a phone, reachable with the keyboard (axe: scrollable-region-focusable)
  return h(
    'div',
    { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': caption },
    h(
      'table',
      attributes,
      h('caption', { class: 'visually-hidden' }, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headers.map((x) => h('th', { scope: 'col' }, x)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((cells) =>
          cells instanceof Node
            ? cells
            : h(
                'tr',
                {},
                cells.map((c) => h('td', {}, c ?? '')),
              ),
        ),
      ),
    ),
  );
}

/** An empty state: what is missing and the command to run first (`code` parts in backticks). */
export function emptyState(text) {
  return prose(text, { class: 'empty' });
}

/** a paragraph whose `backticked` parts are shown as code */
export function prose(text, attributes = {}) {
  const p = h('p', attributes);
  text.split(/(`[^`]+`)/).forEach((part) => {
    if (part.startsWith('`') && part.endsWith('`')) p.append(h('code', {}, part.slice(1, -1)));
    else if (part) p.append(part);
  });
  return p;
}

/** "2026-11-26 10:00 UTC" from an ISO time; '' for none */
export function when(iso) {
  if (!iso) return '';
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** "12 s", "3 min", "2 h 5 min" */
export function duration(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** a whole number with thousands separators */
export function count(n) {
  return Math.round(Number(n) || 0).toLocaleString('en');
}

/** "1 identity", "2 identities" */
export function plural(n, one, many = `${one}s`) {
  return `${count(n)} ${Number(n) === 1 ? one : many}`;
}

/** a message next to the thing that caused it: role=alert, cleared with an empty text */
export function say(node, text, kind = 'error') {
  node.textContent = text ?? '';
  node.className = text ? `message ${kind}` : 'message';
}
