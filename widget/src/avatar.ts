/**
 * An identicon from the server's 8-hex avatar hash: a 5×5 grid mirrored left to right (15 bits pick
 * the cells) in one colour (the other bits pick its hue). Drawn with box shadows on one element,
 * so a long thread adds one node per avatar and no images.
 */
const cell = 5;

/**
 * The inline style that draws the identicon for `hash`, or for a 64-hex hash (a site that opted in to
 * Gravatar) the author's Gravatar image; empty for anything else.
 */
export function identiconStyle(hash: string | null | undefined): string {
  if (/^[0-9a-f]{64}$/.test(hash ?? ""))
    return `width:25px;height:25px;background:0/cover url(https://gravatar.com/avatar/${hash}?s=50&d=identicon)`;
  if (!hash || !/^[0-9a-f]{8}$/.test(hash)) return "";
  const bits = Number.parseInt(hash, 16);
  const color = `hsl(${(bits >>> 15) % 360} 55% 50%)`;
  const shadows: string[] = [];
  for (let row = 0; row < 5; row++) {
    for (let column = 0; column < 3; column++) {
      if (!((bits >>> (row * 3 + column)) & 1)) continue;
      for (const x of new Set([column, 4 - column])) shadows.push(`${x * cell}px ${row * cell}px 0 0 ${color}`);
    }
  }
  return `box-shadow:${shadows.join(",") || "none"}`;
}
