import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { createAnswerer } from "../answer/index.js";
import { ConfigError, loadConfig } from "../config.js";
import { type LiveEditionHandle, loadBundledEdition, openLiveEdition } from "../editions/index.js";
import { readableText, renderAnswer, renderHtml } from "../line/index.js";
import { getTokenizer } from "../nlp/index.js";
import { decodeText } from "../plan/index.js";
import type { CliIo } from "./io.js";

const USAGE = `usage: npm run ask -- "<question>" [--json | --html] [--text]
       npm run ask < questions.txt      (one question a line; one JSON line per question)
  --json   the LINE message objects
  --html   a page showing the reply close to how LINE lays it out (npm run -s ask -- --html "…" > reply.html)
  --text   the plain-text form (no Flex), as sent where Flex cannot be shown
`;

const OPTIONS = {
  json: { type: "boolean" },
  html: { type: "boolean" },
  text: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

type Output = "readable" | "json" | "html";
type Args = { help: true } | { help: false; output: Output; text: boolean; question: string | null };

function readArgs(argv: string[]): Args | string {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
    if (values.help) return { help: true };
    const question = positionals.join(" ").trim();
    if (values.json && values.html) return "--json and --html exclude each other";
    const output: Output = values.json ? "json" : values.html ? "html" : "readable";
    return { help: false, output, text: values.text === true, question: question === "" ? null : question };
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** A questions file larger than this is not one person's list. */
const MAX_QUESTIONS_BYTES = 5 * 1024 * 1024;

/** Stdin decoded as reindex decodes an edition: UTF-8, UTF-16 or Shift_JIS (CP932), as office PCs save. */
async function readQuestions(input: NodeJS.ReadableStream): Promise<string | { error: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk);
    size += bytes.length;
    if (size > MAX_QUESTIONS_BYTES)
      return { error: `入力が大きすぎます（${MAX_QUESTIONS_BYTES / 1024 / 1024} MB まで）` };
    chunks.push(bytes);
  }
  if (size === 0) return "";
  const text = decodeText(Buffer.concat(chunks));
  return (
    text ?? { error: "文字コードを判別できません: UTF-8、UTF-16、Shift_JIS (CP932) のいずれでもありません" }
  );
}

const silent = { info() {}, warn() {}, error() {} };

/** The edition the bot serves: DATA_DIR's snapshot, else the bundled one in INDEX_DATA_DIR. */
async function openEdition(io: CliIo): Promise<LiveEditionHandle> {
  const config = loadConfig(io.env);
  return openLiveEdition({
    dataDir: resolve(io.cwd, config.dataDir),
    indexDataDir: resolve(io.cwd, config.indexDataDir),
    bundled: () => loadBundledEdition(resolve(io.cwd, config.indexDataDir)),
    search: config.search,
    logger: silent,
    watch: false,
    tokenizer: await getTokenizer(),
  });
}

/**
 * `ask "<question>"`: the bot's reply as a person reads it; `--json` the LINE message objects.
 * Without a question: one question per stdin line, one JSON line each. Exit 0, 1 on failure, 2 usage.
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = readArgs(argv);
  if (typeof args === "string") {
    io.stderr.write(`ask: ${args}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  let live: LiveEditionHandle;
  try {
    live = await openEdition(io);
  } catch (error) {
    const reason = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    io.stderr.write(`ask: cannot open the edition: ${reason}\n`);
    return 1;
  }
  try {
    const answerer = createAnswerer({ live, tokenizer: await getTokenizer() });
    const format = args.text ? "text" : "flex";
    const reply = async (question: string) => renderAnswer(await answerer.answer(question), { format });
    if (args.question !== null) {
      const messages = await reply(args.question);
      const outputs: Record<Output, () => string> = {
        json: () => `${JSON.stringify({ question: args.question, messages }, null, 2)}\n`,
        html: () => renderHtml(messages, args.question ?? undefined),
        readable: () => `${readableText(messages)}\n`,
      };
      io.stdout.write(outputs[args.output]());
      return 0;
    }
    const questions = await readQuestions(io.stdin);
    if (typeof questions !== "string") {
      io.stderr.write(`ask: ${questions.error}\n`);
      return 1;
    }
    let failed = false;
    for (const line of questions.split(/\r\n|\r|\n/)) {
      const question = line.trim();
      if (question === "") continue;
      // One bad line must not end the batch: it gets its own error line and the next one is asked.
      try {
        io.stdout.write(`${JSON.stringify({ question, messages: await reply(question) })}\n`);
      } catch (error) {
        failed = true;
        const reason = error instanceof Error ? error.message : String(error);
        io.stdout.write(`${JSON.stringify({ question, error: reason })}\n`);
      }
    }
    return failed ? 1 : 0;
  } finally {
    await live.close();
  }
}
