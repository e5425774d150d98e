/**
 * Where the automatic acknowledgement of a received message goes (R-CH-11). Pure.
 *
 * Only message channels acknowledge (a caller heard the operator; a letter or a walk-in got a
 * receipt by hand). The answer goes back the way the message came when that way can carry it
 * — an SMS to the phone, an email to the address — and otherwise (web form, app, chat, Zalo,
 * Messenger, whose own reply drivers are not here yet) to the email the citizen gave, else by
 * SMS, since email costs nothing per message.
 */
import { MESSAGE_CHANNELS } from './render.ts';

export interface AcknowledgementRoute {
  channel: 'email' | 'sms';
  recipient: string;
}

export function acknowledgementRoute(
  channel: string,
  citizen: { email?: string | null; phone?: string | null },
): AcknowledgementRoute | null {
  if (!(MESSAGE_CHANNELS as readonly string[]).includes(channel)) return null;
  const email = citizen.email?.trim() || null;
  const phone = citizen.phone?.trim() || null;
  const bySms = phone ? { channel: 'sms' as const, recipient: phone } : null;
  const byEmail = email ? { channel: 'email' as const, recipient: email } : null;
  return channel === 'sms' ? (bySms ?? byEmail) : (byEmail ?? bySms);
}
