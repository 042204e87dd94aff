// What `cupyts info` reports: backend, device, driver, NVRTC and kernel cache. Never throws:
// each part that cannot be read says why.
import { currentBackend } from './backend.js';
import { MINIMUM_ARCH } from './compiler.js';
import { readConfig } from './config.js';
import { loadNvrtc } from './cuda-libraries.js';
import { CudaDevice } from './cuda-device.js';
import { DiskKernelCache } from './kernel-cache.js';
import { native } from './native.js';
import { CUPYTS_VERSION } from './version.js';

export interface RuntimeInfo {
  cupyts: string;
  node: string;
  backend: string;
  devices: Array<{ ordinal: number; name: string; arch: string; multiprocessors: number; totalMemory: number; l2CacheBytes: number }>;
  driver: string;
  nvrtc: { version: string; path: string; supportedArchs: number[] } | { error: string };
  /** The oldest GPU architecture cupyts supports (where NVRTC supports it too). */
  minimumArch: string;
  cache: { dir: string; entries: number; bytes: number; arches: string[] };
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0];
}

export function runtimeInfo(): RuntimeInfo {
  const config = readConfig();
  let backend: string;
  try {
    backend = currentBackend();
  } catch (err) {
    backend = `unavailable: ${firstLine(err)}`;
  }
  const devices: RuntimeInfo['devices'] = [];
  let driver = 'not found';
  try {
    const n = CudaDevice.count();
    if (n > 0) driver = CudaDevice.open(0).info.driverVersion;
    for (let i = 0; i < n; i++) {
      const d = CudaDevice.open(i).info;
      devices.push({ ordinal: i, name: d.name, arch: d.arch, multiprocessors: d.multiprocessors, totalMemory: d.totalMemory, l2CacheBytes: d.l2CacheBytes });
    }
  } catch (err) {
    driver = `error: ${firstLine(err)}`;
  }
  let nvrtc: RuntimeInfo['nvrtc'];
  try {
    const n = loadNvrtc(native());
    nvrtc = { version: n.version, path: n.path, supportedArchs: n.supportedArchs };
  } catch (err) {
    nvrtc = { error: String((err as Error)?.message ?? err) };
  }
  const cache = new DiskKernelCache({ dir: config.cacheDir }).stats();
  return { cupyts: CUPYTS_VERSION, node: process.version, backend, devices, driver, nvrtc, minimumArch: MINIMUM_ARCH, cache };
}

/** Which GPUs cupyts can compile kernels for: its own minimum, narrowed to what this NVRTC supports. */
function archLine(info: RuntimeInfo): string {
  const minimum = `${info.minimumArch} and newer`;
  if ('error' in info.nvrtc || info.nvrtc.supportedArchs.length === 0) return `cupyts supports ${minimum}, where the NVRTC in use does too`;
  const archs = info.nvrtc.supportedArchs;
  const oldest = Math.max(Math.min(...archs), Number(info.minimumArch.slice(3)));
  const newest = Math.max(...archs);
  return `cupyts supports ${minimum}; with this NVRTC: sm_${oldest} to sm_${newest}, and newer GPUs through PTX for sm_${newest}`;
}

export function formatInfo(info: RuntimeInfo): string {
  const gib = (b: number) => `${(b / 2 ** 30).toFixed(1)} GiB`;
  const lines = [
    `cupyts   ${info.cupyts} (node ${info.node})`,
    `backend  ${info.backend}`,
    `driver   ${info.driver}`,
  ];
  if (info.devices.length === 0) lines.push('devices  none');
  for (const d of info.devices) {
    lines.push(`device ${d.ordinal} ${d.name}, ${d.arch}, ${d.multiprocessors} SMs, ${gib(d.totalMemory)}, L2 ${(d.l2CacheBytes / 2 ** 20).toFixed(0)} MiB`);
  }
  if ('error' in info.nvrtc) lines.push(`nvrtc    not found: ${info.nvrtc.error}`);
  else lines.push(`nvrtc    ${info.nvrtc.version} at ${info.nvrtc.path} (sm_${info.nvrtc.supportedArchs.join(', sm_')})`);
  lines.push(`archs    ${archLine(info)}`);
  lines.push(`cache    ${info.cache.dir}: ${info.cache.entries} kernels, ${(info.cache.bytes / 1024).toFixed(1)} KiB` +
    (info.cache.arches.length ? ` (${info.cache.arches.join(', ')})` : ''));
  return lines.join('\n');
}
