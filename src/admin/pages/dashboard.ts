// ダッシュボード: the live edition, its projects per status and per 基本方針, the search backend's state.
import type { FastifyInstance } from "fastify";
import type { BackendHealth, IndexedEdition } from "../../index/index.js";
import { planStatistics } from "../../plan/index.js";
import { statusBars, statusClass } from "../bars.js";
import { sendPage } from "../page.js";

export interface DashboardOptions {
  live: { current(): IndexedEdition; health(): Promise<BackendHealth> };
}

const STATE_LABELS: Record<string, string> = {
  ready: "正常",
  degraded: "縮退中（組み込み索引で回答）",
  unavailable: "停止",
};

export async function dashboardRoutes(app: FastifyInstance, { live }: DashboardOptions): Promise<void> {
  app.get("/", async (request, reply) => {
    const edition = live.current();
    const statistics = planStatistics(edition.plan);
    let health: BackendHealth;
    try {
      health = await live.health();
    } catch (error) {
      health = { backend: "unknown", state: "unavailable", documents: 0, detail: (error as Error).message };
    }
    return sendPage(request, reply, "dashboard", {
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
