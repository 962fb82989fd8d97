import { readFileSync } from "node:fs";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Answerer, createAnswerer } from "../../src/answer/index.js";
import { run, SHIPPED_IMAGE } from "../../src/cli/rich-menu.js";
import {
  checkRichMenuImage,
  decodeFollowUp,
  pngSize,
  RICH_MENU_ITEMS,
  RICH_MENU_SIZE,
  renderAnswer,
} from "../../src/line/index.js";
import { getTokenizer } from "../../src/nlp/index.js";
import { seedEdition } from "../eval/pipeline.js";
import { firstMessageText } from "../eval/score.js";
import { type LineStandIn, startLineStandIn } from "../support/line-stand-in.js";

const TOKEN = "test-access-token";
let standIn: LineStandIn;

beforeAll(async () => {
  standIn = await startLineStandIn();
});
afterAll(async () => {
  await standIn.close();
});

async function richMenu(argv: string[] = [], env: Record<string, string> = {}) {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough().on("data", (c: Buffer) => out.push(c));
  const stderr = new PassThrough().on("data", (c: Buffer) => err.push(c));
  const code = await run(argv, {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: {
      LINE_CHANNEL_SECRET: "test-secret",
      LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
      LINE_API_BASE_URL: standIn.baseURL,
      ...env,
    },
    cwd: process.cwd(),
  });
  return { code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
}

describe("rich-menu CLI against the LINE stand-in", () => {
  it("ships an image of the menu's size, under 1 MB", () => {
    const image = readFileSync(SHIPPED_IMAGE);
    expect(pngSize(image)).toEqual(RICH_MENU_SIZE);
    expect(image.byteLength).toBeLessThan(300_000);
  });

  it("creates the menu, uploads the image, makes it the default, and replaces the old one", async () => {
    const first = await richMenu();
    expect(first.code, first.stderr).toBe(0);
    expect(standIn.richMenus.size).toBe(1);
    const [menu] = [...standIn.richMenus.values()];
    expect(menu?.image).toEqual({ contentType: "image/png", bytes: readFileSync(SHIPPED_IMAGE).byteLength });
    expect(standIn.defaultRichMenuId).toBe(menu?.richMenuId);
    expect(first.stdout).toContain(`rich menu ${menu?.richMenuId} is now the default`);
    expect(standIn.calls.every((c) => c.authorization === `Bearer ${TOKEN}`)).toBe(true);

    // A menu someone made by hand in the console is left alone.
    standIn.richMenus.set("richmenu-by-hand", {
      richMenuId: "richmenu-by-hand",
      request: { name: "キャンペーン" },
      image: null,
    });
    const second = await richMenu();
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain(`deleted the previous menu: ${menu?.richMenuId}`);
    expect([...standIn.richMenus.keys()].sort()).toEqual(
      [standIn.defaultRichMenuId, "richmenu-by-hand"].sort(),
    );
  });

  it("leaves the account as it was when LINE refuses the image", async () => {
    const before = new Map(standIn.richMenus);
    const defaultBefore = standIn.defaultRichMenuId;
    standIn.failNextImageUpload = true;
    const { code, stderr } = await richMenu();
    expect(code).toBe(1);
    expect(stderr).toContain("could not upload the rich menu image: LINE answered 500");
    expect([...standIn.richMenus.keys()]).toEqual([...before.keys()]);
    expect(standIn.defaultRichMenuId).toBe(defaultBefore);
  });

  it("refuses a missing image, an image of the wrong size, and says which credentials are missing", async () => {
    const missing = await richMenu(["--image", "not-there.png"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("cannot read");
    const header = Buffer.alloc(24);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header);
    header.write("IHDR", 12, "latin1");
    header.writeUInt32BE(800, 16);
    header.writeUInt32BE(270, 20);
    expect(pngSize(header)).toEqual({ width: 800, height: 270 });
    expect(() => checkRichMenuImage(header)).toThrow("must be 2500×843");
    expect(() => checkRichMenuImage(Buffer.from("GIF89a"))).toThrow("not a PNG");
    const noCredentials = await richMenu([], { LINE_CHANNEL_SECRET: "", LINE_CHANNEL_ACCESS_TOKEN: "" });
    expect(noCredentials.code).toBe(2);
    expect(noCredentials.stderr).toContain("LINE_CHANNEL_ACCESS_TOKEN");
  });
});

describe("the rich menu's areas", () => {
  let answerer: Answerer;
  beforeAll(async () => {
    const edition = await seedEdition();
    answerer = createAnswerer({ live: { current: () => edition }, tokenizer: await getTokenizer() });
  });

  it("each give a useful reply when tapped", async () => {
    const menu = standIn.richMenus.get(standIn.defaultRichMenuId ?? "");
    const areas = (menu?.request.areas ?? []) as { action: { type: string; data: string; label: string } }[];
    expect(areas.map((a) => a.action.label)).toEqual(RICH_MENU_ITEMS.map((i) => i.label));
    const replies: Record<string, string> = {};
    for (const area of areas) {
      expect(area.action.type).toBe("postback");
      const followUp = decodeFollowUp(area.action.data);
      expect(followUp).not.toBeNull();
      if (!followUp) continue;
      replies[area.action.label] = firstMessageText(renderAnswer(await answerer.followUp(followUp)));
    }
    expect(replies.全体の進捗).toContain("全59事業");
    expect(replies.未実施の事業).toContain("未実施の事業（22件）");
    expect(replies.担当課から探す).toContain("市民活動支援課");
    expect(replies.使い方).toContain("次のようなことにお答えします");
  });
});
