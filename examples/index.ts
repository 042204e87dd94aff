// The gallery: every example program, with the tolerances its test (and the bench) compares
// its results to its NumPy/CuPy twin (examples/<name>.py) with.
import type * as cp from 'cupyts';
import * as attention from './attention.js';
import * as heat from './heat.js';
import * as image from './image.js';
import * as kmeans from './kmeans.js';
import * as knn from './knn.js';
import * as logistic from './logistic.js';
import * as mandelbrot from './mandelbrot.js';
import * as mlp from './mlp.js';
import * as nbody from './nbody.js';
import * as options from './options.js';
import * as pca from './pca.js';
import * as polyfit from './polyfit.js';
import * as rolling from './rolling.js';
import * as topk from './topk.js';

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
  { name: 'pca', title: 'PCA through the thin SVD (3 components)', module: pca, rtol: 1e-3, atol: 1e-3 },
  { name: 'logistic', title: 'logistic regression by gradient descent (100 steps)', module: logistic, rtol: 1e-4, atol: 1e-5 },
  { name: 'options', title: 'Monte Carlo pricing of a European and an Asian call', module: options, rtol: 1e-4, atol: 1e-5 },
  { name: 'nbody', title: 'n-body: 4 leapfrog steps with all-pairs gravity', module: nbody, rtol: 1e-4, atol: 1e-5 },
  { name: 'heat', title: '2-D heat equation: 50 explicit steps of a 5-point stencil', module: heat, rtol: 1e-5, atol: 1e-5 },
  { name: 'image', title: 'image: Gaussian blur by FFT convolution, histogram equalization', module: image, rtol: 1e-4, atol: 1e-3 },
  { name: 'knn', title: 'k-nearest neighbours through pairwise distances and argpartition', module: knn, rtol: 1e-4, atol: 1e-4 },
  { name: 'rolling', title: 'rolling mean, std and z-score of time series through cumsum', module: rolling, rtol: 1e-7, atol: 1e-9 },
  { name: 'mandelbrot', title: 'the Mandelbrot set with complex arrays (40 iterations)', module: mandelbrot, rtol: 1e-12, atol: 1e-12 },
  { name: 'mlp', title: 'MLP forward pass with softmax cross-entropy', module: mlp, rtol: 1e-4, atol: 1e-6 },
  { name: 'topk', title: 'top-k and unique counts over a large integer array', module: topk, rtol: 0, atol: 0 },
  { name: 'attention', title: 'causal multi-head self-attention with einsum', module: attention, rtol: 1e-4, atol: 1e-5 },
  { name: 'polyfit', title: 'least-squares polynomial fit through lstsq', module: polyfit, rtol: 1e-8, atol: 1e-10 },
];
