// A follow-up (「担当は？」「その中で未実施は？」「次の10件」) answered about the previous answer's
// topic: which of the answerer's own answers fits the operation. Facts still come from the plan.
import type { QueryFilter, StatusWord } from "../nlp/index.js";
import { PAGE_SIZE } from "./list-query.js";
import type { Answer, AnswerTopic, FollowUpOperation, ListQuery } from "./types.js";

/** The answerer's answers a follow-up is made of, over the edition served now. */
export interface FollowUpAnswers {
  /** One project; `all`: every action. */
  detail(id: string, all: boolean): Answer;
  /** Two or three projects, each in full enough. */
  several(ids: readonly string[]): Answer;
  list(query: ListQuery, offset: number): Promise<Answer>;
  /** A 施策 or section as a whole; null when the edition has no such level. */
  level(id: string): Answer | null;
  /** A project's 担当課 (canonical names). */
  departmentsOf(id: string): string[];
}

/** What the follow-up message itself says that narrows: 「その中で未実施のは？」「平成28年度のは？」. */
export interface Narrowing {
  statuses: StatusWord[];
  fiscalYears: number[];
}

/** The previous answer again, as it was: its projects, its list page, its level. */
async function restated(topic: AnswerTopic, answers: FollowUpAnswers, all: boolean): Promise<Answer | null> {
  const [only, ...more] = topic.projectIds;
  if (only && more.length === 0) return answers.detail(only, all);
  if (only) return answers.several(topic.projectIds);
  if (topic.query) return answers.list(topic.query, topic.offset);
  if (topic.level) return answers.level(topic.level.id);
  return null;
}

function narrowed(query: ListQuery, narrowing: Narrowing): ListQuery {
  const filter: QueryFilter = { ...query.filter };
  if (narrowing.statuses.length > 0) filter.statuses = narrowing.statuses;
  if (narrowing.fiscalYears.length > 0) filter.fiscalYears = narrowing.fiscalYears;
  return { ...query, filter };
}

/** The list a topic is, as a query: its own, or its level's projects. */
function queryOf(topic: AnswerTopic): ListQuery | null {
  if (topic.query) return topic.query;
  if (topic.level) return { words: [], filter: {}, within: topic.level.id };
  return null;
}

/** The answer to `operation` about `topic`, in Japanese; null when the topic cannot answer it. */
export async function answerFollowUp(
  topic: AnswerTopic,
  operation: FollowUpOperation,
  narrowing: Narrowing,
  answers: FollowUpAnswers,
): Promise<Answer | null> {
  const first = topic.projectIds[0];
  switch (operation) {
    case "department":
    case "years":
    case "status":
    case "english":
      return restated(topic, answers, false);
    case "details":
      return restated(topic, answers, true);
    case "same-department": {
      const departments = first ? answers.departmentsOf(first) : (topic.query?.filter.departments ?? []);
      if (departments.length === 0) return restated(topic, answers, false);
      return answers.list({ words: [], filter: { departments } }, 0);
    }
    case "same-measure": {
      const measure = topic.measureId ? answers.level(topic.measureId) : null;
      return measure ?? restated(topic, answers, false);
    }
    case "narrow": {
      const query = queryOf(topic);
      if (!query || (narrowing.statuses.length === 0 && narrowing.fiscalYears.length === 0))
        return restated(topic, answers, false);
      return answers.list(narrowed(query, narrowing), 0);
    }
    case "which": {
      const query = queryOf(topic);
      return query ? answers.list(query, 0) : restated(topic, answers, false);
    }
    case "next-page": {
      const query = topic.query;
      if (!query) return restated(topic, answers, true);
      const next = await answers.list(query, topic.offset + PAGE_SIZE);
      // Past the last page: the list as it was, which shows it is all there is.
      const past = next.kind === "list" && next.offset < topic.offset + PAGE_SIZE;
      return past ? answers.list(query, topic.offset) : next;
    }
  }
}
