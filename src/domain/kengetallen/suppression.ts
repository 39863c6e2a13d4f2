// Kengetallen: the published tables and their small-cell suppression.
//
// Small-cell suppression (the rule, also in the README):
//  1. Primary: every count from 1 to 4 (cells and totals) is published as "<5". 0 stays 0.
//  2. Secondary: every published total is a linear relation (row total = sum of its cells, column
//     total = sum of its cells, grand total = sum of the row totals = sum of the column totals).
//     An outsider who knows "<5" means 1..4 and "x" means 5 or more narrows every hidden number by
//     interval reasoning over all relations of the table together. While that pins a hidden number
//     to one value (one "<5" in a row with its total; two "<5" that must add up to 2; chains via the
//     grand total), the smallest published non-zero cell of a relation around it is hidden too and
//     published as "x" (a total only when no cell is left). If nothing is left to hide and a number
//     still follows, the table is published without totals. Applied to the whole dashboard at once
//     (suppressTables): a total two tables share is one number, hidden in both or in neither, and
//     the relations of all tables are reasoned over together; the counts next to the medians are
//     taken from the tables. A window and the windows inside it (a quarter and its months) are
//     suppressed as one problem too (suppressJointly, see windows.ts). Free ranges are refused.
//  3. A median or percentile over fewer than 5 values is not published (null).
// No record, id or free text is ever part of the output: only counts, medians and labels.

export const SMALL_CELL = 5;

/** A published number: an exact count, "<5" (1 to 4) or "x" (suppressed so "<5" can't be recomputed). */
export type Cell = number | '<5' | 'x';

// ---------------------------------------------------------------------------------------------
// Tables and suppression

export type Dim =
  | 'theme'
  | 'seriousness'
  | 'period'
  | 'school'
  | 'gemeente'
  | 'swv'
  | 'channel'
  | 'party'
  | 'requestState'
  | 'absenceKind'
  | 'absenceDuration'
  | 'meldcodeState'
  | 'figure'
  | 'thuiszitterDuration'
  | 'thuiszitterOutcome'
  | 'returnState'
  | 'vrijstelling'
  | 'routeStep'
  | 'routeStepState'
  | 'waitState';

export interface CountTable {
  title: string;
  rowDim: Dim;
  colDim: Dim;
  rows: string[];
  cols: string[];
  cells: Cell[][];
  /** Per row, or null when the columns do not add up (e.g. different figures side by side). */
  rowTotals: Cell[] | null;
  colTotals: Cell[] | null;
  total: Cell | null;
  /**
   * Too few records to show this table in any form: no cell is published (`cells` is empty). Only
   * when even a table without totals would give a small number away next to the other tables.
   */
  withheld: boolean;
}

type Mark = 'shown' | 'primary' | 'secondary' | 'omitted';
interface Member {
  value: number;
  mark: Mark;
  isTotal: boolean;
  /** Published already, or never published (an atom): its mark is never changed here. */
  fixed?: boolean;
}

/** What an outsider knows of a member before looking at the totals. */
function initialBounds(m: Member): [number, number] {
  if (m.mark === 'shown') return [m.value, m.value];
  if (m.mark === 'omitted') return [0, Number.POSITIVE_INFINITY];
  return m.mark === 'primary' ? [1, SMALL_CELL - 1] : [SMALL_CELL, Number.POSITIVE_INFINITY];
}

interface Relation {
  cells: Member[];
  total: Member;
}

/**
 * The first suppressed member an outsider can work out exactly, or null. The outsider's reasoning is
 * modelled as interval propagation over every relation at once (each relation narrows the bounds of
 * its members from the bounds of the others, repeated until nothing changes): this catches a single
 * suppressed cell in a row as well as chains through several totals, and through several tables.
 */
function pinnedMember(members: Member[], relations: Relation[]): Member | null {
  const b = intervalBounds(members, relations);
  return members.find((m) => m.mark !== 'shown' && m.mark !== 'omitted' && b.get(m)![0] === b.get(m)![1]) ?? null;
}

