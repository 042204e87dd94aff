// Types of scripts/api-doc.mjs, for test/unit/api-doc.test.ts.
export interface CupyRoutines {
  source: { repository: string; commit: string; index: string; note?: string };
  pages: { page: string; title: string; path: string; names: string[] }[];
}

/** The markdown of docs/API.md, from the cupyts namespace and docs/cupy-routines.json. */
export function renderApiDoc(cp: object, routines: CupyRoutines): string;

/** Where a CuPy name (`cupy.linalg.norm`, `cupy.ndarray.T`) is in cupyts, if it is. */
export function lookup(cp: object, name: string): { present: boolean; value?: unknown };
