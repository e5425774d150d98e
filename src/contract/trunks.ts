/** The carrier's SIP trunks (R-TEL-4): `/api/v1/telephony/trunks` (administrator). */
import { z } from 'zod';
import { instant } from './common.ts';

export const TRUNK_TRANSPORTS = ['udp', 'tcp'] as const;

export const trunkParams = z.object({
  name: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9-]{1,40}$/, '1–40 letters, digits or dashes'),
});

/** A trunk as the administrator writes it; the password is write-only. */
export const trunkBody = z.object({
  /** The carrier's SIP server: an IP address or a host name. */
  host: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.:-]{1,253}$/, 'an IP address or host name'),
  port: z.number().int().min(1).max(65535).default(5060),
  transport: z.enum(TRUNK_TRANSPORTS).default('udp'),
  /** Digest credentials the carrier challenges our INVITEs with. */
  username: z.string().trim().min(1).max(100).nullable().default(null),
  /**
   * Absent: the stored password is kept; null: removed; a string: replaced. Never returned.
   */
  password: z.string().min(1).max(200).nullable().optional(),
  /** Our number towards the carrier (From of outbound calls); null: the caller's number. */
  fromUser: z
    .string()
    .trim()
    .regex(/^\+?[0-9]{2,20}$/, 'digits, optionally after +')
    .nullable()
    .default(null),
  /** Written before every dialled number (a carrier's routing prefix). */
  dialPrefix: z
    .string()
    .trim()
    .regex(/^[0-9*#+]{0,10}$/, 'up to 10 digits')
    .default(''),
  /**
   * Addresses or CIDRs the carrier's INVITEs come from (`203.0.113.0/24`, `2001:db8::/32`);
   * empty: no check. The server reads each entry as the trunk's inbound check will, and
   * refuses one it cannot (`validation_failed`, path `allowFrom.<n>`).
   */
  allowFrom: z.array(z.string().trim()).max(100).default([]),
  enabled: z.boolean().default(true),
});

/** A trunk as the API shows it: the password is never sent, only whether one is set. */
export const trunk = z.object({
  name: z.string(),
  host: z.string(),
  port: z.number().int(),
  transport: z.enum(TRUNK_TRANSPORTS),
  username: z.string().nullable(),
  hasPassword: z.boolean(),
  fromUser: z.string().nullable(),
  dialPrefix: z.string(),
  allowFrom: z.array(z.string()),
  enabled: z.boolean(),
  updatedAt: instant,
});

export const trunkList = z.object({ items: z.array(trunk) });

export type TrunkBody = z.infer<typeof trunkBody>;
export type Trunk = z.infer<typeof trunk>;
/** What a client sends (defaults not yet applied). */
export type TrunkBodyInput = z.input<typeof trunkBody>;