/** The outsider's interval reasoning: the bounds of every member after propagation over all relations. */
function intervalBounds(members: Member[], relations: Relation[]): Map<Member, [number, number]> {
  const b = new Map(members.map((m) => [m, initialBounds(m)] as const));
  const termsOf = new Map(relations.map((rel) => [rel, [...rel.cells.map((m) => ({ m, a: 1 })), { m: rel.total, a: -1 }]] as const));
  for (let round = 0, changed = true; changed && round < 100; round++) {
    changed = false;
    for (const rel of relations) {
      const terms = termsOf.get(rel)!;
      // The sum of all terms once (infinite parts counted apart), then each target's own part taken
      // off: a relation of n terms costs n, not n². Bounds narrowed meanwhile only make it weaker.
      const part = (x: { m: Member; a: number }): [number, number] => {
        const [l, h] = b.get(x.m)!;
        return x.a > 0 ? [l, h] : [-h, -l];
      };
      let loSum = 0;
      let loInf = 0;
      let hiSum = 0;
      let hiInf = 0;
      for (const x of terms) {
        const [l, h] = part(x);
        if (l === Number.NEGATIVE_INFINITY) loInf++;
        else loSum += l;
        if (h === Number.POSITIVE_INFINITY) hiInf++;
        else hiSum += h;
      }
      for (const target of terms) {
        const [tlo, thi] = part(target);
        const lo =
          loInf - (tlo === Number.NEGATIVE_INFINITY ? 1 : 0) > 0
            ? Number.NEGATIVE_INFINITY
            : loSum - (tlo === Number.NEGATIVE_INFINITY ? 0 : tlo);
        const hi =
          hiInf - (thi === Number.POSITIVE_INFINITY ? 1 : 0) > 0
            ? Number.POSITIVE_INFINITY
            : hiSum - (thi === Number.POSITIVE_INFINITY ? 0 : thi);
        // target.a * v + (sum of the others) = 0
        const [tl, th] = b.get(target.m)!;
        const nl = Math.max(tl, target.a > 0 ? -hi : lo);
        const nh = Math.min(th, target.a > 0 ? -lo : hi);
        if (nl !== tl || nh !== th) {
          b.set(target.m, [nl, nh]);
          changed = true;
        }
      }
    }
  }
  return b;
}

const publish = (m: Member): Cell => (m.mark === 'shown' ? m.value : m.mark === 'primary' ? '<5' : 'x');

/** A table before suppression: its exact counts and which totals it shows. */
export interface TableCounts {
  counts: number[][];
  rowTotals: boolean;
  colTotals: boolean;
}

/** A total of a table: the grand total, or the total of a row or a column (by index). */
export type TotalPlace = 'total' | { row: number } | { col: number };

/** Two totals, in two tables, that count the same records (e.g. all signals: by theme, and by school). */
export type TotalLink<K extends string> = readonly [K, TotalPlace, K, TotalPlace];

export type Published = Pick<CountTable, 'cells' | 'rowTotals' | 'colTotals' | 'total' | 'withheld'>;

interface Layout {
  grid: Member[][];
  rowT: Member[] | null;
  colT: Member[] | null;
  grand: Member | null;
  omitTotals: boolean;
  /** Not shown at all: no cell and no total is published. */
  withheld: boolean;
}

