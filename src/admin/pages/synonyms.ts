// 同義語: the staff synonyms and department aliases, edited, validated, published, audited.
import type { FastifyInstance } from "fastify";
import type { AuditLog } from "../../record/index.js";
import { DICTIONARY_FIELDS, type DictionaryFiles, MAX_DICTIONARY_BYTES } from "../dictionary-files.js";
import { formSchema, querySchema } from "../forms.js";
import { sendPage } from "../page.js";
import { requireEditor } from "../session.js";

export interface SynonymOptions {
  dictionaries: DictionaryFiles;
  audit: AuditLog;
}

const MAX_PREFILL_WORDS = 10;
const MAX_PREFILL_LENGTH = 200;

/** `?words=a,b`: words from an unanswered question, as a new synonym line for staff to complete. */
function prefillLine(words: unknown): string | null {
  if (typeof words !== "string" || words.length > MAX_PREFILL_LENGTH) return null;
  const list = [
    ...new Set(
      words
        .split(/[,、，\s]+/)
        .map((w) => w.replace(/#/g, "").trim())
        .filter(Boolean),
    ),
  ].slice(0, MAX_PREFILL_WORDS);
  return list.length > 0 ? list.join(", ") : null;
}

function countLines(text: string): number {
  return text.split("\n").filter((line) => line.replace(/#.*$/, "").trim()).length;
}

/** The form's two text areas. */
interface Texts {
  synonyms: string;
  departmentAliases: string;
}

/** Both text areas are required: a form without them would publish empty dictionaries. */
const saveSchema = formSchema({
  synonyms: MAX_DICTIONARY_BYTES,
  departmentAliases: MAX_DICTIONARY_BYTES,
  newSynonyms: { maxLength: 4096, optional: true },
});

export async function synonymRoutes(app: FastifyInstance, options: SynonymOptions): Promise<void> {
  const { dictionaries, audit } = options;

  app.get(
    "/synonyms",
    { schema: { querystring: querySchema({ words: 1000, saved: 200 }) } },
    async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const files = await dictionaries.read();
      const prefill = prefillLine(query.words);
      return sendPage(request, reply, "synonyms", {
        title: "同義語",
        texts: {
          synonyms: files[DICTIONARY_FIELDS.synonyms] ?? "",
          departmentAliases: files[DICTIONARY_FIELDS.departmentAliases] ?? "",
        } satisfies Texts,
        prefill,
        newLine: prefill ? `${prefill}, ` : "",
        saved: typeof query.saved === "string" ? query.saved.split(",").filter(Boolean).slice(0, 2) : null,
        issues: [],
        problem: null,
      });
    },
  );

  app.post(
    "/synonyms",
    { onRequest: requireEditor, schema: { body: saveSchema } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
      const newLine = text("newSynonyms").trim();
      const texts: Texts = {
        synonyms: newLine ? `${text("synonyms").replace(/\n*$/, "\n")}${newLine}\n` : text("synonyms"),
        departmentAliases: text("departmentAliases"),
      };
      const render = (status: number, extra: Record<string, unknown>) =>
        sendPage(
          request,
          reply,
          "synonyms",
          {
            title: "同義語",
            texts,
            prefill: null,
            newLine: "",
            saved: null,
            issues: [],
            problem: null,
            ...extra,
          },
          status,
        );
      if (
        Buffer.byteLength(texts.synonyms) + Buffer.byteLength(texts.departmentAliases) >
        MAX_DICTIONARY_BYTES
      ) {
        return render(413, { problem: `辞書は合わせて ${MAX_DICTIONARY_BYTES / 1024} KB までです。` });
      }
      const actor = request.staff?.name ?? "";
      const result = await dictionaries.save(
        {
          [DICTIONARY_FIELDS.synonyms]: texts.synonyms,
          [DICTIONARY_FIELDS.departmentAliases]: texts.departmentAliases,
        },
        actor,
      );
      if (!result.ok) {
        return "problem" in result
          ? render(409, { problem: result.problem })
          : render(422, { issues: result.issues });
      }
      if (result.changed.length > 0) {
        await audit.append({
          actor,
          address: request.ip,
          action: "dictionary-save",
          target: result.changed.join(", "),
          detail: `同義語 ${countLines(texts.synonyms)} 行、課の別名 ${countLines(texts.departmentAliases)} 行（版 ${result.edition}）`,
        });
      }
      return reply.redirect(
        `/admin/synonyms?saved=${encodeURIComponent(result.changed.join(",") || "none")}`,
        303,
      );
    },
  );
}
