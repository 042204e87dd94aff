// cp.config: settings that can change while a program runs. Defaults come from the environment
// (src/runtime/config.ts), read on first use.
import { readConfig } from '../runtime/config.js';

let allowTF32: boolean | undefined;

export const config = {
  /** float32 matmul on cuBLAS may use TF32 tensor cores (default false, or CUPYTS_ALLOW_TF32=1). */
  get allowTF32(): boolean {
    return (allowTF32 ??= readConfig().allowTF32);
  },
  set allowTF32(value: boolean) {
    allowTF32 = Boolean(value);
  },
};
