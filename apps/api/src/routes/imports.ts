/**
 * Import: upload a document (text, Word .docx or .doc, a saved web page, a PDF with a text layer,
 * XLSX, CSV or ledger JSON: whatever `@reform/ingest` reads) → a preview with the importer's
 * diagnostics and the difference from the plan's current version; then commit the preview by id
 * with the plan version it was made against (a newer version meanwhile is a 409).
 */
import { createHash } from "node:crypto";
import { createRoute, z } from "@hono/zod-openapi";
import { IsoDate, type Ledger, type Redaction, type Task } from "@reform/domain";
import {
  DEFAULT_READERS,
  Diagnostic,
  FILE_FORMATS,
  type FileFormat,
  type ImportFileOptions,
  importFile,
  safeFileName,
} from "@reform/ingest";
import type { ImportPreview } from "@reform/storage";
import { roleGate } from "../auth.ts";
import { caller, type Deps } from "../context.ts";
import { ApiError } from "../errors.ts";
import { router } from "../router.ts";
import { errors, json, named } from "../schemas.ts";
import { storeError } from "../writes.ts";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const BINARY = { type: "string", format: "binary" } as const;

/** The content types of the formats the importer reads (each reader's), in the readers' order. */
const DOCUMENT_TYPES = [...new Set(DEFAULT_READERS.flatMap((r) => r.contentTypes))];

/** Content types an upload may have: a form, any bytes, or a document type the importer reads. */
export const UPLOAD_TYPES: readonly string[] = ["multipart/form-data", "application/octet-stream", ...DOCUMENT_TYPES];

/** SHA-256 (hex) of bytes. */
function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * An uploaded document read into a ledger, staged until it is committed. Previews live in the
 * database for a while; a commit that comes late is told to upload again — the document, not the
 * process, is the state.
 */
interface Preview {
  readonly id: string;
  readonly sha256: string;
  readonly fileName?: string | undefined;
  readonly format: FileFormat;
  readonly layout: string;
  readonly ledger: Ledger;
  readonly diagnostics: Diagnostic[];
}

const TaskRef = z.object({ id: z.string(), label: z.string(), title: z.string() });

const PreviewSchema = z
  .object({
    previewId: z.string(),
    sha256: z.string(),
    fileName: z.string().optional(),
    format: z.enum(FILE_FORMATS),
    layout: z.string(),
    planId: z.string(),
    planTitle: z.string(),
    /** The plan's current version (0: new); pass it as `expectedPlanVersion` to commit. */
    currentVersion: z.number().int().nonnegative(),
    isNew: z.boolean(),
    diagnostics: z.array(named(Diagnostic, "Diagnostic")),
    diff: z.object({
      summary: z.object({ added: z.number(), removed: z.number(), changed: z.number(), unchanged: z.number() }),
      planFields: z.array(z.string()),
      added: z.array(TaskRef),
      removed: z.array(TaskRef),
      changed: z.array(TaskRef.extend({ fields: z.array(z.string()), matchedBy: z.enum(["id", "text"]) })),
      indicators: z.object({ added: z.array(z.string()), removed: z.array(z.string()), changed: z.array(z.string()) }),
    }),
  })
  .openapi("ImportPreview");

const UploadQuery = z.object({
  fileName: z.string().max(255).optional().openapi({ description: "File name (raw uploads); decides the format." }),
  issued: IsoDate.optional().openapi({ description: "Issue date, overriding the document's." }),
  region: z.string().max(50).optional().openapi({ description: "Region, overriding the document's." }),
  impliedDeadlines: z.enum(["true", "false"]).optional().openapi({
    description: "Documents: undated items of a list whose title names one year are due at its end (marked implied).",
  }),
});

/** Imports are for admins and supervisors; checked before the body is read or validated. */
const importers = roleGate("import", "import documents");

