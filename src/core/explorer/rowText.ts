/**
 * Row descriptions that keep the key fact visible at the default sidebar width (about 30
 * characters next to a short label, 32 at most). A description is built from parts, most important first;
 * parts that do not fit are left to the tooltip, which says everything.
 */

/** Longest description a row shows; the unit tests check every row of the demo and large trees. */
export const MAX_DESCRIPTION = 32;

/** Joins `parts` with " · " while they fit; a first part that is too long alone is cut at a word with "…". */
export function fitDescription(
  parts: readonly (string | false | undefined)[],
  max = MAX_DESCRIPTION,
): string {
  let out = '';
  for (const part of parts) {
    if (!part) continue;
    const next = out ? `${out} · ${part}` : part;
    if (next.length <= max) out = next;
    else if (!out) return cut(part, max);
    else break;
  }
  return out;
}

function cut(text: string, max: number): string {
  const room = text.slice(0, max - 1);
  const space = room.lastIndexOf(' ');
  return `${(space > max / 2 ? room.slice(0, space) : room).replace(/[\s,:;·]+$/, '')}…`;
}