function layout({ counts, rowTotals, colTotals }: TableCounts): Layout {
  const mk = (value: number, isTotal: boolean): Member => ({
    value,
    isTotal,
    mark: value > 0 && value < SMALL_CELL ? 'primary' : 'shown',
  });
  const nCols = counts[0]?.length ?? 0;
  const rowT = rowTotals
    ? counts.map((row) =>
        mk(
          row.reduce((a, b) => a + b, 0),
          true,
        ),
      )
    : null;
  const colT = colTotals
    ? Array.from({ length: nCols }, (_, k) =>
        mk(
          counts.reduce((a, row) => a + (row[k] ?? 0), 0),
          true,
        ),
      )
    : null;
  return {
    grid: counts.map((row) => row.map((v) => mk(v, false))),
    rowT,
    colT,
    grand:
      rowT && colT
        ? mk(
            counts.flat().reduce((a, b) => a + b, 0),
            true,
          )
        : null,
    omitTotals: false,
    withheld: false,
  };
}

function relationsOf(l: Layout): Relation[] {
  const out: Relation[] = [];
  if (l.rowT) l.grid.forEach((row, r) => out.push({ cells: row, total: l.rowT![r]! }));
  if (l.colT) l.colT.forEach((t, k) => out.push({ cells: l.grid.map((row) => row[k]!), total: t }));
  if (l.grand && l.rowT && l.colT) out.push({ cells: l.rowT, total: l.grand }, { cells: l.colT, total: l.grand });
  return out;
}

const totalsOf = (l: Layout): Member[] => [...(l.rowT ?? []), ...(l.colT ?? []), ...(l.grand ? [l.grand] : [])];
const membersOf = (l: Layout): Member[] => [...l.grid.flat(), ...totalsOf(l)];

/** The member at a total place, and a setter for it. */
function slot(l: Layout, at: TotalPlace): { get(): Member | undefined; set(m: Member): void } {
  if (at === 'total') return { get: () => l.grand ?? undefined, set: (m) => (l.grand = m) };
  if ('row' in at) return { get: () => l.rowT?.[at.row], set: (m) => (l.rowT![at.row] = m) };
  return { get: () => l.colT?.[at.col], set: (m) => (l.colT![at.col] = m) };
}

/**
 * The outsider's integer program, for an exact solver: every member a variable within its bounds
 * (an upper bound of Infinity: none), every relation an equation sum(cells) = total.
 */
export interface OutsiderProblem {
  bounds: [number, number][];
  relations: { cells: number[]; total: number }[];
}

/**
 * An exact solver of the outsider's integer program: the value of every variable in a solution
 * where variable `v` (or the sum of several) is as small (or as large) as it can be, or null when
 * there is none. A cap on
 * an unbounded variable is the solver's choice: any value above the true one proves it open.
 */
export type ExactSolve = (problem: OutsiderProblem, v: number | readonly number[], direction: 'min' | 'max') => number[] | null;

export interface SuppressOptions {
  /** Exact reasoning on top of the intervals: without it only interval reasoning is used. */
  solve?: ExactSolve;
}

export interface SuppressResult<K extends string> {
  tables: Record<K, Published>;
  /** Tables where a total of 5 or more had to be hidden or left out: a coarser view would keep it. */
  totalsHidden: K[];
}

/**
 * Builds the published tables from exact counts, with primary and secondary suppression (see the
 * rule at the top of this file), for several tables at once. An outsider reads every table of the
 * dashboard together: a total that two tables share (`links`) is one number, hidden in both or in
 * neither, and the relations of all tables are reasoned over together. Interior cells are hidden
 * before any total; where only a total of 5 or more is left to hide, it is hidden and the table is
 * reported in `totalsHidden`, so the caller can try a coarser view first. Where nothing is left to
 * hide and a number still follows, the totals of that table, and of every table it shares a total
 * with, are left out.
 */
export function suppressTablesDetailed<K extends string>(
  tables: Record<K, TableCounts>,
  links: readonly TotalLink<K>[] = [],
  options: SuppressOptions = {},
): SuppressResult<K> {
  return suppressCore(tables, links, options, { cellSums: [], atoms: {}, fixed: {} });
}

/** A cell of a table that is the sum of unpublished numbers (atoms, by key): see suppressJointly. */
export interface CellSum<K extends string> {
  table: K;
  row: number;
  col: number;
  atoms: readonly string[];
}

