import path from 'node:path';
import { z } from 'zod';
import { isProxyEntry, splitProxyList } from './trusted-proxies.ts';

/**
 * Configuration, read once from the environment and validated. The server and every
 * command-line tool read it the same way, so they always reach the same database.
 *
 * Secrets (DATABASE_URL, SMTP_URL, CHALLENGE_SECRET) come only from the environment.
 */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8022),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  /** Port for the embedded PostgreSQL; taken → a free one is chosen. */
  EMBEDDED_PG_PORT: z.coerce.number().int().min(0).max(65535).default(54022),
  /**
   * Run as root from a directory user "postgres" cannot enter, the embedded PostgreSQL's
   * binaries and cluster live here instead (src/db/embedded-root.ts).
   */
  EMBEDDED_PG_HOME: z.string().default('/var/lib/open1022'),
  OPEN1022_DEMO: z.enum(['0', '1']).default('1'),
  /** 1: every API answer is also checked against its contract schema (the test suite's). */
  OPEN1022_CHECK_RESPONSES: z.enum(['0', '1']).default('0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** SMTP server for outgoing mail, e.g. smtp://user:pass@mail.example.vn:587. Unset = mail queued, not sent. */
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Tổng đài 1022 <no-reply@1022.local>'),
  // Web push (RFC 8292): base64url P-256 keys; without them a pair is generated once and
  // kept in PostgreSQL (push_vapid). The subject is a mailto: or https: contact.
  VAPID_PUBLIC_KEY: z.string().optional(),
  VAPID_PRIVATE_KEY: z.string().optional(),
  VAPID_SUBJECT: z.string().default('mailto:admin@1022.local'),
  /** Public base URL, used in links inside notifications. */
  PUBLIC_URL: z.string().default('http://localhost:8022'),
  /**
   * Reverse proxies allowed to say who the client is (X-Forwarded-For) and whether it used
   * HTTPS (X-Forwarded-Proto): comma-separated addresses, CIDR ranges or `loopback`,
   * `linklocal`, `uniquelocal`. Unset: no one, the TCP peer is the client (src/config/trusted-proxies.ts).
   */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform(splitProxyList)
    .pipe(
      z.array(
        z.string().refine(isProxyEntry, {
          message: 'not an IP address, a CIDR range, loopback, linklocal or uniquelocal',
        }),
      ),
    ),
  /** Marks cookies Secure; on by default when PUBLIC_URL is https. */
  COOKIE_SECURE: z.enum(['0', '1']).optional(),
  /** A staff session ends after this many minutes without a request (idle timeout). */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** …and in any case this many hours after sign-in (absolute timeout: one shift). */
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /** The latest expiry an API token may be given, in days from its creation. */
  API_TOKEN_MAX_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  /**
   * Prometheus metrics (docs/operations/metrics.md). With METRICS_PORT, `GET /metrics` is served
   * only on that port, bound to METRICS_HOST (loopback by default); otherwise it is served on the
   * main port to a caller presenting `Authorization: Bearer <METRICS_TOKEN>`. Neither set: not
   * served at all.
   */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().default('127.0.0.1'),
  METRICS_TOKEN: z.string().min(32).optional(),
  /** How long the database-derived gauges are reused between scrapes, in ms. */
  METRICS_CACHE_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
  /** Interval of the deadline sweeper and outbox dispatcher, in ms. */
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).default(5000),
  OUTBOX_INTERVAL_MS: z.coerce.number().int().min(50).default(2000),
  /**
   * Key that signs the anti-automation challenges of public forms (≥ 32 characters). Every web
   * node must have the same; unset = a random key per process (fine for one node).
   */
  CHALLENGE_SECRET: z.string().min(32).optional(),
  /**
   * Key sealing the secrets stored in the database that must stay readable (a carrier trunk's
   * password), ≥ 32 characters, the same on every node. Unset: such secrets cannot be saved.
   * Changing it makes the sealed ones unreadable: set them again.
   */
  SECRETS_KEY: z.string().min(32).optional(),
  /**
   * Ed25519 key signing the audit trail's checkpoints (PEM PKCS#8, or the 32-byte seed in
   * base64/hex); never stored in the database. Unset: no checkpoints, and the trail only
   * detects naive edits (said at start and by `audit:verify`). See docs/security/audit.md.
   */
  AUDIT_SIGNING_KEY: z.string().optional(),
  /** Public key `audit:verify` checks checkpoints with where the signing key is absent. */
  AUDIT_PUBLIC_KEY: z.string().optional(),
  /** Directory the checkpoints are exported to (default DATA_DIR/audit-checkpoints). */
  AUDIT_CHECKPOINT_DIR: z.string().optional(),
  /** How often the worker signs the chains' heads, in ms (default 10 minutes). */
  AUDIT_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(1000).default(600_000),
  /** 1: each new checkpoint of a tenant's chain is e-mailed to its coordinators. */
  AUDIT_CHECKPOINT_EMAIL: z.enum(['0', '1']).default('0'),
  /** RFC 3161 time-stamp authority stamping each checkpoint (unset: none). */
  AUDIT_TSA_URL: z.string().url().optional(),
  /** The authority's CA certificate (PEM file): `audit:verify` then checks tokens' signatures. */
  AUDIT_TSA_CA_FILE: z.string().optional(),
  /** Telephony (SIP + RTP + IVR) on this node: 1 to start it with the web role. */
  TELEPHONY: z.enum(['0', '1']).default('0'),
  /** Address SIP and RTP sockets bind to. */
  SIP_HOST: z.string().default('0.0.0.0'),
  /** SIP over UDP and TCP. */
  SIP_PORT: z.coerce.number().int().min(0).max(65535).default(5060),
  /**
   * SIP over WebSocket (RFC 7118) on a port of its own, besides `/sip` on the web server
   * (unset: `/sip` only).
   */
  SIP_WS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /**
   * Browser origins allowed to open SIP WebSockets besides the web app's own (PUBLIC_URL and
   * same-origin pages): comma-separated `https://host[:port]`, or `*` for any.
   */
  SIP_WS_ORIGINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter((o) => o !== ''),
    ),
  /** Address written in SIP headers and SDP (default: SIP_HOST, or the first LAN address). */
  SIP_PUBLIC_HOST: z.string().optional(),
  /** RTP port range: one even port (RTP) and the odd one above (RTCP) per call leg. */
  RTP_PORT_MIN: z.coerce.number().int().min(1024).max(65534).default(20000),
  RTP_PORT_MAX: z.coerce.number().int().min(1025).max(65535).default(29999),
  /** Calls this node carries at once; more get 503 (busy trunk, try later). */
  TELEPHONY_MAX_CALLS: z.coerce.number().int().min(1).max(10_000).default(300),
  /** Code of the tenant whose public website (/cong-dan) this node serves (default: the first). */
  PUBLIC_TENANT: z.string().optional(),
  /** Host name (e.g. 1022.tinh.gov.vn) whose "/" opens the public website instead of the staff app. */
  PUBLIC_HOST: z.string().optional(),
  /** Code of the tenant whose hotline this node answers (default: the first tenant). */
  TELEPHONY_TENANT: z.string().optional(),
  /**
   * Name of this telephony node, kept with its calls and queue entries (default: host name and
   * SIP port). It must stay the same across restarts: a node closes its own unfinished calls
   * when it starts.
   */
  TELEPHONY_NODE: z.string().min(1).max(100).optional(),
  /**
   * Digest realm of operators' phones. The stored HA1 values depend on it: changing it means
   * setting every SIP password again.
   */
  SIP_REALM: z.string().min(1).max(100).default('open1022'),
  /**
   * Key signing SIP digest nonces (≥ 32 characters). Every telephony node must have the same;
   * unset = a random key per process (fine for one node).
   */
  SIP_NONCE_SECRET: z.string().min(32).optional(),
  /**
   * Digest algorithms offered to phones, preferred first (comma-separated: MD5, SHA-256).
   * MD5 alone by default: some phones (baresip 1.0's libre, older desk phones) give up when
   * any challenge has an algorithm they do not know. Answers with either are always accepted.
   */
  SIP_DIGEST_ALGORITHMS: z
    .string()
    .default('MD5')
    .transform((s) => s.split(',').map((a) => a.trim().toUpperCase()))
    .pipe(z.array(z.enum(['MD5', 'SHA-256'])).min(1)),
});

export type Env = z.infer<typeof schema> & { dataDir: string; cookieSecure: boolean };

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // An empty variable means "not set" (e.g. `DATABASE_URL= npm start`).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  if (env.RTP_PORT_MAX <= env.RTP_PORT_MIN)
    throw new Error('Invalid configuration:\n  RTP_PORT_MAX: must be above RTP_PORT_MIN');
  return {
    ...env,
    dataDir: path.resolve(env.DATA_DIR),
    cookieSecure: env.COOKIE_SECURE
      ? env.COOKIE_SECURE === '1'
      : env.PUBLIC_URL.startsWith('https:'),
  };
}
