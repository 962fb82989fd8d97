// 質問の記録: unanswered questions, weak matches and feedback from the conversation record.
import type { FastifyInstance } from "fastify";
import { sendPage } from "../page.js";

export async function questionRoutes(app: FastifyInstance): Promise<void> {
  app.get("/questions", async (request, reply) =>
    sendPage(request, reply, "questions", { title: "質問の記録" }),
  );
}
