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
// case weights: a ligature (æ, ĳ) sorts among the cases of the letters it stands for (caseOfLigature)
const lower = '\u0010';
const upper = '\u0020';
// table ranks are U+0100 + rank; anything else is this marker followed by the character itself
const unranked = '\u1000';

let table: ReadonlyMap<string, string> | undefined;
/** letters that are an accented form without decomposing (ø, đ, ł): their accent weight */
let inherent: ReadonlyMap<string, string> | undefined;
/** a letter the collation reads as two (æ as ae): its case weight, where it falls among ae, Ae, AE */
let caseOfLigature: ReadonlyMap<string, string> | undefined;
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
  const variants = new Intl.Collator(undefined, { sensitivity: 'variant' });
  const ligatureCases = new Map<string, string>();
  for (const [ch, pair] of expansions) {
    // after the upper case pair (æ after AE), between the cases (ĳ between ij and IJ), or before
    const base = variants.compare(ch, pair.toUpperCase()) > 0 ? 0x30 : variants.compare(ch, pair) > 0 ? 0x18 : 0x08;
    const same = [...expansions].filter(([, p]) => p === pair).map(([c]) => c);
    const rank = same.sort(variants.compare).indexOf(ch);
    ligatureCases.set(ch, String.fromCharCode(base + Math.min(rank, 7)));
  }
  caseOfLigature = ligatureCases;
  table = ranks;
  return table;
}

interface CharWeights {
  /** a combining accent's weight (it belongs to the letter before it), or null for a letter */
  accent: string | null;
  letters: string;
  /** the accent weight a letter has of its own (ø), then one bare accent weight per letter weight */
  inherent: string;
  bares: string;
  cases: string;
}

const known = new Map<string, CharWeights>();

/** A character's weights at each level, worked out once per character. */
function weightsOf(ch: string): CharWeights {
  const seen = known.get(ch);
  if (seen) return seen;
  const letters = primaryWeights().get(ch) ?? `${unranked}${ch}`;
  // each letter weight has its accent and case weights: ß against ss is decided by the text itself
  const count = letters.startsWith(unranked) ? 1 : letters.length;
  const weights: CharWeights = {
    accent: /\p{M}/u.test(ch) ? (accentWeights().get(ch) ?? `${unranked}${ch}`) : null,
    letters,
    inherent: inherent?.get(ch) ?? '',
    bares: bare.repeat(count),
    cases: (caseOfLigature?.get(ch) ?? (ch !== ch.toLowerCase() ? upper : lower)).repeat(count),
  };
  if (known.size < 65_536) known.set(ch, weights);
  return weights;
}

export function findingOrderKey(text: string): string {
  // a lone surrogate (no character at all) would not survive UTF-8: written as U+FFFD, like toWellFormed
  const safe = /[\uD800-\uDFFF]/.test(text)
    ? text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    : text;
  let letters = '';
  let accents = '';
  let cases = '';
  let marks = '';
  // the bare accent weights of the letter being read (ß has two: s s); undefined before the first
  let bares: string | undefined;
  for (const ch of /^[\x20-\x7e]*$/.test(safe) ? safe : safe.normalize('NFD')) {
    const w = weightsOf(ch);
    if (w.accent !== null && bares !== undefined) {
      marks += w.accent;
      continue;
    }
    if (bares !== undefined) accents += `${marks}${bares}`;
    marks = w.inherent;
    bares = w.bares;
    letters += w.letters;
    cases += w.cases;
  }
  if (bares !== undefined) accents += `${marks}${bares}`;
  return `${letters}${separator}${accents}${separator}${cases}${separator}${safe}`;
}
