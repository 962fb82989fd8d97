// What a staff password must be: at least 12 characters, and not guessable: zxcvbn-ts scores it
// against common passwords, words (English and Japanese romaji), keyboard walks and dates, and
// the account's own name. Its dictionaries load on first use only (staff accounts are rare).
import type { ZxcvbnFactory } from "@zxcvbn-ts/core";

export const MIN_PASSWORD_LENGTH = 12;
/** Bounds the work argon2 and zxcvbn are given. */
export const MAX_PASSWORD_LENGTH = 1024;
/** zxcvbn's 0–4 scale: 3 is "safely unguessable: moderate protection from offline attacks". */
const MIN_SCORE = 3;
/** zxcvbn's own advice: score only the first 100 characters (its matching is not linear). */
const SCORED_CHARACTERS = 100;

export type PasswordProblem = "password-too-short" | "password-too-long" | "password-too-common";

let checker: Promise<ZxcvbnFactory> | null = null;

function loadChecker(): Promise<ZxcvbnFactory> {
  checker ??= (async () => {
    const [{ ZxcvbnFactory }, common, ja] = await Promise.all([
      import("@zxcvbn-ts/core"),
      import("@zxcvbn-ts/language-common"),
      import("@zxcvbn-ts/language-ja"),
    ]);
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...ja.dictionary },
      graphs: common.adjacencyGraphs,
    });
  })();
  return checker;
}

/** Null when the password may be used by `account`. */
export async function passwordProblem(password: string, account: string): Promise<PasswordProblem | null> {
  if ([...password].length < MIN_PASSWORD_LENGTH) return "password-too-short";
  if (password.length > MAX_PASSWORD_LENGTH) return "password-too-long";
  const zxcvbn = await loadChecker();
  const { score } = zxcvbn.check(password.slice(0, SCORED_CHARACTERS), [account, "shiroi", "白井", "admin"]);
  return score < MIN_SCORE ? "password-too-common" : null;
}
