// The gallery: every example program, with the tolerances its test (and the bench) compares
// its results to its NumPy/CuPy twin (examples/<name>.py) with.
import type * as cp from 'cupyts';
import * as kmeans from './kmeans.js';

export interface Example {
  makeInputs(size: 'test' | 'bench'): Record<string, cp.NDArray>;
  run(inputs: Record<string, cp.NDArray>): Record<string, cp.NDArray>;
}

export interface GalleryEntry {
  /** The file name: examples/<name>.ts and examples/<name>.py. */
  name: string;
  title: string;
  module: Example;
  rtol: number;
  atol: number;
}

export const gallery: GalleryEntry[] = [
  { name: 'kmeans', title: 'k-means clustering (Lloyd, 10 iterations)', module: kmeans, rtol: 1e-4, atol: 1e-3 },
];
