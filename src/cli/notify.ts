// `notify [--dry-run] [--force] [--data-dir DIR]`: after a publish, sends each citizen who follows a
// changed project one message with the news (multicast, retry keys, within the monthly quota, never at
// night). A re-run sends nothing twice; an interrupted send resumes.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { databaseLocation, openDatabase } from "../db/index.js";
import { createSnapshotStore } from "../editions/index.js";
import { createMulticastClient, type MessageQuota } from "../line/index.js";
import {
  createDatabaseFollowStore,
  createNewsSender,
  editionLabel,
  latestNews,
  type NotifyPreview,
  type SendOutcome,
} from "../notify/index.js";
import type { CliIo } from "./io.js";
import { swallowedFlags, swallowedHint } from "./npm-flags.js";
import { cliConfig } from "./record-file.js";

const USAGE =
  "usage: npm run notify -- [--dry-run] [--force] [--data-dir DIR]\n" +
  "  --dry-run  何を何通送るかを表示するだけ (show who would get what; send nothing)\n" +
  "  --force    夜間 (21:00–8:00 JST) や残りの通数を超える場合も送る (send at night or over the quota)\n";

const OPTIONS = {
  "dry-run": { type: "boolean" },
  force: { type: "boolean" },
  "data-dir": { type: "string" },
  help: { type: "boolean" },
} as const;

function quotaLine(quota: MessageQuota | null): string {
  if (!quota) return "quota: unknown (no LINE channel configured)";
  if (quota.limit === null) return `quota: no monthly limit (${quota.used} sent this month)`;
  return `quota: ${quota.limit} a month, ${quota.used} used, ${Math.max(0, quota.limit - quota.used)} left`;
}

function printPreview(io: CliIo, preview: NotifyPreview): void {
  io.stdout.write(`changed projects: ${preview.projects.length}\n`);
  for (const project of preview.projects)
    io.stdout.write(
      `  ${project.id}  ${project.title}  [${project.summary}]  followers: ${project.followers}\n`,
    );
  io.stdout.write(
    `messages: ${preview.recipients} (to ${preview.recipients} citizen(s), ${preview.calls} multicast call(s))` +
      `; already sent for this edition: ${preview.alreadySent}` +
      (preview.resumed > 0 ? `; resuming an interrupted send: ${preview.resumed}` : "") +
      "\n",
  );
}

function report(io: CliIo, outcome: SendOutcome): number {
  switch (outcome.kind) {
    case "sent":
      if (!outcome.quota)
        io.stderr.write("notify: warning: LINE did not say the month's quota; sent anyway\n");
      io.stdout.write(
        `sent: ${outcome.recipients} message(s) in ${outcome.calls} multicast call(s)` +
          (outcome.alreadyAccepted > 0
            ? ` (${outcome.alreadyAccepted} already accepted by LINE before)`
            : "") +
          "\n",
      );
      return 0;
    case "nothing-to-send":
      io.stdout.write(
        `nothing to send: already sent to ${outcome.alreadySent} citizen(s) for this edition\n`,
      );
      return 0;
    case "quiet-hours":
      io.stderr.write(
        `notify: 夜間 (${outcome.quietHours.from}:00–${outcome.quietHours.until}:00 JST) は送りません。` +
          `送るには --force (quiet hours; add --force to send anyway)\n`,
      );
      return 1;
    case "over-quota":
      io.stderr.write(
        `notify: 送信には ${outcome.needed} 通が必要ですが、今月の残りは ${Math.max(0, (outcome.quota.limit ?? 0) - outcome.quota.used)} 通です ` +
          `(needs ${outcome.needed} messages; ${quotaLine(outcome.quota)}). 送るには --force\n`,
      );
      return 1;
    case "failed":
      io.stderr.write(
        `notify: 送信が止まりました (stopped): LINE answered ${outcome.status ?? "nothing"}: ${outcome.detail}; ` +
          `sent ${outcome.recipients}, ${outcome.remaining} left. もう一度実行すると続きから送ります (run again to resume)\n`,
      );
      return 1;
  }
}

/** Exit 0 sent or nothing to send, 1 refused or failed (a re-run resumes), 2 usage or configuration. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const swallowed = swallowedFlags(io.env, Object.keys(OPTIONS));
  if (swallowed.refused.length > 0) {
    io.stderr.write(`notify: ${swallowedHint("notify", swallowed.refused)}`);
    return 2;
  }
  let values: { "dry-run"?: boolean; force?: boolean; "data-dir"?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false }));
  } catch (error) {
    io.stderr.write(`notify: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const dryRun = values["dry-run"] === true || swallowed.dryRun;
  const config = cliConfig(io, "notify");
  if (!config) return 2;
  if (!dryRun && !config.line) {
    io.stderr.write("notify: LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN are needed to send\n");
    return 2;
  }
  const dataDir = resolve(io.cwd, values["data-dir"] ?? config.dataDir);
  const latest = await latestNews(createSnapshotStore(dataDir));
  if (latest.kind === "no-edition") {
    io.stdout.write(`nothing to send: no published edition in ${dataDir}\n`);
    return 0;
  }
  if (latest.kind === "no-previous") {
    io.stdout.write(
      `nothing to send: ${editionLabel(latest.live)} has no kept edition before it to compare with\n`,
    );
    return 0;
  }
  io.stdout.write(`edition: ${editionLabel(latest.live)} (was ${editionLabel(latest.previous)})\n`);

  // The follows: PostgreSQL with DATABASE_URL (unless --data-dir is given), else DATA_DIR's SQLite file.
  const url = values["data-dir"] ? null : config.databaseUrl;
  const database = await openDatabase(databaseLocation(dataDir, url), { writeIn: "caller" });
  const client = config.line
    ? createMulticastClient({
        channelAccessToken: config.line.channelAccessToken,
        baseURL: config.lineApiBaseUrl,
      })
    : null;
  const sender = createNewsSender({ store: createDatabaseFollowStore(database), client });
  try {
    printPreview(io, await sender.preview(latest.news));
    if (dryRun) {
      io.stdout.write(`${quotaLine(await sender.quota().catch(() => null))}\n`);
      io.stdout.write("dry run: nothing was sent\n");
      return 0;
    }
    return report(io, await sender.send(latest.news, { force: values.force === true }));
  } finally {
    await database.close();
  }
}
