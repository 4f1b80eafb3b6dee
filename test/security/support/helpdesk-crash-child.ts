// A console process issuing one helpdesk temporary password through the door, for the kill -9
// tests: the lab directory's write is wrapped so that the process signals its parent and hangs
// either right after the real write returned ('after-write') or inside the write, before it reaches
// the DC ('before-write'; 'apply-start' is journaled by then). The parent kills it with SIGKILL.
// argv: configFile campaignId identityKey mode
import { createApp } from '../../../src/app/create-app.ts';
import { issueHelpdeskCredential } from '../../../src/app/console/helpdesk-credential.ts';

const [configFile, campaignId, identityKey, mode] = process.argv.slice(2) as [
  string,
  string,
  string,
  'after-write' | 'before-write',
];
const app = createApp({ configFile, operator: 'helpdesk-1' });
const directory = app.directories().get('lab-ad')!;
const write = directory.apply.bind(directory);
const hang = (marker: string) => {
  process.stdout.write(`${marker}\n`);
  return new Promise<never>(() => undefined);
};
directory.apply = async (spec, context) => {
  if (mode === 'before-write') return hang('about-to-write');
  await write(spec, context);
  return hang('written');
};
await issueHelpdeskCredential(app, {
  campaignId,
  directory: 'lab-ad',
  identityKey,
  kind: 'temporary-password',
  actor: { username: 'helpdesk-1', role: 'helpdesk', ip: '127.0.0.1' },
});
process.stdout.write('returned\n');
