import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useLiveEvent, useResource, useResync } from '../../api/hooks.tsx';
import type { Agent, WaitingCall } from '../../../../src/contract/agents.ts';
import { useI18n } from '../../i18n/react.tsx';
import { ErrorAlert, Loading } from '../../ui/feedback.tsx';
import {
  applyAgentEvent,
  applyQueueEvent,
  byAvailability,
  clock,
  queueLines,
  shownState,
  stateKey,
  wrapUpLeft,
} from './phone.ts';
import './phone.css';

/**
 * The switchboard on the supervisor's screen (R-TEL-3, R-OP-2): callers waiting per queue with
 * the longest wait, and every operator's call state, live from `call.queue` and `agent.state`
 * events (every telephony node); durations tick each second in the browser.
 */
export function Switchboard() {
  const { t } = useI18n();
  // Loaded lists are the base; live events move them in place until the next load.
  const [agentList, setAgentList] = useState<Agent[] | null>(null);
  const [waiting, setWaiting] = useState<WaitingCall[] | null>(null);
  const agents = useResource(async () => {
    const r = await api.agents();
    setAgentList(r.items);
    return r;
  }, 'switchboard:agents');
  const waitingRes = useResource(async () => {
    const r = await api.waitingCalls();
    setWaiting(r.items);
    return r;
  }, 'switchboard:waiting');
  const [now, setNow] = useState(() => new Date());
  useLiveEvent('agent.state', (e) => {
    setAgentList((l) => (l ? applyAgentEvent(l, e, new Date()) : l));
    // A wrap-up's end time comes with the list.
    if (e.state === 'wrap-up') agents.reload();
  });
  useLiveEvent('call.queue', (e) => setWaiting((l) => (l ? applyQueueEvent(l, e) : l)));
  useResync(() => {
    agents.reload();
    waitingRes.reload();
  });
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);

  const lines = waiting ? queueLines(waiting, now) : [];
  return (
    <section className="card switchboard" aria-labelledby="sup-switchboard">
      <h2 id="sup-switchboard">{t('phone.switchboard')}</h2>
      <ErrorAlert error={waitingRes.error ?? agents.error} onRetry={waitingRes.reload} />
      <h3>{t('phone.waiting', { n: waiting?.length ?? 0 })}</h3>
      {waiting === null ? (
        <Loading />
      ) : lines.length === 0 ? (
        <p className="muted">{t('phone.noneWaiting')}</p>
      ) : (
        <ul className="stat-grid" data-testid="waiting">
          {lines.map((l) => (
            <li key={l.queue} className="stat card" data-queue={l.queue}>
              <span className="stat-n">{l.waiting}</span>
              <span className="stat-label">
                {l.queue} · {t('phone.longest', { time: clock(l.longestSeconds) })}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('phone.agents')}</h3>
      {agentList === null ? (
        <Loading />
      ) : (
        <div className="table-wrap">
          <table className="load-table">
            <thead>
              <tr>
                <th scope="col">{t('supervisor.col.operator')}</th>
                <th scope="col">{t('phone.col.state')}</th>
                <th scope="col">{t('phone.col.for')}</th>
                <th scope="col">{t('phone.col.phone')}</th>
                <th scope="col" className="num">
                  {t('phone.col.missed')}
                </th>
              </tr>
            </thead>
            <tbody>
              {byAvailability(agentList, now).map((a) => {
                const state = shownState(a, now);
                const since = a.since ? (now.getTime() - Date.parse(a.since)) / 1000 : null;
                const left = wrapUpLeft(a, now);
                return (
                  <tr key={a.id} data-agent={a.username} data-state={state}>
                    <th scope="row">
                      {a.displayName}
                      <span className="mini-sub"> · {a.sipUsername ?? a.username}</span>
                    </th>
                    <td>
                      <span className={`badge agent-${state}`}>{t(stateKey(state))}</span>
                      {a.reason && state === 'break' ? (
                        <span className="mini-sub">
                          {' '}
                          ·{' '}
                          {t(
                            a.reason === 'no-answer'
                              ? 'phone.reason.noAnswer'
                              : 'phone.reason.unreachable',
                          )}
                        </span>
                      ) : null}
                    </td>
                    <td>
                      {state === 'wrap-up' && left > 0
                        ? t('phone.leftOf', { time: clock(left) })
                        : since !== null && state === a.state
                          ? clock(since)
                          : ''}
                    </td>
                    <td>
                      {a.sipUsername
                        ? a.registered
                          ? t('phone.registered')
                          : t('phone.unregistered')
                        : t('phone.noPhone')}
                    </td>
                    <td className="num">{a.missedCalls}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
