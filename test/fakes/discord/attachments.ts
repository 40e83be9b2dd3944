import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIAttachment } from 'discord-api-types/v10';
import { Errors } from './limits.js';
import { fail, invalidForm, type Json, type RouteResult } from './route.js';
import type { FakeState } from './state.js';

/** Discord's upload limits: 10 files a message, 10 MiB each (the `attachment_size_limit` of a server without boosts). */
export const UPLOAD_LIMITS = { files: 10, fileBytes: 10 * 1024 * 1024 } as const;

/** A file the fake's CDN serves. */
export interface StoredFile {
  data: Buffer;
  contentType: string;
}

/** A multipart body Discord refuses before any route sees it, with the answer it gives. */
export class UploadRejected extends Error {
  constructor(readonly result: RouteResult) {
    super('upload rejected');
  }
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Stores a file on the fake's CDN (`<cdnBase>/<dir>/<id>/<filename>`, as cdn.discordapp.com lays them out) and
 * returns Discord's attachment object for it.
 */
export function storeAttachment(
  state: FakeState,
  dir: string,
  file: { filename: string; data: Buffer; contentType?: string },
): APIAttachment {
  const id = state.snowflake();
  const contentType = file.contentType ?? 'application/octet-stream';
  const path = `/${dir}/${id}/${encodeURIComponent(file.filename)}`;
  state.files.set(path, { data: file.data, contentType });
  const url = `${state.cdnBase}${path}`;
  return { id, filename: file.filename, size: file.data.length, url, proxy_url: url, content_type: contentType };
}

/** Serves a stored file for GET/HEAD under `/attachments/` or `/ephemeral-attachments/`; false for other paths. */
export function serveAttachment(state: FakeState, req: IncomingMessage, res: ServerResponse): boolean {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  if (!/^\/(ephemeral-)?attachments\//.test(path)) return false;
  const file = state.files.get(path);
  if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('404: Not Found');
    return true;
  }
  res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.data.length) });
  res.end(req.method === 'HEAD' ? undefined : file.data);
  return true;
}

/**
 * Reads a multipart body the way Discord does (how discord.js sends files): the message in `payload_json`, files in
 * `files[n]` parts. More than {@link UPLOAD_LIMITS}.files files is a 50035 form error, a file over the size limit a
 * 413 (40005). Each file is stored on the CDN and the `attachments` entry that names it (`{ id: n }`, in the message
 * or in an interaction callback's `data`) becomes its attachment object; files no entry names are attached too.
 * @throws UploadRejected
 */
export async function readMultipart(state: FakeState, raw: Buffer, contentType: string): Promise<Json> {
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  const json = form.get('payload_json');
  const payload = (typeof json === 'string' ? JSON.parse(json) : {}) as Json;
  const files = [...form.entries()].filter(
    (e): e is [string, File] => e[0] !== 'payload_json' && typeof e[1] !== 'string',
  );
  if (files.length > UPLOAD_LIMITS.files) {
    const errors = new Errors();
    errors.add(['files'], {
      code: 'BASE_TYPE_MAX_LENGTH',
      message: `Must be ${UPLOAD_LIMITS.files} or fewer in length.`,
    });
    throw new UploadRejected(invalidForm(errors));
  }
  if (files.some(([, file]) => file.size > UPLOAD_LIMITS.fileBytes)) {
    throw new UploadRejected(fail(413, 40005, 'Request entity too large'));
  }
  const message = typeof payload.type === 'number' && isObject(payload.data) ? payload.data : payload;
  const declared = Array.isArray(message.attachments) ? (message.attachments as Json[]) : [];
  const uploaded = new Map<string, APIAttachment>();
  for (const [key, file] of files) {
    const index = /^files\[(\d+)\]$/.exec(key)?.[1] ?? key;
    const stored = storeAttachment(state, `attachments/${state.bot.id}`, {
      filename: file.name,
      data: Buffer.from(await file.arrayBuffer()),
      contentType: file.type || undefined,
    });
    uploaded.set(index, stored);
  }
  const named = declared.map((entry) => {
    const file = uploaded.get(String(entry.id));
    if (!file) return entry;
    uploaded.delete(String(entry.id));
    return { ...file, ...(entry.description ? { description: entry.description } : {}) };
  });
  if (files.length > 0) message.attachments = [...named, ...uploaded.values()];
  return payload;
}

/**
 * The attachments a message body ends with: uploaded files (already attachment objects) and, on an edit, the ones
 * it already had that the body keeps by id. A body without `attachments` keeps `existing`.
 */
export function messageAttachments(body: Json, existing: readonly APIAttachment[] = []): APIAttachment[] {
  if (!Array.isArray(body.attachments)) return [...existing];
  return (body.attachments as Json[]).flatMap((entry) => {
    if (typeof entry.url === 'string') return [entry as unknown as APIAttachment];
    const kept = existing.find((a) => a.id === String(entry.id));
    return kept ? [kept] : [];
  });
}
