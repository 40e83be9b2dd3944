import { z } from 'zod';
import { UserError } from '../i18n/user-error.js';

/**
 * The message template format: one JSON object (a slash command option is one line, so JSON rather than lines), with
 * a `content` part and/or an `embed` part and an optional `button` label for a "Read more" link to the article.
 * Every string may hold placeholders (see {@link PLACEHOLDERS}); `image` and `thumbnail` must come out as an http(s)
 * address or are left out. README "Posts" documents it.
 */
const text = z.string().max(2000);
const templateSchema = z
  .object({
    content: text.optional(),
    embed: z
      .object({
        title: text.optional(),
        description: z.string().max(4096).optional(),
        /** `#rrggbb`; absent: the feed's colour. */
        color: z.string().optional(),
        image: text.optional(),
        thumbnail: text.optional(),
        footer: text.optional(),
        fields: z
          .array(z.object({ name: text, value: text, inline: z.boolean().optional() }).strict())
          .max(25)
          .optional(),
        /** Show the article's publication time under the embed. */
        timestamp: z.boolean().optional(),
      })
      .strict()
      .optional(),
    button: z.string().max(80).optional(),
  })
  .strict();

/** A template as written, checked. */
export type Template = z.output<typeof templateSchema>;

/** What `{name}` stands for; README "Posts" lists each with its meaning. */
export const PLACEHOLDERS = [
  'headline',
  'headline_original',
  'summary',
  'key_points',
  'topics',
  'entities',
  'link',
  'feed',
  'author',
  'published',
  'image',
] as const;

export type Placeholder = (typeof PLACEHOLDERS)[number];

/** Discord's timestamp styles, for `{published:R}` and the like. */
export const TIME_STYLES = ['t', 'T', 'd', 'D', 'f', 'F', 'R'] as const;

/** `{a}`, `{a|b}`, `{a:200}`, `{published:f}`: names (with fallbacks) and an optional limit or time style. */
export const PLACEHOLDER = /\{([a-z_]+(?:\|[a-z_]+)*)(?::(\d{1,4}|[tTdDfFR]))?\}/g;

/** Why a template was refused, as data the command words in the admin's language. */
export type TemplateProblem =
  | { code: 'json' }
  | { code: 'shape'; path: string }
  | { code: 'placeholder'; name: string }
  | { code: 'colour'; value: string }
  | { code: 'empty' };

export type TemplateCheck = { ok: true; template: Template } | { ok: false; problem: TemplateProblem };

const COLOUR = /^#[0-9a-f]{6}$/i;

/** Parses and checks a template: JSON of the documented shape, known placeholders, a colour, something to show. */
export function parseTemplate(source: string): TemplateCheck {
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch {
    return { ok: false, problem: { code: 'json' } };
  }
  const parsed = templateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys = issue && 'keys' in issue && Array.isArray(issue.keys) ? issue.keys : [];
    const path = [...(issue?.path ?? []), ...keys.slice(0, 1)].join('.');
    return { ok: false, problem: { code: 'shape', path: path || '(top level)' } };
  }
  const template = parsed.data;
  const { embed } = template;
  if (embed?.color !== undefined && !COLOUR.test(embed.color)) {
    return { ok: false, problem: { code: 'colour', value: embed.color.slice(0, 20) } };
  }
  for (const value of strings(template)) {
    for (const [, names = ''] of value.matchAll(PLACEHOLDER)) {
      const unknown = names.split('|').find((n) => !(PLACEHOLDERS as readonly string[]).includes(n));
      if (unknown) return { ok: false, problem: { code: 'placeholder', name: unknown.slice(0, 30) } };
    }
  }
  const shows = [template.content, embed?.title, embed?.description, embed?.footer, embed?.image, embed?.thumbnail]
    .concat((embed?.fields ?? []).map((f) => f.value))
    .some((v) => v?.trim());
  if (!shows) return { ok: false, problem: { code: 'empty' } };
  return { ok: true, template };
}

/** Every string of a template that may hold placeholders. */
function strings(t: Template): string[] {
  const e = t.embed;
  const fields = (e?.fields ?? []).flatMap((f) => [f.name, f.value]);
  return [t.content, e?.title, e?.description, e?.image, e?.thumbnail, e?.footer, t.button, ...fields].filter(
    (s): s is string => s !== undefined,
  );
}

/** The template, or a `UserError` saying in the admin's language what is wrong with it. */
export function checkedTemplate(source: string): Template {
  const check = parseTemplate(source);
  if (check.ok) return check.template;
  const { problem } = check;
  switch (problem.code) {
    case 'json':
      throw new UserError('templateNotJson');
    case 'shape':
      throw new UserError('templateBadShape', { path: problem.path });
    case 'placeholder':
      throw new UserError('templateBadPlaceholder', { name: problem.name });
    case 'colour':
      throw new UserError('templateBadColour', { value: problem.value });
    case 'empty':
      throw new UserError('templateEmpty');
  }
}
