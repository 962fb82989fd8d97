// ダッシュボード: the live edition, its projects per status and per 基本方針, the search backend's state.
import type { FastifyInstance } from "fastify";
import type { BackendHealth, IndexedEdition } from "../../index/index.js";
import { planStatistics } from "../../plan/index.js";
import type { ConversationStore } from "../../record/index.js";
import { statusBars, statusClass } from "../bars.js";
import { daysChart } from "../days-chart.js";
import { sendPage } from "../page.js";
import { periodOf } from "../period.js";

export interface DashboardOptions {
  live: { current(): IndexedEdition; health(): Promise<BackendHealth> };
  record: Pick<ConversationStore, "report"> | null;
}

/** Days of questions the dashboard shows. */
const USAGE_DAYS = 30;

const STATE_LABELS: Record<string, string> = {
  ready: "正常",
  degraded: "縮退中（組み込み索引で回答）",
  unavailable: "停止",
};

export async function dashboardRoutes(
  app: FastifyInstance,
  { live, record }: DashboardOptions,
): Promise<void> {
  app.get("/", async (request, reply) => {
    const edition = live.current();
    const statistics = planStatistics(edition.plan);
    let health: BackendHealth;
    try {
      health = await live.health();
    } catch (error) {
      health = { backend: "unknown", state: "unavailable", documents: 0, detail: (error as Error).message };
    }
    const now = new Date();
    const { since } = periodOf({ period: String(USAGE_DAYS) }, now);
    const report = record ? await record.report({ since, until: null, limit: 1 }) : null;
    const usage = report ? { totals: report.totals, chart: daysChart(report.byDay, USAGE_DAYS, now) } : null;
    return sendPage(request, reply, "dashboard", {
      usage,
      title: "ダッシュボード",
      info: edition.info,
      statistics,
      overall: statusBars([{ label: "全体", counts: statistics.statuses }]),
      pillars: statusBars(
        statistics.perPillar.map((pillar) => ({
          label: `${pillar.no}. ${pillar.title}`,
          counts: pillar.statuses,
        })),
      ),
      health,
      stateLabel: STATE_LABELS[health.state] ?? health.state,
      statusClass,
    });
  });
}
