// 版の更新: upload → validation → diff with the guards' warnings → publish → history and rollback.
import type { FastifyInstance } from "fastify";
import { sendPage } from "../page.js";

export async function editionRoutes(app: FastifyInstance): Promise<void> {
  app.get("/editions", async (request, reply) => sendPage(request, reply, "editions", { title: "版の更新" }));
}