export interface JointExtra<K extends string> {
  cellSums: readonly CellSum<K>[];
  /** The true value of every atom. */
  atoms: Readonly<Record<string, number>>;
  /** Tables already published (by another joint problem): taken as they are, never changed. */
  fixed: Partial<Record<K, Published>>;
  /**
   * Where a total must be hidden, those of the lowest rank go first (a month's before its quarter's,
   * a quarter's before its year's): the longer window keeps its totals. Missing: 0.
   */
  rank?: Partial<Record<K, number>>;
}

/** The marks of a table published already, on its layout. */
function applyPublished(l: Layout, p: Published) {
  const mark = (m: Member, c: Cell | null | undefined) => {
    m.fixed = true;
    m.mark = c === null || c === undefined ? 'omitted' : c === '<5' ? 'primary' : c === 'x' ? 'secondary' : 'shown';
  };
  l.withheld = p.withheld;
  l.omitTotals = !p.withheld && p.total === null && p.rowTotals === null && p.colTotals === null && (!!l.rowT || !!l.colT);
  l.grid.forEach((row, r) => row.forEach((m, k) => mark(m, p.withheld ? null : p.cells[r]?.[k])));
  l.rowT?.forEach((m, r) => mark(m, p.rowTotals?.[r]));
  l.colT?.forEach((m, k) => mark(m, p.colTotals?.[k]));
  if (l.grand) mark(l.grand, p.total);
}

/**
 * Several views suppressed as one problem (a window and the windows inside it): the tables of every
 * view, their own totals and links, and besides those the cells that are sums of the same unpublished
 * counts (`cellSums`, e.g. a quarter's cell and its three months' cells, each the sum of the same
 * monthly counts). Tables in `fixed` keep the pattern they were published with; only the others
 * get more hidden. Every view gets its part of the one pattern.
 */
export function suppressJointly<K extends string>(
  tables: Record<K, TableCounts>,
  links: readonly TotalLink<K>[],
  extra: JointExtra<K>,
  options: SuppressOptions = {},
): SuppressResult<K> {
  return suppressCore(tables, links, options, extra);
}

