// Everything in a report comes from directories and operators: names, reasons and evidence text
// are escaped before they reach the HTML (a display name can hold markup).
const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => entities[c]!);
}
