/**
 * Every malformed input the SIP layer meets ends in one of these, never in a TypeError deep in
 * the parser: the transport logs it, answers 400/505 when it can, and drops the message.
 */
export class SipParseError extends Error {
  override readonly name = 'SipParseError';
  /**
   * The message as far as it could be read (start line and raw headers), when the error is in
   * a header's value: enough to answer a request with 400. A `SipMessage`, typed as `object`
   * so that this file, which every parser imports, imports nothing itself.
   */
  partial?: object;
  constructor(
    message: string,
    /** The status a UAS should answer with, when an answer is possible (RFC 3261 §8.2). */
    readonly status: 400 | 505 = 400,
  ) {
    super(message);
  }
}

export function fail(message: string, status: 400 | 505 = 400): never {
  throw new SipParseError(message, status);
}
