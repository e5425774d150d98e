import type { Actor } from '../auth/actor.ts';

/**
 * What intake needs of telephony when a ticket is recorded from a call (`callId`): the call
 * must be bindable before the ticket is written, and is bound once it is. Declared here and
 * implemented by `voice/calls` (wired in `app/services.ts`), so tickets never import voice.
 */
export interface CallBinding {
  /** Refuses (`call_not_found`, `call_already_bound`) before anything is created. */
  checkBindable(actor: Actor, callId: string): Promise<void>;
  /** Binds the call to the ticket just created from it. */
  bind(actor: Actor, ticketId: string, callId: string): Promise<void>;
}
