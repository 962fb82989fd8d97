import { describe, expect, it } from "vitest";
import type { FollowUp } from "../../src/answer/index.js";
import { boundedQuery } from "../../src/answer/list-query.js";
import { decodeFollowUp, encodeFollowUp, LINE_LIMITS } from "../../src/line/render/index.js";

const years = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => first + i);

describe("follow-up postback data", () => {
  it.each<FollowUp>([
    { kind: "detail", edition: "3f2a9c01", id: "2-1-2-1", all: false },
    { kind: "detail", edition: "3f2a9c01", id: "1-1-4-1", all: true },
    { kind: "page", edition: "3f2a9c01", query: { words: [], filter: { statuses: ["未実施"] } }, offset: 10 },
    {
      kind: "page",
      edition: "3f2a9c01",
      query: {
        words: ["防災訓練", "a:b,c%d"],
        filter: {
          statuses: ["実施あり", "記載なし"],
          departments: ["市民活動支援課", "秘書広報課"],
          fiscalYears: [2013, 2014, 2015, 2017, 2019, 2020],
        },
      },
      offset: 0,
    },
    {
      kind: "page",
      edition: "3f2a9c01",
      query: { words: [], filter: { statuses: ["未実施"] }, within: "3" },
      offset: 0,
    },
    {
      kind: "page",
      edition: "3f2a9c01",
      query: { words: [], filter: { statuses: ["実施あり"], fiscalYears: [2013] }, within: "2-4-1" },
      offset: 10,
    },
    { kind: "ask", question: "全体の進捗を教えて" },
    { kind: "departments" },
  ])("round-trips %j", (followUp) => {
    const data = encodeFollowUp(followUp);
    expect(data).not.toBeNull();
    expect(data?.startsWith("f1:")).toBe(true);
    expect(decodeFollowUp(data)).toEqual(followUp);
  });

  it("fits the largest query the answer layer builds within 300 characters", () => {
    const huge = (n: number, length: number) =>
      Array.from({ length: n }, (_, i) => `${"語".repeat(length - 2)}${String(i).padStart(2, "0")}`);
    const query = boundedQuery(
      huge(40, 16).map((surface) => ({ surface, forms: [surface], weight: 1 })),
      {
        statuses: ["実施あり", "未実施", "記載なし"],
        departments: huge(10, 20),
        // Every other year: as many separate runs as possible.
        fiscalYears: Array.from({ length: 100 }, (_, i) => 1990 + i * 2),
      },
    );
    expect(query.words).toHaveLength(6);
    expect(query.filter.departments).toHaveLength(3);
    expect(query.filter.fiscalYears).toHaveLength(6);
    const data = encodeFollowUp({ kind: "page", edition: "0123456789abcdef", offset: 99_999, query });
    expect(data?.length).toBeLessThanOrEqual(LINE_LIMITS.postbackDataLength);
    expect(decodeFollowUp(data)).toMatchObject({ query });
    const span = boundedQuery([], { fiscalYears: years(1989, 2060) }).filter.fiscalYears;
    expect(span).toEqual(years(1989, 2038));
  });

  it("marks the buttons of the previous format as from another edition", () => {
    expect(decodeFollowUp("a1|d|2-1-2-1")).toMatchObject({ kind: "page", edition: "legacy" });
    expect(decodeFollowUp("a1|p|10|未実施の事業は？")).toMatchObject({ kind: "page", edition: "legacy" });
  });

  it.each([
    null,
    42,
    "",
    "garbage",
    "f1:d:3f2a9c01:",
    "f1:d:3f2a9c01:1-1; drop",
    "f1:d:3f2a9c01:1-1:x",
    "f1:d::1-1",
    "f1:d:EDITION:1-1",
    "f1:p:3f2a9c01:-1::::",
    "f1:p:3f2a9c01:10:::",
    "f1:p:3f2a9c01:x::::",
    "f1:p:3f2a9c01:0:z:::",
    "f1:p:3f2a9c01:0:mm:::",
    "f1:p:3f2a9c01:0::::a:extra",
    "f1:p:3f2a9c01:0::::a:1-2-3-4",
    "f1:p:3f2a9c01:0::::a:3:x",
    "f1:p:3f2a9c01:0::,::",
    "f1:p:3f2a9c01:0:::1800:",
    "f1:p:3f2a9c01:0:::2017-2013:",
    "f1:p:3f2a9c01:0:::2013-2099:",
    "f1:p:3f2a9c01:0:::2015,2014:",
    "f1:p:3f2a9c01:0::::%41",
    `f1:p:3f2a9c01:0::::${"語".repeat(17)}`,
    "f1:p:3f2a9c01:0::::a,b,c,d,e,f,g",
    "f1:p:3f2a9c01:0:::2001,2003,2005,2007,2009,2011,2013:",
    "f1:q:",
    `f1:q:${"q".repeat(101)}`,
    "f1:t:x",
    "f1:x",
    `f1:q:${"q".repeat(400)}`,
  ])("decodes %j to null", (data) => {
    expect(decodeFollowUp(data)).toBeNull();
  });
});