function suppressCore<K extends string>(
  tables: Record<K, TableCounts>,
  links: readonly TotalLink<K>[],
  options: SuppressOptions,
  extra: JointExtra<K>,
): SuppressResult<K> {
  const names = Object.keys(tables) as K[];
  const layouts = new Map(names.map((n) => [n, layout(tables[n])] as const));
  const isFixed = (n: K) => extra.fixed[n] !== undefined;
  // Tables that share a total: when one leaves its totals out, so do the others.
  const group = new Map(names.map((n) => [n, new Set([n])] as const));
  for (const [a, atA, b, atB] of links) {
    const from = slot(layouts.get(a)!, atA);
    const to = slot(layouts.get(b)!, atB);
    const shared = from.get();
    const other = to.get();
    // Not the same number after all (a signal without a theme is in one table only): nothing to share.
    if (!shared || !other || shared === other || shared.value !== other.value) continue;
    // The same Member object in both tables: one number, one mark. Earlier links to `other` follow.
    for (const l of layouts.values()) {
      l.rowT?.forEach((m, i) => m === other && (l.rowT![i] = shared));
      l.colT?.forEach((m, i) => m === other && (l.colT![i] = shared));
      if (l.grand === other) l.grand = shared;
    }
    const joined = new Set([...group.get(a)!, ...group.get(b)!]);
    for (const n of joined) group.set(n, joined);
  }

  // Marks of tables published already; a total they share with a free table is theirs too.
  for (const n of names) if (extra.fixed[n]) applyPublished(layouts.get(n)!, extra.fixed[n]);
  // Atoms: numbers never published, each a sum's part. A sum whose numbers do not add up is no
  // relation after all (a table counting otherwise than declared): it is left out.
  const atoms = new Map<string, Member>();
  const atom = (key: string): Member => {
    let m = atoms.get(key);
    if (!m) atoms.set(key, (m = { value: extra.atoms[key] ?? 0, mark: 'omitted', isTotal: false, fixed: true }));
    return m;
  };
  const sums: Relation[] = extra.cellSums.flatMap((c) => {
    const total = layouts.get(c.table)?.grid[c.row]?.[c.col];
    const cells = c.atoms.map(atom);
    return total && cells.reduce((a, m) => a + m.value, 0) === total.value ? [{ cells, total }] : [];
  });
  const relations = [...[...layouts.values()].flatMap(relationsOf), ...sums];
  const rank = new Map<Member, number>();
  for (const n of names) {
    for (const m of membersOf(layouts.get(n)!)) rank.set(m, Math.min(rank.get(m) ?? Infinity, extra.rank?.[n] ?? 0));
  }
  const sumSet = new Set(sums);
  const twins = twinsOf(layouts.values(), sums, atoms);
  const grands = new Set([...layouts.values()].flatMap((l) => (l.grand ? [l.grand] : [])));
  const around = new Map<Member, Relation[]>();
  for (const r of relations) for (const m of [...r.cells, r.total]) around.set(m, [...(around.get(m) ?? []), r]);
  const members = [...new Set([...[...layouts.values()].flatMap(membersOf), ...atoms.values()])];
  const totalsHidden = new Set<K>();
  const tablesOf = (m: Member) => names.filter((n) => membersOf(layouts.get(n)!).includes(m));
  // Hiding more only widens what the outsider must consider, so a member once shown to have two
  // possible values stays open: each is proven once.
  const proven = new Set<Member>();
  const findPinned = (): Member | null =>
    pinnedMember(members, relations) ?? (options.solve ? exactPinned(members, relations, options.solve, proven) : null);

  for (let pinned = findPinned(); pinned; pinned = findPinned()) {
    // The hidden cluster around the given-away member: what the outsider reasons over, through every
    // relation that holds a hidden member of it. Hiding one more published cell of those relations
    // gives the outsider a degree of freedom there.
    const cluster = new Set<Member>([pinned]);
    const touched = new Set<Relation>();
    for (const queue = [pinned]; queue.length > 0;) {
      for (const r of around.get(queue.pop()!) ?? []) {
        if (touched.has(r)) continue;
        touched.add(r);
        for (const m of [...r.cells, r.total]) {
          if (m.mark === 'shown' || cluster.has(m)) continue;
          cluster.add(m);
          queue.push(m);
        }
      }
    }
    const open = [...new Set([...touched].flatMap((r) => [...r.cells, r.total]))].filter(
      (m) => m.mark === 'shown' && m.value > 0 && !m.fixed,
    );
    // Several views linked through atoms are one cluster: the smallest cell anywhere in it may be
    // far from the number given away. There the nearest relations come first (an atom links its
    // sums directly: a month's cell and its quarter's are one step apart), then the smallest value.
    const distance = sums.length > 0 ? distances(pinned, around, sumSet) : null;
    const byValue = (x: Member, y: Member) => (distance ? distance.get(x)! - distance.get(y)! : 0) || x.value - y.value;
    if (distance) {
      const move = jointMove(
        open,
        twins,
        grands,
        byValue,
        (m) => rank.get(m) ?? 0,
        (hide) => {
          for (const m of hide) m.mark = 'secondary';
          const b = intervalBounds(members, relations).get(pinned)!;
          for (const m of hide) m.mark = 'shown';
          return b[0] !== b[1];
        },
        () => members.filter((m) => m.mark === 'shown' && m.value > 0 && !m.fixed && !m.isTotal),
      );
      if (move) {
        for (const m of move) {
          m.mark = 'secondary';
          if (m.isTotal) for (const n of tablesOf(m)) totalsHidden.add(n);
        }
        continue;
      }
    }
    // One view: the smallest cell around it, then a total.
    const cells = distance ? [] : open.filter((m) => !m.isTotal).sort(byValue);
    if (cells.length > 0) {
      cells[0]!.mark = 'secondary';
      continue;
    }
    // Only totals are left around it: a total is hidden, the last resort a coarser view avoids.
    const totals = distance ? [] : open.sort((x, y) => (rank.get(x) ?? 0) - (rank.get(y) ?? 0) || byValue(x, y));
    const total = totals[0];
    if (total) {
      total.mark = 'secondary';
      for (const n of tablesOf(total)) totalsHidden.add(n);
      continue;
    }
    // Nothing left to hide and still a number follows (e.g. four "<5" cells under a total "<5": each
    // must be 1): the totals of those tables are left out, so their relations say nothing.
    // Only free tables can change; a number pinned in a fixed table (or an atom) is given away
    // by the free tables of its cluster.
    const inCluster = new Set([...touched].flatMap((r) => [...r.cells, r.total]));
    const ownAll = tablesOf(pinned).filter((n) => !isFixed(n));
    const own = ownAll.length > 0 ? ownAll : names.filter((n) => !isFixed(n) && membersOf(layouts.get(n)!).some((m) => inCluster.has(m)));
    if (own.length === 0) break;
    const near = [...new Set(own.flatMap((n) => [...group.get(n)!]))].filter((n) => !isFixed(n));
    const omit = near.filter((n) => !layouts.get(n)!.omitTotals);
    if (omit.length === 0) {
      // Even without totals a number follows (two tables of the same few records: four "<5" by
      // theme are one "<5" by month, so each is 1): the tables it is in are not shown at all.
      const withhold = own.some((n) => !layouts.get(n)!.withheld) ? own : near;
      if (withhold.every((n) => layouts.get(n)!.withheld)) break;
      for (const n of withhold) {
        const l = layouts.get(n)!;
        l.withheld = true;
        for (const m of membersOf(l)) {
          if (m.value >= SMALL_CELL) totalsHidden.add(n);
          m.mark = 'omitted';
        }
      }
      continue;
    }
    for (const n of omit) {
      const l = layouts.get(n)!;
      l.omitTotals = true;
      for (const m of totalsOf(l)) {
        if (m.value >= SMALL_CELL) totalsHidden.add(n);
        m.mark = 'omitted';
      }
    }
  }

  const published = Object.fromEntries(
    names.map((n) => {
      const l = layouts.get(n)!;
      if (l.withheld) return [n, { cells: [], rowTotals: null, colTotals: null, total: null, withheld: true }];
      const totals = (ms: Member[] | null) => (ms && !l.omitTotals ? ms.map(publish) : null);
      return [
        n,
        {
          cells: l.grid.map((row) => row.map(publish)),
          rowTotals: totals(l.rowT),
          colTotals: totals(l.colT),
          total: l.grand && !l.omitTotals ? publish(l.grand) : null,
          withheld: false,
        },
      ];
    }),
  ) as Record<K, Published>;
  return { tables: published, totalsHidden: names.filter((n) => totalsHidden.has(n)) };
}

