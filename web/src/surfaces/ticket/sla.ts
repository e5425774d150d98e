/**
 * Deadline durations as the tenant configured them (GET /settings: R-SLA-1/2 default to 8 and
 * 48 working hours but a deployment may change them), for the labels that name them. Pure.
 */
import type { Action } from '../../../../src/contract/enums.ts';
import type { Settings } from '../../../../src/contract/org.ts';
import type { Params } from '../../i18n/catalog.ts';

type Sla = Settings['sla'] | undefined;

/** `{ hours }` of a deadline kind; '…' while the settings load (never a guessed number). */
export function deadlineHours(sla: Sla, kind: string): Params | undefined {
  if (kind !== 'focal_point' && kind !== 'head') return undefined;
  if (!sla) return { hours: '…' };
  return { hours: kind === 'head' ? sla.headHours : sla.focalPointHours };
}

/** The parameters of an action's help text: forwarding starts the focal point's hours… */
export function actionHelpParams(action: Action, sla: Sla): Params | undefined {
  if (action === 'forward' || action === 'transfer') return deadlineHours(sla, 'focal_point');
  if (action === 'escalate') return deadlineHours(sla, 'head');
  return undefined;
}
