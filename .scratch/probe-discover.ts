import { readFileSync } from 'node:fs';
import { Client } from 'ldapts';
import { userFilter } from '../src/directories/ad/discover-users.ts';
import { userAttributes, binaryAttributes } from '../src/directories/ad/map-user-entry.ts';
import { readLabInfo } from '../src/lab/samba/lab-info.ts';
import { ldapsearch } from '../bench/support/ldap-cli-baseline.ts';
const info = readLabInfo(process.env.RECLAIM_LAB_DIR!);
const pw = readFileSync(info.admin.passwordFile, 'utf8').trim();
const url = info.dcs[0]!.url;
const mode = process.argv[2] ?? 'all';
async function raw(explicit: boolean, pageSize: number) {
  const c = new Client({ url, tlsOptions: { ca: [readFileSync(info.caFile)] }, timeout: 120000 });
  const t = performance.now();
  await c.bind(info.admin.upn, pw);
  let n = 0;
  for await (const p of c.searchPaginated(info.baseDn, { scope: 'sub', filter: userFilter, attributes: userAttributes, ...(explicit ? { explicitBufferAttributes: binaryAttributes } : {}), paged: { pageSize } })) n += p.searchEntries.length;
  await c.unbind();
  return { n, ms: performance.now() - t };
}
console.log('attrs', userAttributes.join(','));
for (let r = 0; r < 2; r++) {
  const b = await ldapsearch({ url, caFile: info.caFile, bindName: info.admin.upn, password: pw }, info.baseDn, userFilter, userAttributes, 1000);
  console.log('ldapsearch', b.entries, (b.entries / (b.ms / 1000)).toFixed(0));
  const a = await raw(true, 1000);
  console.log('ldapts explicit', a.n, (a.n / (a.ms / 1000)).toFixed(0));
  const c = await raw(false, 1000);
  console.log('ldapts plain', c.n, (c.n / (c.ms / 1000)).toFixed(0));
}
{
  const cu = process.cpuUsage();
  const a = await raw(false, 1000);
  const d = process.cpuUsage(cu);
  console.log('cpu ms user', d.user / 1000, 'sys', d.system / 1000, 'wall', a.ms.toFixed(0));
}
