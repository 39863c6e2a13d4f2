// The outsider's integer program solved exactly with HiGHS (npm `highs`, MIT: HiGHS compiled to
// WebAssembly, so no system install). The suppression asks it whether a hidden number is pinned to
// one value.
import loadHighs, { type Highs } from 'highs';
import type { ExactSolve, OutsiderProblem } from '../../domain/kengetallen';

/** Stands in for "no upper bound": any value above the true one proves a number open. */
const CAP = 1_000_000;

/** Quiet, and the true optimum: HiGHS stops at a relative gap of 1e-4 by default, GLPK did not. */
const OPTIONS = { output_flag: false, mip_rel_gap: 0 } as const;

let instance: Promise<Highs> | null = null;

const name = (i: number) => `v${i}`;

/** The problem in CPLEX LP format: one term per line, so no line gets long. */
function lpText(problem: OutsiderProblem, v: number | readonly number[], direction: 'min' | 'max'): string {
  const objective = typeof v === 'number' ? [v] : v;
  const lines = [direction === 'min' ? 'Minimize' : 'Maximize', ' z:', ...objective.map((i) => `  + ${name(i)}`), 'Subject To'];
  problem.relations.forEach((r, k) => {
    lines.push(` r${k}:`, ...r.cells.map((c) => `  + ${name(c)}`), `  - ${name(r.total)}`, '  = 0');
  });
  lines.push('Bounds');
  problem.bounds.forEach(([lo, hi], i) => {
    const ub = Math.min(hi, CAP);
    lines.push(lo === ub ? ` ${name(i)} = ${lo}` : ` ${lo} <= ${name(i)} <= ${ub}`);
  });
  lines.push('Generals', ...problem.bounds.map((_, i) => ` ${name(i)}`), 'End');
  return lines.join('\n');
}

function solveWith(highs: Highs): ExactSolve {
  return (problem: OutsiderProblem, v: number | readonly number[], direction: 'min' | 'max') => {
    const result = highs.solve(lpText(problem, v, direction), OPTIONS);
    if (result.Status !== 'Optimal') return null;
    // A variable HiGHS leaves out of its answer keeps its lower bound.
    return problem.bounds.map(([lo], i) => Math.round(result.Columns[name(i)]?.Primal ?? lo));
  };
}

/** The exact solver, started once per process (loading the WebAssembly takes a moment). */
export async function exactSolve(): Promise<ExactSolve> {
  instance ??= loadHighs();
  return solveWith(await instance);
}
