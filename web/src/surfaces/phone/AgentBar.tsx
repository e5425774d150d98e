import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { toApiError, useLiveEvent, useResource, useResync } from '../../api/hooks.tsx';
import { useUser } from '../../app/session.tsx';
import { useI18n } from '../../i18n/react.tsx';
import { useErrorText } from '../../ui/feedback.tsx';
import type { AgentStateBodyInput } from '../../../../src/contract/agents.ts';
import { clock, shownState, stateKey, wrapUpLeft } from './phone.ts';
import './phone.css';

// Typed against the contract rather than imported from it: the contract module brings zod,
// which the operator's first load does not carry.
const CHOICES = [
  'available',
  'break',
  'offline',
] as const satisfies readonly AgentStateBodyInput['state'][];

/**
 * The operator's phone state in the header (R-TEL-3): available, on a break or offline, set
 * here; ringing, on a call and wrap-up (with its countdown) set by calls. After a call rang
 * out unanswered the operator is on a break and told so, with one click to come back.
 */
export function AgentBar() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const user = useUser();
  const agents = useResource(api.agents, 'phone:agents');
  useLiveEvent('agent.state', (e) => {
    if (e.userId === user.id) agents.reload();
  });
  useResync(agents.reload);
  const me = agents.data?.items.find((a) => a.id === user.id);
  const [now, setNow] = useState(() => new Date());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inWrapUp = me?.state === 'wrap-up';
  useEffect(() => {
    if (!inWrapUp) return;
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, [inWrapUp]);
  if (!me) return null;

  const state = shownState(me, inWrapUp ? now : new Date());
  const left = wrapUpLeft(me, now);
  const onCall = state === 'ringing' || state === 'on-call';

  async function choose(next: (typeof CHOICES)[number]) {
    setBusy(true);
    setError(null);
    try {
      await api.setMyState(next);
      agents.reload();
    } catch (err) {
      setError(errorText(toApiError(err)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="agent-bar" role="group" aria-label={t('phone.bar')}>
      <span className={`badge agent-${state}`} data-agent-state={state} role="status">
        {t(stateKey(state))}
        {state === 'wrap-up' && left > 0 ? ` ${clock(left)}` : ''}
      </span>
      {me.sipUsername && !me.registered ? (
        <span className="agent-unreg" title={t('phone.unregisteredHint')}>
          {t('phone.unregistered')}
        </span>
      ) : null}
      <label className="sr-only" htmlFor="agent-state">
        {t('phone.set')}
      </label>
      <select
        id="agent-state"
        className="agent-select"
        value={CHOICES.includes(state as (typeof CHOICES)[number]) ? state : ''}
        disabled={busy || onCall}
        onChange={(e) => void choose(e.target.value as (typeof CHOICES)[number])}
      >
        {CHOICES.includes(state as (typeof CHOICES)[number]) ? null : (
          <option value="">{t(stateKey(state))}</option>
        )}
        {CHOICES.map((c) => (
          <option key={c} value={c}>
            {t(stateKey(c))}
          </option>
        ))}
      </select>
      {state === 'break' && (me.reason === 'no-answer' || me.reason === 'unreachable') ? (
        <div className="agent-missed" role="alert" data-reason={me.reason}>
          {t(me.reason === 'no-answer' ? 'phone.missed' : 'phone.unreachable', {
            n: me.missedCalls,
          })}{' '}
          <button
            type="button"
            className="btn btn-small"
            disabled={busy}
            onClick={() => void choose('available')}
          >
            {t('phone.back')}
          </button>
        </div>
      ) : null}
      {error ? (
        <span className="agent-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
