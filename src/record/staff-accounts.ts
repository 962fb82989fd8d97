// Staff accounts of the console: a name, a role and an argon2id password hash. Passwords never leave here.
import { hash, verify } from "@node-rs/argon2";
import type { RecordDatabase } from "./database.js";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem } from "./password-policy.js";

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
  remove(name: string): boolean;
  find(name: string): StaffAccount | null;
  list(): StaffAccount[];
  /** The account when the password is right; null otherwise (also for unknown names, in similar time). */
  verify(name: string, password: string): Promise<StaffAccount | null>;
}

interface Row {
  name: string;
  role: StaffRole;
  password_hash: string;
  created_at: string;
  password_changed_at: string;
}

function accountOf(row: Row): StaffAccount {
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

export function createStaffAccounts(db: RecordDatabase, now: () => Date = () => new Date()): StaffAccounts {
  const select = db.prepare<[string], Row>("SELECT * FROM staff_accounts WHERE name = ?");
  const selectAll = db.prepare<[], Row>("SELECT * FROM staff_accounts ORDER BY name");
  const insert = db.prepare(
    "INSERT INTO staff_accounts (name, role, password_hash, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?)",
  );
  const updatePassword = db.prepare(
    "UPDATE staff_accounts SET password_hash = ?, password_changed_at = ? WHERE name = ?",
  );
  const deleteOne = db.prepare("DELETE FROM staff_accounts WHERE name = ?");
  // A new password or a removed account ends every session of it.
  const endSessions = db.prepare("DELETE FROM staff_sessions WHERE account = ?");
  // Verifying against this when the name is unknown keeps the answer time alike for both cases.
  let decoyHash: Promise<string> | null = null;

  const find = (typed: string): StaffAccount | null => {
    const row = select.get(normalizeStaffName(typed));
    return row ? accountOf(row) : null;
  };

  return {
    async add(typed, role, password) {
      const name = normalizeStaffName(typed);
      if (!NAME.test(name)) return { ok: false, problem: "invalid-name" };
      if (select.get(name)) return { ok: false, problem: "exists" };
      const problem = await passwordProblem(password, name);
      if (problem) return { ok: false, problem };
      const passwordHash = await hash(password);
      const at = now().toISOString();
      try {
        insert.run(name, role, passwordHash, at, at);
      } catch (error) {
        // Added by someone else meanwhile.
        if (select.get(name)) return { ok: false, problem: "exists" };
        throw error;
      }
      return { ok: true, account: { name, role, createdAt: at, passwordChangedAt: at } };
    },

    async resetPassword(typed, password) {
      const name = normalizeStaffName(typed);
      if (!select.get(name)) return { ok: false, problem: "unknown" };
      const problem = await passwordProblem(password, name);
      if (problem) return { ok: false, problem };
      const passwordHash = await hash(password);
      db.transaction(() => {
        updatePassword.run(passwordHash, now().toISOString(), name);
        endSessions.run(name);
      })();
      const account = find(name);
      return account ? { ok: true, account } : { ok: false, problem: "unknown" };
    },

    remove: (typed) =>
      db.transaction(() => {
        const name = normalizeStaffName(typed);
        endSessions.run(name);
        return deleteOne.run(name).changes > 0;
      })(),
    find,
    list: () => selectAll.all().map(accountOf),

    async verify(typed, password) {
      if (password.length > MAX_PASSWORD_LENGTH) return null;
      const name = normalizeStaffName(typed);
      const row = NAME.test(name) ? select.get(name) : undefined;
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
