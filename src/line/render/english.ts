// English questions: an English frame around the plan's Japanese facts (titles, actions, years as written).
import type { messagingApi } from "@line/bot-sdk";
import type { ActionLine, Answer, ProjectCard, ProjectSummary, StatusCounts } from "../../answer/index.js";
import { ENGLISH, STATUS_GLOSS } from "./captions.js";
import { compactBubble, englishAltText, severalBubbles } from "./compact-card.js";
import { type ProgressStatus, STATUSES } from "./flex-parts.js";
import { type FollowState, followButton } from "./follow-button.js";
import { levelBubbles } from "./level-card.js";
import { bubblesContainer, flexMessage, textMessage } from "./messages.js";
import { yearsText } from "./text.js";

type Message = messagingApi.Message;

const source = ENGLISH.source;

function statusLine(status: ProgressStatus): string {
  return `Status: ${ENGLISH.status(status)}`;
}

function departments(names: readonly string[]): string {
  return names.length > 0 ? names.join("、") : ENGLISH.noDepartment;
}

function actionLine(action: ActionLine): string {
  const when = yearsText(action);
  const by = action.departments.length > 0 ? ` 【${action.departments.join("、")}】` : "";
  return `・${action.text}\n　${when ? `FY ${when}` : "year not recorded"}${by}`;
}

function cardLines(card: ProjectCard, shownActions: number): string[] {
  const lines = [
    `Project: 「${card.title}」`,
    statusLine(card.status),
    `${ENGLISH.measure}: ${card.measureTitle}`,
    `${ENGLISH.department} (担当課): ${departments(card.departments)}`,
  ];
  if (card.status === "未実施") lines.push(ENGLISH.notDone);
  if (card.status === "記載なし") lines.push(ENGLISH.nothingRecorded);
  const shown = card.actions.slice(0, shownActions);
  if (shown.length > 0) lines.push(`${ENGLISH.actions}:`, ...shown.map(actionLine));
  const more = card.totalActions - shown.length;
  if (more > 0) lines.push(`(${ENGLISH.moreActions(more)})`);
  return lines;
}

function summaryLine(item: ProjectSummary, index: number): string {
  const years = item.years ? ` | FY ${item.years}` : "";
  return `${index}. ${item.title}\n　${item.status} (${STATUS_GLOSS[item.status]}) | ${departments(item.departments)}${years}`;
}

function countsLine(counts: StatusCounts): string {
  return STATUSES.map((status) => ENGLISH.counts(status, counts[status])).join(ENGLISH.comma);
}

const NO_MATCH = [
  "Sorry, I could not find a project of the plan that matches your question.",
  "Please ask about a project by name or keyword, for example “Was the disaster drill carried out?”",
  "Answers quote the city's Japanese progress list.",
].join("\n");

function englishText(answer: Answer): string | null {
  switch (answer.kind) {
    case "project":
      return [...cardLines(answer.best, 8), "", source(answer.edition)].join("\n");
    case "several":
      return [
        `You asked about ${answer.items.length} projects:`,
        ...answer.items.flatMap((card, i) => ["", `${i + 1}.`, ...cardLines(card, 2)]),
        "",
        source(answer.edition),
      ].join("\n");
    case "level":
      return [
        `${answer.level === "施策" ? "Measure (施策)" : "Area"} 「${answer.title}」: ${answer.counts.total} projects`,
        countsLine(answer.counts),
        "",
        ...answer.items.map((item, i) => summaryLine(item, i + 1)),
        "",
        source(answer.edition),
      ].join("\n");
    case "list":
      return [
        `${answer.total} project${answer.total === 1 ? "" : "s"} found (${answer.heading})`,
        "",
        ...answer.items.map((item, i) => summaryLine(item, answer.offset + i + 1)),
        "",
        source(answer.edition),
      ].join("\n");
    case "count":
      return [
        `${answer.heading}: ${answer.count} project${answer.count === 1 ? "" : "s"}.`,
        countsLine(answer.counts),
        ...answer.items.map((item, i) => summaryLine(item, i + 1)),
        "",
        source(answer.edition),
      ].join("\n");
    case "overview":
      return [
        `The plan has ${answer.counts.total} projects.`,
        countsLine(answer.counts),
        "",
        source(answer.edition),
      ].join("\n");
    case "no-match":
      return NO_MATCH;
    case "greeting":
    case "intro":
    case "help":
      return [
        "Hello. I answer questions about the progress of Shiroi City's citizen participation plan:",
        "whether a project was carried out, which department is in charge, and in which fiscal years.",
        "Ask about a project by name or keyword.",
      ].join("\n");
    case "thanks":
      return "You're welcome. Ask me about any other project at any time.";
    default:
      return null;
  }
}

/** Actions an English project card shows: as many as the Japanese card chose. */
const PROJECT_SHOWN_ACTIONS = 8;

/** Projects, several projects and levels as the Japanese cards with English captions; null for the rest. */
function englishFlex(answer: Answer, text: string, follow?: FollowState): messagingApi.FlexMessage | null {
  switch (answer.kind) {
    case "project":
      return flexMessage(
        englishAltText(answer.best),
        compactBubble(answer.best, ENGLISH, {
          shownActions: PROJECT_SHOWN_ACTIONS,
          source: source(answer.edition),
          follow: followButton(answer.best.id, follow, "en"),
        }),
      );
    case "several":
      return flexMessage(
        answer.items.map(englishAltText).join(" "),
        bubblesContainer(severalBubbles(answer, ENGLISH)),
      );
    case "level":
      return flexMessage(text, bubblesContainer(levelBubbles(answer, ENGLISH)));
    default:
      return null;
  }
}

/**
 * The English reply (`flex`: cards where the Japanese answer has one); answers without an English
 * frame are shown as the Japanese reply.
 */
export function renderEnglish(
  answer: Answer,
  japanese: (answer: Answer) => Message[],
  flex: boolean,
  follow?: FollowState,
): Message[] {
  const text = englishText(answer);
  if (text === null) return japanese(answer);
  const card = flex ? englishFlex(answer, text, follow) : null;
  return [card ?? textMessage(text)];
}
