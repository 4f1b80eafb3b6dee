// A modal confirmation (the native <dialog>: focus moves into it, Escape closes it, the page behind
// is inert). Fields are optional inputs (a comment, a reason); the promise resolves to their values
// on confirm, or null when cancelled.
import { h } from './dom.js';

let open = null;

export function confirmDialog({ title, lines = [], fields = [], confirmLabel, danger = false }) {
  open?.close();
  return new Promise((resolve) => {
    const inputs = fields.map((f) => {
      const id = `dialog-${f.name}`;
      const input = f.multiline
        ? h('textarea', { id, name: f.name, rows: 3, maxlength: f.maxLength ?? 1000, required: f.required })
        : h('input', { id, name: f.name, maxlength: f.maxLength ?? 500, required: f.required });
      return { f, input, row: h('p', {}, h('label', { for: id }, f.label), input) };
    });
    const form = h(
      'form',
      { method: 'dialog' },
      h('h2', { id: 'dialog-title' }, title),
      lines.map((l) => h('p', {}, l)),
      inputs.map((i) => i.row),
      h(
        'p',
        { class: 'actions' },
        h(
          'button',
          { type: 'button', value: 'cancel', class: 'secondary', onclick: () => dialog.close('cancel') },
          'Cancel',
        ),
        h('button', { type: 'submit', value: 'ok', class: danger ? 'danger' : 'primary' }, confirmLabel),
      ),
    );
    const dialog = h('dialog', { 'aria-labelledby': 'dialog-title', class: 'confirm' }, form);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!form.reportValidity()) return;
      dialog.close('ok');
    });
    dialog.addEventListener('close', () => {
      const ok = dialog.returnValue === 'ok';
      const values = Object.fromEntries(inputs.map((i) => [i.f.name, i.input.value.trim()]));
      dialog.remove();
      if (open === dialog) open = null;
      resolve(ok ? values : null);
    });
    document.body.append(dialog);
    open = dialog;
    dialog.showModal();
    (inputs[0]?.input ?? dialog.querySelector('button.secondary')).focus();
  });
}

/** A secret shown once in a dialog (a reset's password and enrolment URI): closed, it is gone. */
export function secretDialog({ title, lines, secrets }) {
  open?.close();
  return new Promise((resolve) => {
    const dialog = h(
      'dialog',
      { 'aria-labelledby': 'dialog-title', class: 'confirm' },
      h('h2', { id: 'dialog-title' }, title),
      lines.map((l) => h('p', {}, l)),
      secrets.map(([label, value]) => h('p', {}, label, h('br'), h('code', { class: 'secret' }, value))),
      h(
        'p',
        { class: 'actions' },
        h('button', { type: 'button', class: 'primary', onclick: () => dialog.close() }, 'Done: I have handed it over'),
      ),
    );
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (open === dialog) open = null;
      resolve();
    });
    document.body.append(dialog);
    open = dialog;
    dialog.showModal();
    dialog.querySelector('button').focus();
  });
}
