// cp.cuda.nccl: communicators and collectives on arrays (./nccl.ts), and the TCP rendezvous that
// gives the ranks of several processes their communicator's id (./nccl-rendezvous.ts).
export { get_unique_id, get_version, groupEnd, groupStart, NcclCommunicator } from './nccl.js';
export { rendezvous } from './nccl-rendezvous.js';
