/**
 * Resolves a reference against a base (either may be missing) and returns it only if the result is an absolute
 * http(s) URL: a relative link with no base, or a `javascript:`/`data:` link, is of no use in a post and is dropped.
 */
export function absoluteHttpUrl(ref: string | null | undefined, base?: string | null): string | null {
  const trimmed = ref?.trim();
  if (!trimmed) return null;
  try {
    const url = base ? new URL(trimmed, base) : new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Resolves an `xml:base` value against its parent's base, keeping the parent when it cannot. */
export function resolveBase(xmlBase: string | null | undefined, parent: string | null | undefined): string | null {
  const resolved = absoluteHttpUrl(xmlBase, parent);
  return resolved ?? parent ?? null;
}
