/**
 * Which branch venues a requirement concerns (pure): its responsible units (责任单位, as the
 * extractor found them) matched to venue names. A collective unit (各单位, 各分县局, 全市公安机关)
 * or no unit at all means every branch venue — the default; named units that match venues
 * (东城分局) suggest just those venues, and the secretary confirms before their tasks go out.
 * Units that match no venue (纪委, 市局宣传部门: offices of the issuer) leave the default.
 */

/** A branch venue as the matcher sees it. */
export interface ScopeVenue {
  id: string;
  name: string;
}

/** How one responsible unit was matched. */
export interface UnitMatch {
  unit: string;
  /** A collective unit: every branch venue. */
  all: boolean;
  /** Venues whose name matches the unit (empty when `all` or unmatched). */
  venueIds: string[];
}

/** The suggested scope of a requirement. */
export interface ScopeSuggestion {
  /** Every branch venue (no unit, a collective unit, or no unit matched a venue). */
  all: boolean;
  /** The matched venues when not `all`, in the venues' order. */
  venueIds: string[];
  units: UnitMatch[];
}

/** Collective subjects: 各单位, 各级党委, 全市公安机关, 所有派出所, 全体民警, 有关单位, 相关部门. */
const COLLECTIVE = /^(各|全体|所有|全省|全市|全州|全县|全区|全系统|全国|全警|有关|相关)|各级/;
/** Words a venue name carries that a speaker leaves out (分会场, 会场). */
const VENUE_SUFFIX = /(分会场|主会场|会场)$/;

const norm = (s: string): string => s.replace(/[\s\u3000()（）]/g, '').replace(VENUE_SUFFIX, '');

/** A collective unit names every branch venue. */
export function isCollectiveUnit(unit: string): boolean {
  return COLLECTIVE.test(norm(unit));
}

/**
 * Venues a named unit stands for: the venue whose name equals it, contains it (东城 → 东城分局),
 * or is contained in it (东城分局治安大队 → 东城分局). Two characters at least, so 局 matches nothing.
 */
export function matchUnit(unit: string, venues: readonly ScopeVenue[]): string[] {
  const u = norm(unit);
  if (u.length < 2) return [];
  const exact = venues.filter((v) => norm(v.name) === u);
  if (exact.length > 0) return exact.map((v) => v.id);
  return venues.filter((v) => {
    const n = norm(v.name);
    return n.length >= 2 && (n.includes(u) || u.includes(n));
  }).map((v) => v.id);
}

/** The suggested scope of a requirement with these responsible units. */
export function suggestScope(responsible: readonly string[], venues: readonly ScopeVenue[]): ScopeSuggestion {
  const units: UnitMatch[] = responsible.map((unit) => (isCollectiveUnit(unit) ? { unit, all: true, venueIds: [] } : { unit, all: false, venueIds: matchUnit(unit, venues) }));
  const matched = new Set(units.flatMap((u) => u.venueIds));
  if (units.some((u) => u.all) || matched.size === 0) return { all: true, venueIds: [], units };
  return { all: false, venueIds: venues.filter((v) => matched.has(v.id)).map((v) => v.id), units };
}
