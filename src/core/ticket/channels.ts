/**
 * Intake channels (R-CH-1..12): one list for the API's validation and the web app's labels.
 * A new channel driver adds its name here first.
 */
export const CHANNELS = [
  'phone',
  'sms',
  'email',
  'web',
  'chat',
  'zalo',
  'messenger',
  'app',
  'letter',
  'portal',
  'walk_in',
  // Third-party apps speaking Open311 GeoReport v2 (R-CH-9), see src/modules/open311.
  'open311',
] as const;
export type Channel = (typeof CHANNELS)[number];
