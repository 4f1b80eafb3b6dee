// A text whose binary order (SQLite's BINARY, PostgreSQL's "C", both code-point order) is the order
// `String.prototype.localeCompare` gives under the process's locale, so the store can sort a
// verification's findings the way `verify` sorted them in memory. It follows the collation's
// levels: the letters (case and accents set aside), then the accents, then the case, then the
// text itself (a total order where the collation calls two texts equal). Characters up to U+024F
// (Latin, with its accents and ligatures) are ranked by the collation itself; any other character sorts after
// them by code point, which may differ from the collation's order for other scripts.
const collator = new Intl.Collator(undefined, { sensitivity: 'base' });
const separator = '\u0001';
const bare = '\u0002';
const lower = '\u0003';
const upper = '\u0004';
// table ranks are U+0100 + rank; anything else is this marker followed by the character itself
const unranked = '\u1000';

let table: ReadonlyMap<string, string> | undefined;
/** letters that are an accented form without decomposing (ø, đ, ł): their accent weight */
let inherent: ReadonlyMap<string, string> | undefined;
let accentTable: ReadonlyMap<string, string> | undefined;

/** The combining accents' weights at the second level, in the collation's order (not code-point order). */
function accentWeights(): ReadonlyMap<string, string> {
  if (accentTable) return accentTable;
  const accents = new Intl.Collator(undefined, { sensitivity: 'accent' });
  const marks = Array.from({ length: 0x70 }, (_, i) => String.fromCharCode(0x300 + i));
  marks.sort((a, b) => accents.compare(`a${a}`, `a${b}`));
  accentTable = new Map(marks.map((m, i) => [m, String.fromCharCode(0x100 + i)]));
  return accentTable;
}

/** Each character's weights at the first level, built once (about 70 ms) on first use. */
function primaryWeights(): ReadonlyMap<string, string> {
  if (table) return table;
  const chars: string[] = [];
  for (let cp = 0x20; cp <= 0x24f; cp++) {
    if (cp >= 0x7f && cp < 0xa0) continue;
    const ch = String.fromCodePoint(cp);
    // accented letters are ranked by their base letter; the accents come at the second level
    if (ch.normalize('NFD').length === 1) chars.push(ch);
  }
  // a letter the collation reads as two (ß as ss, æ as ae) weighs what the two weigh
  const pairs: string[] = [];
  for (let a = 0x61; a <= 0x7a; a++) for (let b = 0x61; b <= 0x7a; b++) pairs.push(String.fromCharCode(a, b));
  const expansions = new Map<string, string>();
  for (const ch of chars) {
    if (ch.charCodeAt(0) < 0x80) continue;
    const pair = pairs.find((p) => collator.compare(ch, p) === 0);
    if (pair) expansions.set(ch, pair);
  }
  const accents = new Intl.Collator(undefined, { sensitivity: 'accent' });
  const single = chars
    .filter((ch) => !expansions.has(ch) && collator.compare(ch, '') !== 0)
    .sort((a, b) => collator.compare(a, b) || accents.compare(a, b));
  const ranks = new Map<string, string>();
  const accented = new Map<string, string>();
  let rank = 0;
  let variant = 0;
  for (const [i, ch] of single.entries()) {
    const before = single[i - 1];
    if (before !== undefined && collator.compare(before, ch) !== 0) {
      rank++;
      variant = 0;
    } else if (before !== undefined && accents.compare(before, ch) !== 0) variant++;
    ranks.set(ch, String.fromCharCode(0x100 + rank));
    // after every combining accent's weight (U+0100 to U+016F)
    if (variant > 0) accented.set(ch, String.fromCharCode(0x200 + variant));
  }
  inherent = accented;
  for (const [ch, pair] of expansions) ranks.set(ch, [...pair].map((c) => ranks.get(c)!).join(''));
  table = ranks;
  return table;
}

const isMark = (ch: string) => /\p{M}/u.test(ch);

export function findingOrderKey(text: string): string {
  const primary = primaryWeights();
  // a lone surrogate (no character at all) would not survive UTF-8: written as U+FFFD, like toWellFormed
  const safe = text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  let letters = '';
  let accents = '';
  let cases = '';
  let marks = '';
  // how many letter weights the character being read has (ß has two: s s); 0 before the first
  let weights = 0;
  for (const ch of safe.normalize('NFD')) {
    if (isMark(ch) && weights > 0) {
      marks += accentWeights().get(ch) ?? `${unranked}${ch}`;
      continue;
    }
    // each letter weight has its accent and case weights: ß against ss is decided by the text itself
    if (weights > 0) accents += `${marks}${bare.repeat(weights)}`;
    marks = inherent?.get(ch) ?? '';
    const weight = primary.get(ch) ?? `${unranked}${ch}`;
    weights = weight.startsWith(unranked) ? 1 : weight.length;
    letters += weight;
    cases += (ch !== ch.toLowerCase() ? upper : lower).repeat(weights);
  }
  if (weights > 0) accents += `${marks}${bare.repeat(weights)}`;
  return `${letters}${separator}${accents}${separator}${cases}${separator}${safe}`;
}
