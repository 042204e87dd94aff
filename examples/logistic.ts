// Logistic regression trained by full-batch gradient descent.
//
// The model is p = σ(X w + b); the gradient of the mean log-loss is Xᵀ (p - y) / n for w and
// mean(p - y) for b. The loss uses logaddexp(0, z) = log(1 + eᶻ), which never overflows, instead
// of log(σ(z)). A fixed number of steps keeps everything on the device: no readback until the end.
import * as cp from 'cupyts';

const SIZES = {
  test: { n: 1000, d: 10 },
  bench: { n: 1_000_000, d: 64 },
};

/** Features, and labels drawn from a true logistic model so that the data is learnable. */
export function makeInputs(size: 'test' | 'bench'): Record<string, cp.NDArray> {
  const { n, d } = SIZES[size];
  const rng = cp.random.default_rng(3);
  const features = rng.standard_normal([n, d], { dtype: 'float32' });
  const trueWeights = rng.standard_normal(d, { dtype: 'float32' });
  const odds = cp.matmul(features, trueWeights).add(0.5);
  const labels = rng.random(n, { dtype: 'float32' }).less(cp.divide(1, cp.add(1, cp.exp(cp.negative(odds))))).astype('float32');
  return { features, labels };
}

const STEPS = 100;
const LEARNING_RATE = 0.5;

const sigmoid = (z: cp.NDArray) => cp.divide(1, cp.add(1, cp.exp(cp.negative(z))));

/**
 * One gradient step. cp.jit traces it at its first call for these shapes and then replays its
 * kernels and GEMMs: later steps skip building, scheduling and planning the graph on the host
 * (the results are bitwise those of the plain function).
 */
const step = cp.jit((x: cp.NDArray, y: cp.NDArray, w: cp.NDArray, b: cp.NDArray): [cp.NDArray, cp.NDArray] => {
  const n = x.shape[0];
  const error = sigmoid(cp.matmul(x, w).add(b)).subtract(y); // p - y, shape (n,)
  return [w.subtract(cp.matmul(x.T, error).multiply(LEARNING_RATE / n)), b.subtract(cp.mean(error).multiply(LEARNING_RATE))];
});

export function run(inputs: Record<string, cp.NDArray>): Record<string, cp.NDArray> {
  // Inside cp.tidy: the temporaries made here are freed when it returns, not when V8's collector
  // finds them (examples/README.md).
  return cp.tidy(() => {
    const { features: x, labels: y } = inputs;
    const d = x.shape[1];
    let w = cp.zeros(d, 'float32');
    let b = cp.zeros([], 'float32'); // a 0-d array, so the bias stays on the device too
    for (let i = 0; i < STEPS; i++) [w, b] = step(x, y, w, b);
    const z = cp.matmul(x, w).add(b);
    const loss = cp.mean(cp.logaddexp(0, z).subtract(y.multiply(z)));
    const accuracy = cp.mean(z.greater(0).equal(y.astype('bool')).astype('float32'));
    return { weights: w, bias: b, loss, accuracy };
  });
}
