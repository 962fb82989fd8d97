// The account's rich menu: five areas that ask the bot things a citizen often wants, published
// through the Messaging API (create, upload the image, make it the default, delete the old one).
import { HTTPFetchError, messagingApi } from "@line/bot-sdk";
import type { FollowUp } from "../answer/index.js";
import { encodeFollowUp } from "./render/index.js";

/** Every menu this bot publishes carries this name; only menus so named are ever deleted. */
export const RICH_MENU_NAME = "shiroi-plan-bot";
export const RICH_MENU_SIZE = { width: 2500, height: 843 } as const;
const MAX_IMAGE_BYTES = 1_000_000;

export interface RichMenuItem {
  label: string;
  caption: string;
  followUp: FollowUp;
}

/** Left to right. Each is a postback, so the menu never posts text into the chat on its own. */
export const RICH_MENU_ITEMS: readonly RichMenuItem[] = [
  {
    label: "全体の進捗",
    caption: "状況ごとの件数",
    followUp: { kind: "ask", question: "全体の進捗を教えて" },
  },
  {
    label: "未実施の事業",
    caption: "まだ行われていない事業",
    followUp: { kind: "ask", question: "未実施の事業は？" },
  },
  { label: "担当課から探す", caption: "課ごとの事業の一覧", followUp: { kind: "departments" } },
  { label: "使い方", caption: "聞き方の例", followUp: { kind: "ask", question: "使い方" } },
  // Answered by line/follows.ts, not the answerer: the projects this citizen follows.
  { label: "お知らせの一覧", caption: "登録した事業", followUp: { kind: "ask", question: "お知らせの一覧" } },
];

export function richMenuRequest(): messagingApi.RichMenuRequest {
  const width = Math.floor(RICH_MENU_SIZE.width / RICH_MENU_ITEMS.length);
  return {
    size: { ...RICH_MENU_SIZE },
    selected: true,
    name: RICH_MENU_NAME,
    chatBarText: "メニュー",
    areas: RICH_MENU_ITEMS.map((item, i) => {
      const data = encodeFollowUp(item.followUp);
      if (!data) throw new Error(`rich menu item ${item.label} does not fit postback data`);
      const last = i === RICH_MENU_ITEMS.length - 1;
      return {
        bounds: {
          x: i * width,
          y: 0,
          width: last ? RICH_MENU_SIZE.width - i * width : width,
          height: RICH_MENU_SIZE.height,
        },
        action: { type: "postback", label: item.label, data, displayText: item.label },
      };
    }),
  };
}

export type RichMenuErrorCode = "IMAGE_INVALID" | "LINE_API";

export class RichMenuError extends Error {
  constructor(
    readonly code: RichMenuErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "RichMenuError";
  }
}

/** Width and height from a PNG's IHDR chunk; null when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== "IHDR") return null;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** LINE takes a PNG or JPEG of at most 1 MB, exactly the menu's size; we ship a PNG. */
export function checkRichMenuImage(image: Uint8Array): void {
  const size = pngSize(image);
  if (!size) throw new RichMenuError("IMAGE_INVALID", "the rich menu image is not a PNG");
  if (size.width !== RICH_MENU_SIZE.width || size.height !== RICH_MENU_SIZE.height)
    throw new RichMenuError(
      "IMAGE_INVALID",
      `the rich menu image is ${size.width}×${size.height}; it must be ${RICH_MENU_SIZE.width}×${RICH_MENU_SIZE.height}`,
    );
  if (image.byteLength > MAX_IMAGE_BYTES)
    throw new RichMenuError(
      "IMAGE_INVALID",
      `the rich menu image is ${image.byteLength} bytes; LINE takes at most 1 MB`,
    );
}

export interface RichMenuPublisherOptions {
  channelAccessToken: string;
  /** LINE's API hosts by default; tests point both clients at a loopback stand-in. */
  baseURL?: string;
}

export interface PublishedRichMenu {
  richMenuId: string;
  /** Menus of this bot that were replaced and deleted. */
  deleted: string[];
}

function describe(error: unknown): string {
  if (error instanceof HTTPFetchError) return `LINE answered ${error.status}: ${error.body.slice(0, 200)}`;
  return error instanceof Error ? error.message : String(error);
}

/** Creates the menu, uploads its image, makes it the default, then deletes this bot's older menus. */
export async function publishRichMenu(
  image: Uint8Array,
  options: RichMenuPublisherOptions,
): Promise<PublishedRichMenu> {
  checkRichMenuImage(image);
  const config = {
    channelAccessToken: options.channelAccessToken,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
  };
  const client = new messagingApi.MessagingApiClient(config);
  const blob = new messagingApi.MessagingApiBlobClient(config);
  let step = "list the rich menus";
  let created: string | null = null;
  try {
    const { richmenus } = await client.getRichMenuList();
    step = "create the rich menu";
    const { richMenuId } = await client.createRichMenu(richMenuRequest());
    created = richMenuId;
    step = "upload the rich menu image";
    await blob.setRichMenuImage(richMenuId, new Blob([new Uint8Array(image)], { type: "image/png" }));
    step = "set the default rich menu";
    await client.setDefaultRichMenu(richMenuId);
    created = null;
    const old = richmenus.filter((menu) => menu.name === RICH_MENU_NAME && menu.richMenuId !== richMenuId);
    step = "delete the old rich menu";
    for (const menu of old) await client.deleteRichMenu(menu.richMenuId);
    return { richMenuId, deleted: old.map((menu) => menu.richMenuId) };
  } catch (error) {
    // A menu that never became the default is of no use: leave the account as it was.
    if (created) await client.deleteRichMenu(created).catch(() => undefined);
    throw new RichMenuError("LINE_API", `could not ${step}: ${describe(error)}`, { cause: error });
  }
}