const upload = createRoute({
  method: "post",
  path: "/",
  middleware: [importers] as const,
  tags: ["import"],
  summary: "Upload a document and preview its import",
  description:
    "Send multipart/form-data with a `file` field (and optional `issued`, `region`, `impliedDeadlines`), or the raw bytes with " +
    `a content type (${DOCUMENT_TYPES.join(", ")} or application/octet-stream). ` +
    "The format is found from the bytes, the file name and the content type. An old Word file (.doc) is converted by " +
    "LibreOffice where the server has it, else refused (reason `doc-needs-converter`). " +
    "Admins and supervisors only. Unreadable documents are a 422 with the importer's diagnostics.",
  request: {
    query: UploadQuery,
    body: {
      required: true,
      content: {
        "multipart/form-data": {
          schema: {
            type: "object",
            required: ["file"],
            properties: {
              file: BINARY,
              issued: { type: "string", format: "date" },
              region: { type: "string" },
              impliedDeadlines: { type: "string", enum: ["true", "false"] },
            },
          },
        },
        // Plain schema objects (not zod): raw uploads are read as bytes by the handler, not validated.
        "application/octet-stream": { schema: BINARY },
        "text/plain": { schema: { type: "string" } },
        "text/csv": { schema: { type: "string" } },
        "application/json": { schema: { type: "object", description: "A ledger as JSON (@reform/domain Ledger)." } },
        [XLSX]: { schema: BINARY },
        // The other formats the importer reads (Markdown, TSV, Word, web pages, PDF…).
        ...Object.fromEntries(
          DOCUMENT_TYPES.filter((t) => !["text/plain", "text/csv", "application/json", XLSX].includes(t)).map((t) => [
            t,
            { schema: t.startsWith("text/") ? { type: "string" } : BINARY },
          ]),
        ),
      },
    },
  },
  responses: {
    201: json(PreviewSchema, "The preview"),
    ...errors(
      "validation",
      "unauthorized",
      "forbidden",
      "payload-too-large",
      "unsupported-media-type",
      "unprocessable",
    ),
  },
});

const PreviewParam = z.object({
  previewId: z
    .string()
    .min(1)
    .openapi({ param: { name: "previewId", in: "path" } }),
});

const show = createRoute({
  method: "get",
  path: "/{previewId}",
  middleware: [importers] as const,
  tags: ["import"],
  summary: "A preview made earlier (while it is kept)",
  request: { params: PreviewParam },
  responses: { 200: json(PreviewSchema, "The preview"), ...errors("unauthorized", "forbidden", "not-found") },
});

const commit = createRoute({
  method: "post",
  path: "/{previewId}/commit",
  middleware: [importers] as const,
  tags: ["import"],
  summary: "Commit a preview as the plan's next version",
  request: {
    params: PreviewParam,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({
            expectedPlanVersion: z.number().int().nonnegative().openapi({
              description: "The plan version the preview was made against (its currentVersion).",
            }),
            sha256: z
              .string()
              .optional()
              .openapi({ description: "The document's SHA-256, to make sure of the preview." }),
          }),
        },
      },
    },
  },
  responses: {
    201: json(
      z.object({
        planId: z.string(),
        version: z.number().int().positive(),
        summary: PreviewSchema.shape.diff.shape.summary,
        diff: PreviewSchema.shape.diff,
      }),
      "Committed",
    ),
    ...errors("validation", "unauthorized", "forbidden", "not-found", "conflict", "unprocessable"),
  },
});

const ref = (t: Task, show: Redaction) => ({
  id: t.id,
  label: t.path.join(" "),
  title: show.text(t.title ?? (t.text.length > 60 ? `${t.text.slice(0, 60)}…` : t.text)),
});

/** The API's view of a store preview. */
function diffOf(p: ImportPreview, show: Redaction) {
  return {
    summary: p.summary,
    planFields: [...p.planFields],
    added: p.tasks.added.map((t) => ref(t, show)),
    removed: p.tasks.removed.map((t) => ref(t, show)),
    changed: p.tasks.changed.map((ch) => ({
      ...ref(ch.after, show),
      fields: [...ch.fields],
      matchedBy: ch.matchedBy,
    })),
    indicators: {
      added: [...p.indicators.added],
      removed: [...p.indicators.removed],
      changed: [...p.indicators.changed],
    },
  };
}

/** How long a preview can be shown and committed. */
const PREVIEW_TTL_MS = 30 * 60_000;

