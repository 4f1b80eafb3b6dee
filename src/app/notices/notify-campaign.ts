// `reclaim notify`: sends the notices a campaign owes now (due-campaign-notices.ts) through the
// configured SMTP relay, journaled in the store's notices table before and after each message, so
// a stopped run resumes where it stopped and nobody is told twice. Without `send`, a dry run: how
// many would go, per kind, and a preview of the first (recipient and subject, never a secret).
import { dirname } from 'node:path';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { Identity } from '../../core/identity.ts';
import { createNoticeSender } from '../../notify/create-notice-sender.ts';
import { managerMailLookup } from '../../notify/manager-mail-lookup.ts';
import type { NoticeKind } from '../../notify/notice-request.ts';
import { noticeIdempotencyKey } from '../../notify/notice-request.ts';
import { noticeSettingsFromConfig } from './notice-settings-from-config.ts';
import { previewNotice } from '../../notify/preview-notice.ts';
import type { NoticeOutcome, NoticeStatus } from '../../notify/send-notices.ts';
import { StoreNoticeJournal } from '../../notify/store-notice-journal.ts';
import { appendAudit } from '../../store/audit/append-audit.ts';
import { readKillSwitch } from '../../store/campaigns/kill-switch.ts';
import { actionsByKeyPrefix } from '../../store/actions/actions-by-key.ts';
import { waveAssignmentPages } from '../../store/plans/read-plan-assignments.ts';
import { loadCampaignIdentities } from '../campaign/campaign-identities.ts';
import { currentPlanHeader } from '../campaign/current-plan.ts';
import { resolveCampaign } from '../campaign/resolve-campaign.ts';
import type { App } from '../create-app.ts';
import { dueCampaignNotices } from './due-campaign-notices.ts';

export interface NotifyResult {
  campaignId: string;
  dryRun: boolean;
  due: number;
  /** due notices already sent by an earlier run (not sent again) */
  alreadySent: number;
  byKind: Record<string, number>;
  missingIdentities: number;
  counts: Record<NoticeStatus, number> | null;
  failures: Array<{ identityKey: string; kind: string; code: string; message: string }>;
  stopped: { code: string; message: string } | null;
  preview: { to: string; channel: string; subject: string } | { code: string; reason: string } | null;
}

export async function notifyCampaign(
  app: App,
  input: {
    campaignId?: string;
    kinds?: NoticeKind[];
    send: boolean;
    signal?: AbortSignal;
    onOutcome?: (o: NoticeOutcome, done: number, total: number) => void;
  },
): Promise<NotifyResult> {
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  const setup = noticeSettingsFromConfig(app.config, dirname(app.configFile), app.env);
  const current = await currentPlanHeader(store, campaign.id);
  const identities = await loadCampaignIdentities(store, campaign.id);
  const byKey = new Map<string, Identity>(identities.map((i) => [`${i.directory}\n${i.key}`, i]));
  const disabled = await actionsByKeyPrefix(store, {
    campaignId: campaign.id,
    prefix: `${campaign.id}/deadline/`,
    states: ['applied', 'verified'],
  });
  const now = app.clock.now();
  const { requests, missingIdentities } = await dueCampaignNotices({
    campaignId: campaign.id,
    current,
    assignmentsOf: (wave) => waveAssignmentPages(store, current.versionId, [wave]),
    identities: byKey,
    disabled: disabled.map((d) => ({ directory: d.directory, identityKey: d.identityKey, waveId: d.waveId })),
    schedule: setup.schedule,
    now,
    ...(input.kinds ? { kinds: new Set(input.kinds) } : {}),
  });
  const journal = new StoreNoticeJournal(store);
  const sent = new Set(
    (await journal.list(campaign.id)).filter((n) => n.state === 'sent').map((n) => n.idempotencyKey),
  );
  const pending = requests.filter((r) => !sent.has(noticeIdempotencyKey(r)));
  const byKind: Record<string, number> = {};
  for (const r of pending) byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
  const managerMail = managerMailLookup(identities);
  const result: NotifyResult = {
    campaignId: campaign.id,
    dryRun: !input.send,
    due: requests.length,
    alreadySent: requests.length - pending.length,
    byKind,
    missingIdentities,
    counts: null,
    failures: [],
    stopped: null,
    preview: null,
  };
  const first = pending[0];
  if (first) {
    const p = previewNotice(setup.templates, first, setup.sender, await managerMail(first.identity));
    result.preview = p.ok ? { to: p.to, channel: p.channel, subject: p.subject } : { code: p.code, reason: p.reason };
  }
  if (!input.send || pending.length === 0) return result;

  // SAFETY: the kill switch stops every outgoing effect of the campaign, notices included.
  if ((await readKillSwitch(store, campaign.id)).engaged) {
    throw new ReclaimError(
      'KILL_SWITCH_ENGAGED',
      `Campaign ${campaign.id}: the kill switch is engaged; no notice is sent until \`reclaim resume\``,
    );
  }
  const sender = createNoticeSender(setup, { journal, now: () => app.clock.now(), managerMail });
  let done = 0;
  try {
    const outcome = await sender.send(pending, {
      ...(input.signal ? { signal: input.signal } : {}),
      onOutcome: (o) => input.onOutcome?.(o, (done += 1), pending.length),
    });
    result.counts = outcome.counts;
    result.failures = outcome.outcomes
      .filter((o) => o.status === 'failed')
      .map((o) => ({
        identityKey: o.identityKey,
        kind: o.kind,
        code: o.code ?? 'UNEXPECTED',
        message: o.message ?? '',
      }));
    result.stopped = outcome.stopped ?? null;
  } finally {
    sender.close();
  }
  await appendAudit(store, {
    actor: app.operator,
    action: 'notify',
    target: `campaign:${campaign.id}`,
    source: 'cli',
    now: app.clock.now(),
    details: { kinds: input.kinds ?? 'due', ...result.counts, stopped: result.stopped?.code ?? null },
  });
  return result;
}
