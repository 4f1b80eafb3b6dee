// Readiness findings of a campaign's discovered snapshot, with the config's readiness inputs and
// protection rules: shared by `reclaim assess` and the report, so both show the same findings.
import type { Identity } from '../../core/identity.ts';
import { assessReadiness, type ReadinessFinding } from '../../core/readiness/assess-readiness.ts';
import type { AssuranceLevel } from '../../core/triage/decide-triage.ts';
import type { App } from '../create-app.ts';
import { protectionRules } from './campaign-settings.ts';

export function campaignReadiness(
  app: App,
  identities: readonly Identity[],
  assurance: AssuranceLevel | undefined,
): ReadinessFinding[] {
  return assessReadiness({
    identities,
    rules: protectionRules(app.config),
    inputs: app.config.readiness,
    now: app.clock.now().toISOString(),
    assurance,
  });
}
