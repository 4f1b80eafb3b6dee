// The console's manual tasks (privileged resets, service account rotations): a table of every task
// with its state, assignee, claim and what the directory showed; a checkbox per task to assign the
// chosen ones (tasks.assign), and a Done button on your own open assignments (tasks.done). Plain DOM,
// textContent only, so no name from the directory can inject markup.
const stateOrder = ['open', 'assigned', 'done', 'verified', 'failed', 'missed'];

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text ?? '';
  return td;
}

/** "3 tasks: 1 open, 1 done, 1 verified" */
export function taskCountsText(counts) {
  if (counts.total === 0)
    return 'No manual tasks: they are opened when a wave with privileged or service accounts runs.';
  const parts = stateOrder.filter((s) => counts.byState[s] > 0).map((s) => `${counts.byState[s]} ${s}`);
  return `${counts.total} task(s): ${parts.join(', ')}. A task is verified only when the directory shows the password set after it was assigned.`;
}

/**
 * Rows for the tasks table. `me` is the signed-in username; `can` the permissions; `onDone(task)`
 * reports one task done. Returns the rows; the chosen task ids are read from the checkboxes.
 */
export function taskRows(tasks, me, can, onDone) {
  return tasks.map((t) => {
    const tr = document.createElement('tr');
    tr.dataset.taskId = String(t.id);
    tr.dataset.state = t.state;
    const pick = document.createElement('td');
    if (can.includes('tasks.assign') && t.state !== 'verified') {
      const box = Object.assign(document.createElement('input'), {
        type: 'checkbox',
        name: 'task',
        value: String(t.id),
      });
      box.setAttribute('aria-label', `choose task ${t.id}`);
      pick.append(box);
    }
    const owner =
      t.kind === 'service-account-rotation'
        ? ` (owner ${t.owner ?? 'unknown'}${t.application ? `, ${t.application}` : ''})`
        : '';
    const identity = `${t.directory}:${t.identityName}${owner}`;
    const claim = t.doneBy
      ? `${t.state === 'failed' ? 'failed' : 'done'}: ${t.doneBy} ${t.doneAt}${t.note ? ` - ${t.note}` : ''}`
      : '';
    const seen = t.verifiedAt ? `verified ${t.verifiedAt} (password set ${t.changedAt})` : (t.checkReason ?? '');
    tr.append(
      pick,
      cell(`#${t.id}`),
      cell(t.kind),
      cell(t.state),
      cell(String(t.waveNumber)),
      cell(identity),
      cell(t.assignee ?? ''),
      cell(claim),
      cell(seen),
    );
    const action = document.createElement('td');
    if (can.includes('tasks.done') && t.assignee === me && (t.state === 'assigned' || t.state === 'missed')) {
      const done = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Report done' });
      done.addEventListener('click', () => onDone(t));
      action.append(done);
    }
    tr.append(action);
    return tr;
  });
}
