// Disable and re-enable: userAccountControl bit 2 (ACCOUNTDISABLE), every other bit preserved.
import type { Applied } from '../../core/action.ts';
import { uacFlags, withUacFlag } from './decode-uac.ts';
import { modifyUac } from './modify-uac.ts';
import { refuseKrbtgt, type AdActionContext } from './ad-action-context.ts';

export async function setEnabled(ctx: AdActionContext, enabled: boolean): Promise<Applied> {
  const result = await modifyUac(ctx.client, ctx.ref, (uac, entry) => {
    refuseKrbtgt(entry, ctx.ref, enabled ? 'enable' : 'disable');
    return { uac: withUacFlag(uac, uacFlags.ACCOUNTDISABLE, !enabled) };
  });
  return {
    at: ctx.now().toISOString(),
    before: { userAccountControl: result.beforeUac, enabled: (result.beforeUac & uacFlags.ACCOUNTDISABLE) === 0 },
    facts: { userAccountControl: result.afterUac, written: result.written },
  };
}
