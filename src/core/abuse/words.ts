/**
 * The built-in word list of the abuse filter (R-AB-1: "vulgar or defamatory language,
 * harassment"). Each deployment edits it (adds terms, switches built-in ones off) through
 * /api/v1/abuse/words. Levels are chosen so that no common innocent word is caught: see
 * profanity.ts; a term whose unaccented spelling is an everyday word (các, lớn, buổi, đi,
 * điểm, đeo, du lịch) is `shape` or `exact`, never `plain`.
 *
 * Words about events people legitimately report ("đâm chết" in a traffic accident, "cứt chó"
 * on a pavement) are deliberately absent: the filter flags for a person to read, it does not
 * refuse, but flags that are mostly wrong teach operators to ignore them.
 */
import type { Term } from './profanity.ts';

export const DEFAULT_TERMS: readonly Term[] = [
  // Vulgar words and the abbreviations people type for them.
  { term: 'địt', level: 'plain' },
  { term: 'đụ', level: 'exact' },
  { term: 'đéo', level: 'exact' },
  { term: 'lồn', level: 'shape' },
  { term: 'buồi', level: 'exact' },
  { term: 'cặc', level: 'exact' },
  { term: 'đĩ', level: 'exact' },
  { term: 'điếm', level: 'exact' },
  { term: 'đm', level: 'plain' },
  { term: 'đmm', level: 'plain' },
  { term: 'đcm', level: 'plain' },
  { term: 'đcmm', level: 'plain' },
  { term: 'vcl', level: 'plain' },
  { term: 'vkl', level: 'plain' },
  { term: 'clm', level: 'plain' },
  { term: 'cmm', level: 'plain' },
  // Insults, usually aimed at officials (defamation).
  { term: 'chó má', level: 'exact' },
  { term: 'đồ chó', level: 'shape' },
  { term: 'thằng chó', level: 'shape' },
  { term: 'khốn nạn', level: 'shape' },
  { term: 'mất dạy', level: 'shape' },
  { term: 'đồ ngu', level: 'shape' },
  { term: 'thằng ngu', level: 'shape' },
  { term: 'súc sinh', level: 'shape' },
  { term: 'mẹ mày', level: 'shape' },
  { term: 'bố mày', level: 'shape' },
  // Threats (harassment).
  { term: 'giết mày', level: 'shape' },
  { term: 'giết cả nhà', level: 'shape' },
];
