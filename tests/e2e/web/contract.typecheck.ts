/**
 * Compile-time contract between the server's presenters and the web app's hand-written types
 * (web/src/api/types.ts): `npm run typecheck` fails when a presenter changes a field the web
 * app reads. Nothing here runs.
 */
import type { presentArticle, presentSearch } from '../../../src/modules/kb/kb.presenter.ts';
import type { presentOperatorLoad } from '../../../src/modules/stats/stats.presenter.ts';
import type { KbArticle, KbSearchResult, OperatorLoad } from '../../../web/src/api/types.ts';

/** True when A and B are mutually assignable. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

// What the server sends must be readable as the web type, and the web type must not invent
// fields the server does not send.
export type Contract = [
  Assert<Same<ReturnType<typeof presentOperatorLoad>, OperatorLoad>>,
  Assert<Same<ReturnType<typeof presentSearch>, KbSearchResult>>,
  Assert<ReturnType<typeof presentArticle> extends KbArticle ? true : false>,
];
