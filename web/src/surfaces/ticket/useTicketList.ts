import { useEffect, useRef } from 'react';
import { api } from '../../api/client.ts';
import { useLiveEvent, useResource, useResync, type Resource } from '../../api/hooks.tsx';
import type { ServerEvents } from '../../api/live.ts';
import type { TicketListFilter, Ticket, TicketList } from '../../../../src/contract/ticket.ts';

type Updated = ServerEvents['ticket.updated'];

/**
 * A ticket list that stays current without polling: it reloads when a `ticket.updated` event
 * may change it (`affects`; default: any event this user receives) and after a reconnect.
 */
export function useTicketList(
  q: TicketListFilter,
  affects?: (ev: Updated, items: readonly Ticket[]) => boolean,
): Resource<TicketList> {
  const key = JSON.stringify(q);
  const r = useResource(() => api.listTickets(q), key);
  const items = useRef<readonly Ticket[]>([]);
  useEffect(() => {
    items.current = r.data?.items ?? [];
  }, [r.data]);
  useLiveEvent('ticket.updated', (ev) => {
    if (!affects || affects(ev, items.current)) r.reload();
  });
  useResync(r.reload);
  return r;
}

/** For lists filtered by status: the event's new status is listed, or the ticket was. */
export function byStatus(statuses: readonly string[]) {
  return (ev: Updated, items: readonly Ticket[]) =>
    statuses.includes(ev.status) || items.some((t) => t.id === ev.ticketId);
}
