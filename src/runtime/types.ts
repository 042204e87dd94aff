// Types the runtime shares with the API layer. They live here, apart from the modules that use
// Node's APIs and zod, so that the declarations cupyts publishes reach neither: a project can
// compile against cupyts without @types/node (test/faults/dts.test.ts checks it).

/** Environment variables, as process.env holds them (what NodeJS.ProcessEnv is, without Node's types). */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Where a compiled kernel came from: the in-memory cache, the disk cache, or NVRTC just now. */
export type CacheOutcome = 'memory' | 'disk' | 'compiled';
