import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config.js";
import { publishRichMenu, RICH_MENU_ITEMS, RichMenuError } from "../line/index.js";
import type { CliIo } from "./io.js";

/** The image the project ships (drawn by `npm run rich-menu:image`). */
export const SHIPPED_IMAGE = fileURLToPath(new URL("../../assets/rich-menu.png", import.meta.url));

const USAGE = `usage: npm run rich-menu -- [--image <file.png>]
  Creates the account's rich menu (${RICH_MENU_ITEMS.map((item) => item.label).join(" / ")}),
  makes it the default for every user, and deletes the menu it replaces.
  Needs LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN; LINE_API_BASE_URL points it elsewhere.
`;

/** `rich-menu`: exit 0 published, 1 LINE or the image refused it, 2 usage or configuration. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  let imagePath = SHIPPED_IMAGE;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { image: { type: "string" }, help: { type: "boolean", short: "h" } },
      allowPositionals: false,
    });
    if (values.help || positionals.length > 0) {
      io.stdout.write(USAGE);
      return values.help ? 0 : 2;
    }
    if (values.image) imagePath = resolve(io.cwd, values.image);
  } catch (error) {
    io.stderr.write(`rich-menu: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(io.env);
  } catch (error) {
    io.stderr.write(`rich-menu: ${error instanceof ConfigError ? error.message : String(error)}\n`);
    return 2;
  }
  if (!config.line) {
    io.stderr.write("rich-menu: set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN (see .env.example)\n");
    return 2;
  }
  let image: Buffer;
  try {
    image = await readFile(imagePath);
  } catch (error) {
    io.stderr.write(
      `rich-menu: cannot read ${imagePath}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
  try {
    const published = await publishRichMenu(image, {
      channelAccessToken: config.line.channelAccessToken,
      baseURL: config.lineApiBaseUrl,
    });
    io.stdout.write(`rich menu ${published.richMenuId} is now the default\n`);
    if (published.deleted.length > 0)
      io.stdout.write(`deleted the previous menu: ${published.deleted.join(", ")}\n`);
    return 0;
  } catch (error) {
    if (error instanceof RichMenuError) {
      io.stderr.write(`rich-menu: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