/**
 * Members that are the same number to an outsider who reads every view of a joint problem: a cell
 * whose unpublished parts (atoms) with a count are the same as another's (a month's cell and its
 * quarter's when the other months count nothing there), and a total whose cells together have the
 * same parts as another's (a row with one count and its row total). Hiding one of them alone hides
 * nothing: the outsider reads it from its twin. Members without atoms have no twins.
 */
function twinsOf(layouts: Iterable<Layout>, sums: readonly Relation[], atoms: Map<string, Member>): Map<Member, Member[]> {
  const keyOf = new Map([...atoms].map(([k, m]) => [m, k] as const));
  const parts = new Map<Member, string[]>();
  for (const r of sums)
    parts.set(
      r.total,
      r.cells.filter((a) => a.value > 0).map((a) => keyOf.get(a)!),
    );
  const sign = new Map<Member, string>();
  const of = (m: Member, cells: Member[]) => {
    if (m.value === 0 || sign.has(m) || !cells.every((c) => parts.has(c))) return;
    sign.set(
      m,
      cells
        .flatMap((c) => parts.get(c)!)
        .sort()
        .join('|'),
    );
  };
  for (const l of layouts) {
    l.grid.forEach((row) => row.forEach((m) => of(m, [m])));
    l.rowT?.forEach((m, r) => of(m, l.grid[r]!));
    l.colT?.forEach((m, k) =>
      of(
        m,
        l.grid.map((row) => row[k]!),
      ),
    );
    if (l.grand) of(l.grand, l.grid.flat());
  }
  const bySign = new Map<string, Member[]>();
  for (const [m, k] of sign) bySign.set(k, [...(bySign.get(k) ?? []), m]);
  return new Map([...sign].map(([m, k]) => [m, bySign.get(k)!]));
}

