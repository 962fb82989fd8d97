// Rendering a console page: the template, inside the layout, with who is signed in and a CSRF token.
import type { FastifyReply, FastifyRequest } from "fastify";

export interface PageData {
  title: string;
  [key: string]: unknown;
}

/** The navigation, in the order staff use it. */
export const NAVIGATION = [
  { href: "/admin/", label: "ダッシュボード" },
  { href: "/admin/editions", label: "版の更新" },
  { href: "/admin/questions", label: "質問の記録" },
  { href: "/admin/synonyms", label: "同義語" },
  { href: "/admin/try", label: "ボットを試す" },
  { href: "/admin/notify", label: "お知らせ" },
  { href: "/admin/audit", label: "操作の記録" },
] as const;

export async function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  data: PageData,
  status = 200,
): Promise<FastifyReply> {
  const html = await reply.viewAsync(template, {
    ...data,
    staff: request.staff,
    csrf: reply.generateCsrf(),
    current: request.url.split("?")[0],
    navigation: NAVIGATION,
  });
  return reply.code(status).type("text/html; charset=utf-8").send(html);
}

export function isHtmx(request: FastifyRequest): boolean {
  return request.headers["hx-request"] === "true";
}
