import { useEffect, useRef, useState } from 'react';
import { CHANNELS } from '../../../../src/contract/enums.ts';
import type { Ticket } from '../../../../src/contract/ticket.ts';
import { useI18n } from '../../i18n/react.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { Link } from '../../app/router.tsx';
import { ticketPath } from '../../app/routes.ts';
import { EscalationBadge, StatusBadge, UrgencyBadge } from '../../ui/feedback.tsx';
import { CountdownBadge } from '../agency/Countdown.tsx';

/** Ids that appeared after the first render, so a live arrival is highlighted briefly. */
function useArrivals(items: readonly Ticket[]): Set<string> {
  const seen = useRef<Set<string> | null>(null);
  const [fresh, setFresh] = useState<Set<string>>(() => new Set());
  useEffect(() => {
    const ids = items.map((t) => t.id);
    if (seen.current === null) {
      seen.current = new Set(ids);
      return;
    }
    const arrived = ids.filter((id) => !seen.current!.has(id));
    for (const id of ids) seen.current.add(id);
    if (arrived.length === 0) return;
    setFresh(new Set(arrived));
    const timer = setTimeout(() => setFresh(new Set()), 4000);
    return () => clearTimeout(timer);
  }, [items]);
  return fresh;
}

/** A list of tickets: code, state, who, what, when; a countdown where a deadline runs. */
export function TicketRows({
  items,
  showCountdown = false,
  empty,
}: {
  items: readonly Ticket[];
  showCountdown?: boolean;
  empty: string;
}) {
  const { t, lang } = useI18n();
  const fresh = useArrivals(items);
  if (items.length === 0) return <p className="muted empty">{empty}</p>;
  return (
    <ul className="rows">
      {items.map((x) => (
        <li key={x.id} className={`row${fresh.has(x.id) ? ' is-new' : ''}`} data-ticket={x.code}>
          <div className="row-main">
            <Link to={ticketPath(x.id)} className="row-code">
              {x.code}
            </Link>
            <StatusBadge status={x.status} />
            <EscalationBadge escalation={x.escalation} />
            <UrgencyBadge urgency={x.urgency} />
            <FlagBadge flags={x.flags} />
            {fresh.has(x.id) ? <span className="sr-only">{t('list.new')}</span> : null}
          </div>
          <div className="row-text">{x.subject || x.content}</div>
          <div className="row-meta">
            <span>{x.citizen.name}</span>
            <span>{t(`channel.${channelKey(x.channel)}`)}</span>
            <span>{formatDateTime(x.createdAt, lang)}</span>
          </div>
          {showCountdown && x.deadline ? (
            <div className="row-deadline">
              <CountdownBadge deadline={x.deadline} agencyId={x.agencyId} compact />
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * Content the abuse screening flagged for review (R-AB-1): said in words, not by colour
 * alone, on lists and on the ticket.
 */
export function FlagBadge({ flags }: { flags: readonly string[] }) {
  const { t } = useI18n();
  if (flags.length === 0) return null;
  const reasons = flags.map((f) => t(f === 'language' ? 'flag.language' : 'flag.other'));
  return (
    <span className="badge flag" data-flags={flags.join(' ')} title={t('flag.hint')}>
      {t('flag.badge', { reasons: reasons.join(', ') })}
    </span>
  );
}

const KNOWN: ReadonlySet<string> = new Set(CHANNELS);
export function channelKey(c: string) {
  return (KNOWN.has(c) ? c : 'other') as
    | 'phone'
    | 'sms'
    | 'email'
    | 'web'
    | 'chat'
    | 'zalo'
    | 'messenger'
    | 'app'
    | 'letter'
    | 'portal'
    | 'walk_in'
    | 'open311'
    | 'other';
}