/**
 * What to hide next around a pinned number in a joint problem, or null when nothing is left but to
 * leave totals out. A move is a member with its twins, all hidden at once (see twinsOf); a move whose
 * twin is published already (in a fixed table) frees nothing and comes last. Cells first, the
 * nearest that sets the number free (by interval reasoning); when not even every cell hidden at once
 * would set it free (it follows from totals alone), no cell is hidden in vain: a total is. A grand
 * total, the figure on a headline tile, only when no other total is left; lower ranks (shorter
 * windows) first.
 */
function jointMove(
  open: readonly Member[],
  twins: Map<Member, Member[]>,
  grands: Set<Member>,
  byValue: (x: Member, y: Member) => number,
  rankOf: (m: Member) => number,
  frees: (hide: readonly Member[]) => boolean,
  allCells: () => Member[],
): Member[] | null {
  const seen = new Set<Member>();
  const moves: { hide: Member[]; lead: Member; total: boolean; grand: boolean; vain: boolean }[] = [];
  for (const m of [...open].sort(byValue)) {
    if (seen.has(m)) continue;
    const group = twins.get(m) ?? [m];
    for (const t of group) seen.add(t);
    const hide = group.filter((t) => t.mark === 'shown' && !t.fixed);
    const vain = group.some((t) => t.fixed && t.mark === 'shown');
    moves.push({ hide, lead: m, total: hide.some((t) => t.isTotal), grand: hide.some((t) => grands.has(t)), vain });
  }
  const useful = moves.filter((x) => !x.vain);
  const cells = useful.filter((x) => !x.total);
  if (cells.length > 0) {
    const freeing = cells.slice(0, 8).find((x) => frees(x.hide));
    if (freeing) return freeing.hide;
    // A cycle of cells may need several steps: the nearest is hidden when cells can help at all.
    if (frees(allCells())) return cells[0]!.hide;
  }
  const cost = (x: (typeof moves)[number]) => (x.vain ? 4 : 0) + (x.grand ? 2 : 0) + (x.total ? 1 : 0);
  const rest = moves
    .filter((x) => x.total || x.vain)
    .sort((x, y) => cost(x) - cost(y) || Math.max(...x.hide.map(rankOf)) - Math.max(...y.hide.map(rankOf)) || byValue(x.lead, y.lead));
  if (rest.length === 0) return cells[0]?.hide ?? null;
  const best = cost(rest[0]!);
  return (
    rest
      .filter((x) => cost(x) === best)
      .slice(0, 8)
      .find((x) => frees(x.hide)) ?? rest[0]!
  ).hide;
}

/**
 * How far from `start` each member of the relations around it is, going through hidden members: a
 * relation of a table is one step, a sum over atoms none (the same count in another window, or in
 * the window around it, is as near as the number itself).
 */
