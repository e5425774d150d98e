import type { SipMessage } from './message.ts';

/**
 * Bytes of a message. Content-Length is always written from the body's byte length (never
 * trusted from the header list), after the header section has been encoded as UTF-8.
 */
export function serialize(msg: SipMessage): Buffer {
  let head = `${msg.startLine()}\r\n`;
  for (const h of msg.headers) if (h.key !== 'content-length') head += `${h.name}: ${h.value}\r\n`;
  head += `Content-Length: ${msg.body.length}\r\n\r\n`;
  const headBytes = Buffer.from(head, 'utf8');
  if (msg.body.length === 0) return headBytes;
  return Buffer.concat([headBytes, msg.body], headBytes.length + msg.body.length);
}
