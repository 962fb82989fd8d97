// 質問の記録: unanswered questions by frequency, weak matches, feedback by project, for a period;
// CSV for Excel; from an unanswered question, one click to the synonym editor with its words.
import type { FastifyInstance } from "fastify";
import type { IndexedEdition } from "../../index/index.js";
import { projectsOf } from "../../plan/index.js";
import {
  type ConversationStore,
  REPORT_SECTIONS,
  type ReportSection,
  reportToCsv,
} from "../../record/index.js";
import { querySchema } from "../forms.js";
import { sendPage } from "../page.js";
import { periodOf, periodQuery } from "../period.js";

export interface QuestionOptions {
  /** Null when the conversation record is off (RECORD_ENABLED=false). */
  record: Pick<ConversationStore, "report"> | null;
  live: { current(): IndexedEdition };
}

const PERIOD_QUERY = querySchema({ period: 16, from: 10, to: 10, section: 32 });
const CSV_SECTIONS: readonly ReportSection[] = REPORT_SECTIONS;

export async function questionRoutes(app: FastifyInstance, options: QuestionOptions): Promise<void> {
  const { record, live } = options;

  app.get("/questions", { schema: { querystring: PERIOD_QUERY } }, async (request, reply) => {
    const period = periodOf(request.query as Record<string, unknown>);
    if (!record) return sendPage(request, reply, "questions", { title: "質問の記録", period, report: null });
    const report = await record.report({ since: period.since, until: period.until, limit: 100 });
    const titles = new Map(projectsOf(live.current().plan).map(({ project }) => [project.id, project.title]));
    return sendPage(request, reply, "questions", {
      title: "質問の記録",
      period,
      query: periodQuery(period),
      report,
      titleOf: (id: string | null) => (id ? (titles.get(id) ?? "（現在の版にない事業）") : ""),
    });
  });

  app.get("/questions.csv", { schema: { querystring: PERIOD_QUERY } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const section = CSV_SECTIONS.find((s) => s === query.section);
    if (!record) return reply.code(404).type("text/plain; charset=utf-8").send("会話の記録は無効です");
    const period = periodOf(query);
    const report = await record.report({ since: period.since, until: period.until, limit: 10_000 });
    const name = `questions-${section ?? "all"}-${period.from || "all"}_${period.to}.csv`;
    return reply
      .type("text/csv; charset=utf-8")
      .header("Content-Disposition", `attachment; filename="${name}"`)
      .send(reportToCsv(report, section));
  });
}
