import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { STAFF_PASSWORD_MIN, type PasswordProblem } from '../../contract/auth.ts';
import { AppError } from '../../core/errors/codes.ts';

/**
 * Words Vietnamese staff reach for that zxcvbn's (English) lists lack: "password", "I love
 * you", the hotline, the office, the province. Matched without diacritics, like its lists.
 */
const VI_COMMON = [
  'matkhau',
  'matkhau123',
  'anhyeuem',
  'emyeuanh',
  'yeuem',
  'yeuanh',
  'tongdai',
  'tongdai1022',
  'hotline',
  'open1022',
  'quantri',
  'quantrivien',
  'hethong',
  'coquan',
  'ubnd',
  'vanphong',
  'vietnam',
  'hanoi',
  'saigon',
  'hochiminh',
  'danang',
  'nguyen',
  'tran',
  'xinchao',
  'demo',
  'thunghiem',
];

// zxcvbn-ts with its common dictionaries (about 30 000 leaked passwords, diceware words) and
// keyboard graphs, all bundled in the package (~0.4 MB of data, no network). Built on first
// use: building takes about 80 ms, a check a few ms.
let factory: ZxcvbnFactory | undefined;
const zxcvbn = () =>
  (factory ??= new ZxcvbnFactory({
    dictionary: { ...dictionary, 'vi-common': VI_COMMON },
    graphs: adjacencyGraphs,
  }));

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase();

/**
 * Why a staff password is refused (R-SEC-2, issue #12 finding 7); empty when it is accepted.
 * Refused: shorter than 12 characters, containing the username, made of common or leaked
 * passwords (zxcvbn dictionary matches), or otherwise guessable (zxcvbn score below 3, i.e.
 * fewer than 10^8 guesses: keyboard walks, dates, repeats).
 */
export function passwordProblems(
  password: string,
  who: { username: string; displayName?: string | null },
): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < STAFF_PASSWORD_MIN) problems.push('too_short');
  const name = fold(who.username.trim());
  if (name.length >= 3 && fold(password).includes(name)) problems.push('contains_username');
  const inputs = [who.username, ...(who.displayName ?? '').split(/\s+/)].filter(Boolean);
  const r = zxcvbn().check(password.slice(0, 100), inputs.map(fold));
  if (r.score < 3) {
    const dictionaryWord = r.sequence.some(
      (m) => m.pattern === 'dictionary' && m.dictionaryName !== 'userInputs',
    );
    problems.push(dictionaryWord ? 'common' : 'weak');
  }
  return problems;
}

/** Throws `password_weak` (with the problems as details) unless the password is accepted. */
export function assertPasswordAccepted(
  password: string,
  who: { username: string; displayName?: string | null },
  path = 'password',
): void {
  const problems = passwordProblems(password, who);
  if (problems.length > 0) {
    throw new AppError(
      'password_weak',
      problems.map((p) => ({ path, message: p })),
    );
  }
}
