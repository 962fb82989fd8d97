// What an answer was about, read from the answer itself: kept per chat so that a follow-up
// (「担当は？」「その中で未実施は？」) can be answered about it.
import { subjectOf } from "./list-query.js";
import type { Answer, AnswerTopic, FollowUp, ListQuery } from "./types.js";

/** A topic keeps at most this many projects: two or three asked together. */
const MAX_TOPIC_PROJECTS = 3;
const MAX_LABEL_LENGTH = 60;

type Body = Exclude<Answer, { kind: "english" }>;

/** `2-1-3-1` → `2-1-3`: ids are hierarchical (design.md). */
export function measureIdOf(projectId: string): string {
  return projectId.split("-").slice(0, 3).join("-");
}

function editionOf(followUp: FollowUp | null | undefined): string | null {
  return followUp && "edition" in followUp ? followUp.edition : null;
}

function pageQuery(followUp: FollowUp | null): ListQuery | null {
  return followUp?.kind === "page" ? followUp.query : null;
}

function clipLabel(label: string): string {
  return label.length > MAX_LABEL_LENGTH ? `${label.slice(0, MAX_LABEL_LENGTH - 1)}…` : label;
}

function projectsTopic(
  edition: string | null,
  cards: readonly { id: string; shortName: string; detail: FollowUp }[],
): Omit<AnswerTopic, "language"> | null {
  const first = cards[0];
  if (!edition || !first) return null;
  const shown = cards.slice(0, MAX_TOPIC_PROJECTS);
  return {
    edition,
    label: clipLabel(`${shown.map((card) => `「${card.shortName}」`).join("")}の事業`),
    projectIds: shown.map((card) => card.id),
    measureId: measureIdOf(first.id),
    query: null,
    offset: 0,
    level: null,
  };
}

/** 「未実施の事業は22件です」 → 未実施の事業; null for a heading of another shape (a share). */
function countSubject(heading: string): string | null {
  return /^(.+?)は\d+件です。?$/.exec(heading)?.[1] ?? null;
}

/** The list's heading without its count: 総務課が担当する事業（15件） → 総務課が担当する事業. */
function withoutCount(heading: string): string {
  return heading.replace(/[（(]\d+件[）)]$/, "");
}

function bodyTopic(answer: Body): Omit<AnswerTopic, "language"> | null {
  switch (answer.kind) {
    case "project":
      return projectsTopic(editionOf(answer.best.detail), [answer.best]);
    case "several":
      return projectsTopic(editionOf(answer.items[0]?.detail), answer.items);
    case "list": {
      const edition = editionOf(answer.items[0]?.detail);
      if (!edition) return null;
      return {
        edition,
        label: clipLabel(withoutCount(answer.heading)),
        projectIds: [],
        measureId: null,
        query: answer.query,
        offset: answer.offset,
        level: null,
      };
    }
    case "count": {
      const edition = editionOf(answer.list);
      const query = pageQuery(answer.list);
      if (!edition || !query) return null;
      return {
        edition,
        label: clipLabel(countSubject(answer.heading) ?? subjectOf(query.filter)),
        projectIds: [],
        measureId: null,
        query,
        offset: 0,
        level: null,
      };
    }
    case "level": {
      const edition = editionOf(answer.items[0]?.detail);
      if (!edition) return null;
      return {
        edition,
        label: clipLabel(`${answer.level}「${answer.title}」`),
        projectIds: [],
        measureId: answer.level === "施策" ? answer.id : null,
        query: null,
        offset: 0,
        level: { kind: answer.level, id: answer.id },
      };
    }
    default:
      return null;
  }
}

/** What the answer was about, or null when it was about nothing a follow-up could ask of. */
export function topicOf(answer: Answer): AnswerTopic | null {
  const english = answer.kind === "english";
  const body = bodyTopic(english ? innerBody(answer) : answer);
  return body ? { ...body, language: english ? "en" : "ja" } : null;
}

function innerBody(answer: Answer): Body {
  return answer.kind === "english" ? innerBody(answer.answer) : answer;
}
