// A two-layer perceptron's forward pass and its softmax cross-entropy loss.
//
// logits = relu(x W1 + b1) W2 + b2. The loss uses log-softmax written the stable way: subtract
// each row's max before exp (log-sum-exp), so large logits never overflow. take_along_axis picks
// each sample's log-probability of its true class.
import * as cp from 'cupyts';

const SIZES = {
  test: { batch: 256, features: 64, hidden: 32 },
  bench: { batch: 16_384, features: 784, hidden: 1024 },
};

const CLASSES = 10;

/** A batch of inputs and labels, and weights scaled as He initialisation does. */
export function makeInputs(size: 'test' | 'bench'): Record<string, cp.NDArray> {
  const { batch, features, hidden } = SIZES[size];
  const rng = cp.random.default_rng(1);
  const he = (n: number) => Math.sqrt(2 / n);
  return {
    x: rng.standard_normal([batch, features], { dtype: 'float32' }),
    labels: rng.integers(0, CLASSES, batch),
    w1: rng.standard_normal([features, hidden], { dtype: 'float32' }).multiply(he(features)),
    b1: rng.standard_normal(hidden, { dtype: 'float32' }).multiply(0.1),
    w2: rng.standard_normal([hidden, CLASSES], { dtype: 'float32' }).multiply(he(hidden)),
    b2: rng.standard_normal(CLASSES, { dtype: 'float32' }).multiply(0.1),
  };
}

/**
 * The forward pass and the loss. cp.jit traces it at its first call for these shapes and replays
 * its kernels and GEMMs at later calls (a model served batch after batch): the host no longer
 * builds, schedules and plans the graph each time, and the results are bitwise the same.
 */
const forward = cp.jit((x: cp.NDArray, labels: cp.NDArray, w1: cp.NDArray, b1: cp.NDArray, w2: cp.NDArray, b2: cp.NDArray): cp.NDArray[] => {
  const hidden = cp.maximum(cp.matmul(x, w1).add(b1), 0); // ReLU
  const logits = cp.matmul(hidden, w2).add(b2);
  const shifted = logits.subtract(cp.max(logits, 1, { keepdims: true }));
  const logProbs = shifted.subtract(cp.log(cp.sum(cp.exp(shifted), 1, { keepdims: true })));
  const picked = cp.take_along_axis(logProbs, labels.get(':, None'), 1); // (batch, 1)
  return [cp.exp(logProbs), cp.mean(picked).multiply(-1), cp.mean(cp.argmax(logits, 1).equal(labels))];
});

export function run(inputs: Record<string, cp.NDArray>): Record<string, cp.NDArray> {
  // Inside cp.tidy: the temporaries made here are freed when it returns, not when V8's collector
  // finds them (examples/README.md).
  return cp.tidy(() => {
    const { x, labels, w1, b1, w2, b2 } = inputs;
    const [probabilities, loss, accuracy] = forward(x, labels, w1, b1, w2, b2);
    return { probabilities, loss, accuracy };
  });
}
