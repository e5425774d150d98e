import type { Migration } from 'kysely';
import * as m0001 from './2026_11_22_0001_core.ts';
import * as m0002 from './2026_11_22_0002_kb.ts';
import * as m0010 from './2026_11_23_0010_voice.ts';
import * as m0020 from './2026_11_23_0020_open311.ts';
import * as m0030 from './2026_11_23_0030_templates.ts';
import * as m0110 from './2026_11_24_0010_voice_acd.ts';
import * as m0120 from './2026_11_24_0020_console.ts';
import * as m0130 from './2026_11_24_0030_public.ts';
import * as m0040 from './2026_11_24_0040_chat.ts';
import * as m0050 from './2026_11_24_0050_kb_search_clauses.ts';
import * as m0210 from './2026_11_25_0010_voice_trunk.ts';
import * as m0220 from './2026_11_25_0020_ivr_flows.ts';
import * as m0240 from './2026_11_25_0040_acd_live.ts';
import * as m0310 from './2026_11_26_0010_call_overflow.ts';
import * as m0410 from './2026_12_07_0410_audit_checkpoints.ts';
import * as mAuth from './2026_12_01_0110_auth_hygiene.ts';

/**
 * Every migration, by timestamped name. A static map (not a folder scan) so that the set of
 * migrations is fixed at build time and typed; add new ones at the end.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_22_0001_core': m0001,
  '2026_11_22_0002_kb': m0002,
  '2026_11_23_0010_voice': m0010,
  '2026_11_23_0020_open311': m0020,
  '2026_11_23_0030_templates': m0030,
  '2026_11_24_0010_voice_acd': m0110,
  '2026_11_24_0020_console': m0120,
  '2026_11_24_0030_public': m0130,
  '2026_11_24_0040_chat': m0040,
  '2026_11_24_0050_kb_search_clauses': m0050,
  '2026_11_25_0010_voice_trunk': m0210,
  '2026_11_25_0020_ivr_flows': m0220,
  '2026_11_25_0040_acd_live': m0240,
  '2026_11_26_0010_call_overflow': m0310,
  '2026_12_07_0410_audit_checkpoints': m0410,
  '2026_12_01_0110_auth_hygiene': mAuth,
};