function distances(start: Member, around: Map<Member, Relation[]>, sums: Set<Relation>): Map<Member, number> {
  const dist = new Map<Member, number>([[start, 0]]);
  const done = new Set<Member>();
  // 0-1 breadth first: a step of none goes to the front of the queue, a step of one to the back.
  const queue: Member[] = [start];
  while (queue.length > 0) {
    const u = queue.shift()!;
    if (done.has(u)) continue;
    done.add(u);
    for (const r of around.get(u) ?? []) {
      const w = sums.has(r) ? 0 : 1;
      for (const m of [...r.cells, r.total]) {
        const d = dist.get(u)! + w;
        if (d >= (dist.get(m) ?? Number.POSITIVE_INFINITY)) continue;
        dist.set(m, d);
        if (m.mark === 'shown') continue;
        if (w === 0) queue.unshift(m);
        else queue.push(m);
      }
    }
  }
  return dist;
}

/**
 * The first hidden member the outsider's integer program pins to one value, or null. A member is
 * open when a solution exists where it differs from its true value: the smallest and the largest
 * value it can take are asked for, and every member that differs in the solution found is open too.
 */
function exactPinned(members: Member[], relations: Relation[], solve: ExactSolve, proven: Set<Member>): Member | null {
  const hidden = members.filter((m) => (m.mark === 'primary' || m.mark === 'secondary') && !proven.has(m));
  if (hidden.length === 0) return null;
  const index = new Map(members.map((m, i) => [m, i] as const));
  const problem: OutsiderProblem = {
    bounds: members.map(initialBounds),
    relations: relations.map((r) => ({ cells: r.cells.map((m) => index.get(m)!), total: index.get(r.total)! })),
  };
  // First all unproven numbers at once, as small and as large as their sum can be: one solution
  // proves most of them open (a window with the windows inside it has hundreds). Then one by one.
  const batch = (direction: 'min' | 'max') => {
    const open = hidden.filter((m) => !proven.has(m));
    if (open.length < 2) return false;
    const before = proven.size;
    const solution = solve(
      problem,
      open.map((m) => index.get(m)!),
      direction,
    );
    solution?.forEach((v, i) => v !== members[i]!.value && proven.add(members[i]!));
    return proven.size > before;
  };
  for (let grew = true; grew;) grew = [batch('min'), batch('max')].some(Boolean);
  for (const m of hidden) {
    for (const direction of ['min', 'max'] as const) {
      if (proven.has(m)) break;
      const solution = solve(problem, index.get(m)!, direction);
      solution?.forEach((v, i) => v !== members[i]!.value && proven.add(members[i]!));
    }
    if (!proven.has(m)) return m;
  }
  return null;
}

/** The published tables only (see suppressTablesDetailed). */
export function suppressTables<K extends string>(
  tables: Record<K, TableCounts>,
  links: readonly TotalLink<K>[] = [],
  options: SuppressOptions = {},
): Record<K, Published> {
  return suppressTablesDetailed(tables, links, options).tables;
}

/** One table on its own (see suppressTables). */
export function suppressTable(counts: number[][], opts: { rowTotals: boolean; colTotals: boolean }): Published {
  return suppressTables({ t: { counts, ...opts } }).t;
}

/** Published count for a single number (no relation): 1..4 is "<5". */
export function publishCount(n: number): Cell {
  return n > 0 && n < SMALL_CELL ? '<5' : n;
}

// ---------------------------------------------------------------------------------------------
// Percentiles

/** The p-th quantile (0..1) by linear interpolation between closest ranks (Excel PERCENTILE.INC). */
export function quantile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

/** Median and 90th percentile, or nulls when there are fewer than 5 values. */
export function spread(values: readonly number[]): { n: Cell; median: number | null; p90: number | null } {
  if (values.length < SMALL_CELL) return { n: publishCount(values.length), median: null, p90: null };
  return { n: values.length, median: round1(quantile(values, 0.5)), p90: round1(quantile(values, 0.9)) };
}

// ---------------------------------------------------------------------------------------------
