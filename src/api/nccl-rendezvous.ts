// cp.cuda.nccl.rendezvous: how the ranks of a communicator spanning processes agree on its id
// (as CuPy's TCP store does for cupyx.distributed). Rank 0 makes the id and serves it on a TCP
// port; every other rank connects (retrying until rank 0 listens), sends its rank, and reads
// the 128 bytes. Rank 0 resolves once every rank has fetched the id, so the call is also a
// barrier; a rank missing at the deadline is an ERR_NCCL_TIMEOUT error that names it.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { CupytsError } from '../ir/errors.js';
import { get_unique_id } from './nccl.js';
import * as t from './param-types.js';
import { declare, keyword, required } from './signature.js';

const ID_BYTES = 128;
const RETRY_MS = 50;

function timeoutError(message: string): CupytsError {
  return new CupytsError('ERR_NCCL_TIMEOUT', `cuda.nccl.rendezvous: ${message}`);
}

/** Rank 0: serves `id` until the other nranks - 1 ranks have taken it. */
function serve(id: Uint8Array, nranks: number, port: number, host: string, timeout: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const joined = new Set<number>();
    const sockets = new Set<Socket>();
    let server: Server | undefined;
    const finish = (err?: Error) => {
      clearTimeout(timer);
      for (const s of sockets) s.destroy();
      server?.close();
      if (err) reject(err);
      else resolve(id);
    };
    const timer = setTimeout(() => {
      const missing = Array.from({ length: nranks - 1 }, (_, i) => i + 1).filter((r) => !joined.has(r));
      finish(timeoutError(`rank${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${nranks} did not join within ${timeout} ms`));
    }, timeout);
    server = createServer((socket) => {
      sockets.add(socket);
      socket.once('data', (chunk) => {
        const rank = chunk.length >= 4 ? chunk.readUInt32LE(0) : -1;
        if (rank < 1 || rank >= nranks || joined.has(rank)) {
          socket.destroy();
          return;
        }
        socket.end(Buffer.from(id), () => {
          joined.add(rank);
          if (joined.size === nranks - 1) finish();
        });
      });
      socket.on('error', () => socket.destroy());
    });
    server.on('error', (err) => finish(new CupytsError('ERR_NCCL', `cuda.nccl.rendezvous: rank 0 cannot listen on ${host}:${port}: ${err.message}`, { cause: err })));
    if (nranks === 1) finish();
    else server.listen(port, host);
  });
}

/** Another rank: fetches the id from rank 0, retrying until it listens or the deadline passes. */
function fetchId(rank: number, port: number, host: string, timeout: number): Promise<Uint8Array> {
  const deadline = Date.now() + timeout;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const chunks: Buffer[] = [];
      const socket = connect(port, host, () => {
        const hello = Buffer.alloc(4);
        hello.writeUInt32LE(rank, 0);
        socket.write(hello);
      });
      socket.on('data', (c) => chunks.push(c));
      socket.on('end', () => {
        const id = Buffer.concat(chunks);
        if (id.length === ID_BYTES) resolve(new Uint8Array(id));
        else retry(`rank 0 sent ${id.length} bytes instead of ${ID_BYTES}`);
      });
      socket.on('error', (err) => retry(err.message));
      const retry = (why: string) => {
        socket.destroy();
        if (Date.now() + RETRY_MS > deadline) reject(timeoutError(`rank ${rank} could not get the id from rank 0 at ${host}:${port} within ${timeout} ms (${why})`));
        else setTimeout(attempt, RETRY_MS);
      };
    };
    attempt();
  });
}

/**
 * rendezvous(rank, nranks, port, *, host='127.0.0.1', timeout=60000): the id of a communicator of
 * `nranks` processes, made by rank 0 and fetched by the others over TCP (host:port is where rank 0
 * listens). Then every rank calls new cp.cuda.nccl.NcclCommunicator(nranks, id, rank).
 */
export const rendezvous = declare(
  'cuda.nccl.rendezvous',
  [required('rank', t.count), required('nranks', t.count), required('port', t.count),
    keyword('host', t.string, '127.0.0.1'), keyword('timeout', t.count, 60000)] as const,
  ({ rank, nranks, port, host, timeout }): Promise<Uint8Array> => {
    const op = 'cuda.nccl.rendezvous';
    if (nranks < 1 || rank >= nranks) throw new CupytsError('ERR_ARG', `${op}: expected 0 <= rank < nranks, got rank ${rank} of ${nranks}`);
    if (port < 1 || port > 65535) throw new CupytsError('ERR_ARG', `${op}: expected a TCP port in [1, 65535], got ${port}`);
    return rank === 0 ? serve(get_unique_id(), nranks, port, host, timeout) : fetchId(rank, port, host, timeout);
  },
);
