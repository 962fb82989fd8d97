// Staff accounts of the console: a name, a role and an argon2id password hash. Passwords never leave here.
import type * as Argon2 from "@node-rs/argon2";
import type { Database, StaffAccountsTable } from "../db/index.js";

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
export const MIN_PASSWORD_LENGTH = 8;
/** Bounds the work argon2 is given. */
export const MAX_PASSWORD_LENGTH = 1024;

export type AccountProblem =
  | "invalid-name"
  | "password-too-short"
  | "password-too-long"
  | "exists"
  | "unknown";

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

function passwordProblem(password: string): AccountProblem | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return "password-too-short";
  if (password.length > MAX_PASSWORD_LENGTH) return "password-too-long";
  return null;
}

export function createStaffAccounts(db: Database, now: () => Date = () => new Date()): StaffAccounts {
  const { query } = db;
  const select = (name: string) =>
    query.selectFrom("staff_accounts").selectAll().where("name", "=", name).executeTakeFirst();
  // Verifying against this when the name is unknown keeps the answer time alike for both cases.
  let decoyHash: Promise<string> | null = null;

  const find = async (name: string): Promise<StaffAccount | null> => {
    const row = await select(name);
    return row ? accountOf(row) : null;
  };

  return {
    async add(name, role, password) {
      if (!NAME.test(name)) return { ok: false, problem: "invalid-name" };
      const problem = passwordProblem(password);
      if (problem) return { ok: false, problem };
      if (await select(name)) return { ok: false, problem: "exists" };
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

    async resetPassword(name, password) {
      if (!(await select(name))) return { ok: false, problem: "unknown" };
      const problem = passwordProblem(password);
      if (problem) return { ok: false, problem };
      await query
        .updateTable("staff_accounts")
        .set({ password_hash: await hash(password), password_changed_at: now().toISOString() })
        .where("name", "=", name)
        .execute();
      const account = await find(name);
      return account ? { ok: true, account } : { ok: false, problem: "unknown" };
    },

    async remove(name) {
      const result = await query.deleteFrom("staff_accounts").where("name", "=", name).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    find,
    async list() {
      const rows = await query.selectFrom("staff_accounts").selectAll().orderBy("name").execute();
      return rows.map(accountOf);
    },

    async verify(name, password) {
      if (password.length > MAX_PASSWORD_LENGTH) return null;
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