/** The import resource, mounted at `/api/imports`. */
export function importsRoutes(deps: Deps) {
  // Previews are staged in the database, so any API process on it can show or commit them.
  const stage = (p: Preview) =>
    deps.store
      .stageImport({
        id: p.id,
        ledger: p.ledger,
        sourceSha256: p.sha256,
        fileName: p.fileName,
        details: { format: p.format, layout: p.layout },
        diagnostics: p.diagnostics,
        now: deps.clock(),
        ttlMs: PREVIEW_TTL_MS,
      })
      .catch((error: unknown) => {
        throw storeError(error);
      });
  /** The staged preview `id`; 404 when it expired or never was. */
  const staged = async (id: string): Promise<Preview> => {
    const found = await deps.store.getStagedImport(id, deps.clock());
    if (!found) throw new ApiError("not-found", `no preview ${id} (expired or never made): upload the document again`);
    return {
      id: found.id,
      sha256: found.sourceSha256,
      fileName: found.fileName,
      format: (found.details.format ?? "text") as FileFormat,
      layout: found.details.layout ?? "",
      ledger: found.ledger,
      diagnostics: [...found.diagnostics],
    };
  };
  const respond = async (preview: Preview, show: Redaction) => {
    let p: ImportPreview;
    try {
      p = await deps.store.previewImport(preview.ledger);
    } catch (error) {
      throw storeError(error);
    }
    return {
      previewId: preview.id,
      sha256: preview.sha256,
      ...(preview.fileName ? { fileName: preview.fileName } : {}),
      format: preview.format,
      layout: preview.layout,
      planId: p.planId,
      planTitle: preview.ledger.plan.title,
      currentVersion: p.currentVersion,
      isNew: p.isNew,
      diagnostics: preview.diagnostics.map((d) => (d.text ? { ...d, text: show.text(d.text) } : d)),
      diff: diffOf(p, show),
    };
  };

  return router()
    .openapi(upload, async (c) => {
      const { show: presenter } = caller(c);
      const q = c.req.valid("query");
      const type = c.req.header("content-type") ?? "";
      let bytes: Uint8Array;
      const options: ImportFileOptions & { fileName?: string | undefined } = {
        fileName: q.fileName,
        issued: q.issued,
        region: q.region,
        impliedDeadlines: q.impliedDeadlines === "true",
      };
      if (type.startsWith("multipart/form-data")) {
        const form = await c.req.parseBody();
        const file = form.file;
        if (!(file instanceof File)) {
          throw new ApiError("validation", "the form needs a file field", {
            issues: [{ path: ["form", "file"], message: "required", code: "invalid_type" }],
          });
        }
        bytes = new Uint8Array(await file.arrayBuffer());
        options.fileName ??= file.name || undefined;
        if (typeof form.issued === "string" && form.issued) options.issued = form.issued;
        if (typeof form.region === "string" && form.region) options.region = form.region;
        if (form.impliedDeadlines === "true") options.impliedDeadlines = true;
      } else {
        bytes = new Uint8Array(await c.req.arrayBuffer());
      }
      // Only a safe base name is kept ("../../../../tmp/x.txt" is "x.txt").
      options.fileName = safeFileName(options.fileName);
      const read = await importFile(
        { bytes, fileName: options.fileName, contentType: type.startsWith("multipart/") ? undefined : type },
        options,
      );
      const format = read.format ?? "text";
      if (!read.ok) {
        throw new ApiError("unprocessable", `the document could not be read: ${read.error.message}`, {
          reason: read.error.code,
          format,
          diagnostics: read.diagnostics,
        });
      }
      const digest = sha256(bytes);
      const id = sha256(
        `${digest}|${format}|${options.fileName ?? ""}|${options.issued ?? ""}|${options.region ?? ""}${options.impliedDeadlines ? "|implied" : ""}`,
      ).slice(0, 32);
      const preview: Preview = {
        id,
        sha256: digest,
        fileName: options.fileName,
        format,
        layout: read.layout,
        ledger: read.ledger,
        diagnostics: read.diagnostics,
      };
      await stage(preview);
      return c.json(await respond(preview, presenter), 201);
    })
    .openapi(show, async (c) => {
      const { show: presenter } = caller(c);
      const { previewId } = c.req.valid("param");
      const preview = await staged(previewId);
      return c.json(await respond(preview, presenter), 200);
    })
    .openapi(commit, async (c) => {
      const { principal, show: presenter } = caller(c);
      const { previewId } = c.req.valid("param");
      const body = c.req.valid("json");
      const preview = await staged(previewId);
      if (body.sha256 !== undefined && body.sha256 !== preview.sha256) {
        throw new ApiError("conflict", "the preview is of a different document", { sha256: preview.sha256 });
      }
      try {
        const result = await deps.store.commitImport(preview.ledger, {
          expectedPlanVersion: body.expectedPlanVersion,
          actor: {
            role: principal.role === "admin" ? "admin" : "supervisor",
            ...(principal.name ? { name: principal.name } : {}),
          },
          diagnostics: preview.diagnostics,
          sourceSha256: preview.sha256,
          fileName: preview.fileName,
        });
        // Committed: the preview is spent. Should discarding fail, the row still expires on its own.
        await deps.store.discardStagedImport(previewId).catch(() => {});
        deps.ledger.notice({ planId: result.version.planId, type: "import" });
        return c.json(
          {
            planId: result.version.planId,
            version: result.version.version,
            summary: result.version.summary,
            diff: diffOf(result.preview, presenter),
          },
          201,
        );
      } catch (error) {
        throw storeError(error);
      }
    });
}
