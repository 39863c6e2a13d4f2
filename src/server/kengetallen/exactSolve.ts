// The outsider's integer program solved exactly with GLPK (glpk.js: GLPK compiled to WebAssembly, so
// no system install). The suppression asks it whether a hidden number is pinned to one value.
import GLPK, { type GLPK as Glpk } from 'glpk.js/node';
import type { ExactSolve, OutsiderProblem } from '../../domain/kengetallen';

/** Stands in for "no upper bound": any value above the true one proves a number open. */
const CAP = 1_000_000;

let instance: Promise<Glpk> | null = null;

function solveWith(glpk: Glpk): ExactSolve {
  return (problem: OutsiderProblem, v: number, direction: 'min' | 'max') => {
    const name = (i: number) => `v${i}`;
    const { result } = glpk.solve(
      {
        name: 'outsider',
        objective: { direction: direction === 'min' ? glpk.GLP_MIN : glpk.GLP_MAX, name: 'z', vars: [{ name: name(v), coef: 1 }] },
        subjectTo: problem.relations.map((r, k) => ({
          name: `r${k}`,
          vars: [...r.cells.map((c) => ({ name: name(c), coef: 1 })), { name: name(r.total), coef: -1 }],
          bnds: { type: glpk.GLP_FX, lb: 0, ub: 0 },
        })),
        bounds: problem.bounds.map(([lo, hi], i) => ({
          name: name(i),
          type: lo === hi ? glpk.GLP_FX : glpk.GLP_DB,
          lb: lo,
          ub: Math.min(hi, CAP),
        })),
        generals: problem.bounds.map((_, i) => name(i)),
      },
      { msglev: glpk.GLP_MSG_OFF },
    );
    if (result.status !== glpk.GLP_OPT) return null;
    // A variable in no relation is left out of GLPK's answer: it keeps its lower bound.
    return problem.bounds.map(([lo], i) => Math.round(result.vars[name(i)] ?? lo));
  };
}

/** The exact solver, started once per process (loading the WebAssembly takes a moment). */
export async function exactSolve(): Promise<ExactSolve> {
  instance ??= GLPK();
  return solveWith(await instance);
}
