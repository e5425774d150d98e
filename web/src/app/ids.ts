/**
 * A random key for idempotent submissions. crypto.randomUUID exists only in secure contexts;
 * a hotline on a plain-HTTP intranet address still gets unique keys from getRandomValues.
 */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function' && globalThis.isSecureContext !== false)
    return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
