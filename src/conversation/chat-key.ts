// The key a chat's state and ordering live under: the 1:1 user, the group or the room, hashed (raw
// LINE ids are never kept or logged).

export type ChatSource =
  | { type: "user"; id: string }
  | { type: "group"; id: string }
  | { type: "room"; id: string };

/** A webhook event's `source` as a chat, or null when it names none. */
export function chatSourceOf(source: unknown): ChatSource | null {
  if (typeof source !== "object" || source === null) return null;
  const { type, userId, groupId, roomId } = source as Record<string, unknown>;
  const id = type === "user" ? userId : type === "group" ? groupId : type === "room" ? roomId : undefined;
  if (typeof id !== "string" || id === "") return null;
  return { type, id } as ChatSource;
}

/** `user:<hash>`, `group:<hash>`, `room:<hash>` with the record's keyed hash. */
export function chatKeyOf(source: ChatSource, hash: (id: string) => string): string {
  return `${source.type}:${hash(source.id)}`;
}
