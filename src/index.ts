// cupyts: NumPy/CuPy-style GPU arrays for TypeScript.
export * from './ir/dtype.js';
export { CupytsError } from './ir/errors.js';
export { currentBackend, useBackend, type BackendKind } from './runtime/backend.js';
export { runtimeInfo } from './runtime/info.js';
