// Staff accounts of the console: a name, a role and an argon2id password hash. Passwords never leave here.
import type * as Argon2 from "@node-rs/argon2";
import type { Database, StaffAccountsTable } from "../db/index.js";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem } from "./password-policy.js";

/** argon2 (a native module) is loaded at the first password, not at start: citizens never need it. */
let argon2: Promise<typeof Argon2> | undefined;
const loadArgon2 = () => {
  argon2 ??= import("@node-rs/argon2");
  return argon2;
};
const hash = async (password: string) => (await loadArgon2()).hash(password);
const verify = async (hashed: string, password: string) => (await loadArgon2()).verify(hashed, password);

export type StaffRole = "editor" | "viewer";
export const STAFF_ROLES: readonly StaffRole[] = ["editor", "viewer"];

export interface StaffAccount {
  name: string;
  role: StaffRole;
  createdAt: string;
  passwordChangedAt: string;
}

/** Letters (any script), digits, and . _ - ; 1 to 64 characters. */
const NAME = /^[\p{L}\p{N}._-]{1,64}$/u;

/** One account however its name is typed: width and case folded (ＴＡＮＡＫＡ, Tanaka → tanaka). */
export function normalizeStaffName(name: string): string {
  return name.normalize("NFKC").toLowerCase();
}

export type AccountProblem =
  | "invalid-name"
  | "password-too-short"
  | "password-too-long"
  | "password-too-common"
  | "exists"
  | "unknown";

/** What staff are told, in the console and the CLI. */
export const ACCOUNT_PROBLEMS: Record<AccountProblem, string> = {
  "invalid-name": "ユーザー名は英数字・かな漢字と . _ - の 1～64 文字にしてください (invalid user name)",
  "password-too-short": `パスワードは ${MIN_PASSWORD_LENGTH} 文字以上にしてください (password too short)`,
  "password-too-long": `パスワードは ${MAX_PASSWORD_LENGTH} 文字までです (password too long)`,
  "password-too-common":
    "推測されやすいパスワードです。よくある単語・名前・数字の並びを避け、長い文にしてください (password too easy to guess)",
  exists: "そのユーザー名はすでにあります (the account exists)",
  unknown: "そのユーザー名はありません (no such account)",
};

export type AccountResult = { ok: true; account: StaffAccount } | { ok: false; problem: AccountProblem };

export interface StaffAccounts {
  add(name: string, role: StaffRole, password: string): Promise<AccountResult>;
  resetPassword(name: string, password: string): Promise<AccountResult>;
  remove(name: string): Promise<boolean>;
  find(name: string): Promise<StaffAccount | null>;
  list(): Promise<StaffAccount[]>;
  /** The account when the password is right; null otherwise (also for unknown names, in similar time). */
  verify(name: string, password: string): Promise<StaffAccount | null>;
}

function accountOf(row: StaffAccountsTable): StaffAccount {
  return {
    name: row.name,
    role: row.role,
    createdAt: row.created_at,
    passwordChangedAt: row.password_changed_at,
  };
}

export function isStaffRole(value: unknown): value is StaffRole {
  return value === "editor" || value === "viewer";
}

export function createStaffAccounts(db: Database, now: () => Date = () => new Date()): StaffAccounts {
  const { query } = db;
  const select = (name: string) =>
    query.selectFrom("staff_accounts").selectAll().where("name", "=", name).executeTakeFirst();
  // Verifying against this when the name is unknown keeps the answer time alike for both cases.
  let decoyHash: Promise<string> | null = null;

  const find = async (typed: string): Promise<StaffAccount | null> => {
    const row = await select(normalizeStaffName(typed));
    return row ? accountOf(row) : null;
  };

  return {
    async add(typed, role, password) {
      const name = normalizeStaffName(typed);
      if (!NAME.test(name)) return { ok: false, problem: "invalid-name" };
      if (await select(name)) return { ok: false, problem: "exists" };
      const problem = await passwordProblem(password, name);
      if (problem) return { ok: false, problem };
      const passwordHash = await hash(password);
      const at = now().toISOString();
      const inserted = await query
        .insertInto("staff_accounts")
        .values({ name, role, password_hash: passwordHash, created_at: at, password_changed_at: at })
        // Added by someone else meanwhile.
        .onConflict((oc) => oc.column("name").doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return { ok: false, problem: "exists" };
      return { ok: true, account: { name, role, createdAt: at, passwordChangedAt: at } };
    },

    async resetPassword(typed, password) {
      const name = normalizeStaffName(typed);
      if (!(await select(name))) return { ok: false, problem: "unknown" };
      const problem = await passwordProblem(password, name);
      if (problem) return { ok: false, problem };
      const passwordHash = await hash(password);
      // A new password ends every session of the account.
      await query.transaction().execute(async (trx) => {
        await trx
          .updateTable("staff_accounts")
          .set({ password_hash: passwordHash, password_changed_at: now().toISOString() })
          .where("name", "=", name)
          .execute();
        await trx.deleteFrom("staff_sessions").where("account", "=", name).execute();
      });
      const account = await find(name);
      return account ? { ok: true, account } : { ok: false, problem: "unknown" };
    },

    async remove(typed) {
      const name = normalizeStaffName(typed);
      return query.transaction().execute(async (trx) => {
        await trx.deleteFrom("staff_sessions").where("account", "=", name).execute();
        const result = await trx.deleteFrom("staff_accounts").where("name", "=", name).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
    },
    find,
    async list() {
      const rows = await query.selectFrom("staff_accounts").selectAll().orderBy("name").execute();
      return rows.map(accountOf);
    },

    async verify(typed, password) {
      if (password.length > MAX_PASSWORD_LENGTH) return null;
      const name = normalizeStaffName(typed);
      const row = NAME.test(name) ? await select(name) : undefined;
      if (!row) {
        decoyHash ??= hash("decoy password, never valid");
        await verify(await decoyHash, password).catch(() => false);
        return null;
      }
      const ok = await verify(row.password_hash, password).catch(() => false);
      return ok ? accountOf(row) : null;
    },
  };
}
