#include "loader.h"

#include <dlfcn.h>

DriverApi g_cu{};
NvrtcApi g_nvrtc{};
CublasApi g_cublas{};

namespace {
void* g_driver_handle = nullptr;
void* g_nvrtc_handle = nullptr;
void* g_cublas_handle = nullptr;
}  // namespace

std::string LoadDriverLibrary(const std::string& path) {
  if (g_driver_handle) return "";
  void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h) return OpenError(path);
  DriverApi api{};
  std::string missing;
  bool ok = Resolve(h, api.cuInit, {"cuInit"}, missing) &&
            Resolve(h, api.cuDriverGetVersion, {"cuDriverGetVersion"}, missing) &&
            Resolve(h, api.cuGetErrorName, {"cuGetErrorName"}, missing) &&
            Resolve(h, api.cuGetErrorString, {"cuGetErrorString"}, missing) &&
            Resolve(h, api.cuDeviceGetCount, {"cuDeviceGetCount"}, missing) &&
            Resolve(h, api.cuDeviceGet, {"cuDeviceGet"}, missing) &&
            Resolve(h, api.cuDeviceGetName, {"cuDeviceGetName"}, missing) &&
            Resolve(h, api.cuDeviceGetAttribute, {"cuDeviceGetAttribute"}, missing) &&
            Resolve(h, api.cuDeviceTotalMem, {"cuDeviceTotalMem_v2"}, missing) &&
            Resolve(h, api.cuDevicePrimaryCtxRetain, {"cuDevicePrimaryCtxRetain"}, missing) &&
            Resolve(h, api.cuCtxSetCurrent, {"cuCtxSetCurrent"}, missing) &&
            Resolve(h, api.cuCtxSynchronize, {"cuCtxSynchronize"}, missing) &&
            Resolve(h, api.cuMemGetInfo, {"cuMemGetInfo_v2"}, missing) &&
            Resolve(h, api.cuStreamCreate, {"cuStreamCreate"}, missing) &&
            Resolve(h, api.cuStreamDestroy, {"cuStreamDestroy_v2"}, missing) &&
            Resolve(h, api.cuStreamSynchronize, {"cuStreamSynchronize"}, missing) &&
            Resolve(h, api.cuEventCreate, {"cuEventCreate"}, missing) &&
            Resolve(h, api.cuEventDestroy, {"cuEventDestroy_v2"}, missing) &&
            Resolve(h, api.cuEventRecord, {"cuEventRecord"}, missing) &&
            Resolve(h, api.cuEventSynchronize, {"cuEventSynchronize"}, missing) &&
            Resolve(h, api.cuEventElapsedTime, {"cuEventElapsedTime_v2", "cuEventElapsedTime"}, missing) &&
            Resolve(h, api.cuDeviceGetDefaultMemPool, {"cuDeviceGetDefaultMemPool"}, missing) &&
            Resolve(h, api.cuMemPoolSetAttribute, {"cuMemPoolSetAttribute"}, missing) &&
            Resolve(h, api.cuMemPoolGetAttribute, {"cuMemPoolGetAttribute"}, missing) &&
            Resolve(h, api.cuMemPoolTrimTo, {"cuMemPoolTrimTo"}, missing) &&
            Resolve(h, api.cuMemAllocAsync, {"cuMemAllocAsync"}, missing) &&
            Resolve(h, api.cuMemFreeAsync, {"cuMemFreeAsync"}, missing) &&
            Resolve(h, api.cuMemcpyHtoDAsync, {"cuMemcpyHtoDAsync_v2"}, missing) &&
            Resolve(h, api.cuMemcpyDtoHAsync, {"cuMemcpyDtoHAsync_v2"}, missing) &&
            Resolve(h, api.cuMemcpyDtoDAsync, {"cuMemcpyDtoDAsync_v2"}, missing) &&
            Resolve(h, api.cuMemsetD8Async, {"cuMemsetD8Async"}, missing) &&
            Resolve(h, api.cuModuleLoadData, {"cuModuleLoadData"}, missing) &&
            Resolve(h, api.cuModuleUnload, {"cuModuleUnload"}, missing) &&
            Resolve(h, api.cuModuleGetFunction, {"cuModuleGetFunction"}, missing) &&
            Resolve(h, api.cuFuncGetAttribute, {"cuFuncGetAttribute"}, missing) &&
            Resolve(h, api.cuLaunchKernel, {"cuLaunchKernel"}, missing) &&
            Resolve(h, api.cuStreamQuery, {"cuStreamQuery"}, missing) &&
            Resolve(h, api.cuStreamWaitEvent, {"cuStreamWaitEvent"}, missing) &&
            Resolve(h, api.cuLaunchHostFunc, {"cuLaunchHostFunc"}, missing) &&
            Resolve(h, api.cuEventQuery, {"cuEventQuery"}, missing) &&
            Resolve(h, api.cuMemHostAlloc, {"cuMemHostAlloc"}, missing) &&
            Resolve(h, api.cuMemFreeHost, {"cuMemFreeHost"}, missing);
  if (!ok) {
    dlclose(h);
    return path + " has no symbol " + missing + " (the NVIDIA driver is too old: cupyts needs CUDA 11.2 or newer)";
  }
  // Graphs are optional: a driver without them still loads (graphsSupported() says false).
  std::string absent;
  if (!(Resolve(h, api.cuGraphCreate, {"cuGraphCreate"}, absent) &&
        Resolve(h, api.cuGraphDestroy, {"cuGraphDestroy"}, absent) &&
        Resolve(h, api.cuGraphAddKernelNode, {"cuGraphAddKernelNode"}, absent) &&
        Resolve(h, api.cuGraphInstantiateWithFlags, {"cuGraphInstantiateWithFlags"}, absent) &&
        Resolve(h, api.cuGraphExecKernelNodeSetParams, {"cuGraphExecKernelNodeSetParams"}, absent) &&
        Resolve(h, api.cuGraphLaunch, {"cuGraphLaunch"}, absent) &&
        Resolve(h, api.cuGraphExecDestroy, {"cuGraphExecDestroy"}, absent))) {
    api.cuGraphCreate = nullptr;
  }
  if (!(Resolve(h, api.cuStreamBeginCapture, {"cuStreamBeginCapture_v2"}, absent) &&
        Resolve(h, api.cuStreamEndCapture, {"cuStreamEndCapture"}, absent) &&
        Resolve(h, api.cuGraphAddChildGraphNode, {"cuGraphAddChildGraphNode"}, absent) &&
        Resolve(h, api.cuGraphExecChildGraphNodeSetParams, {"cuGraphExecChildGraphNodeSetParams"}, absent))) {
    api.cuStreamBeginCapture = nullptr;
  }
  g_cu = api;
  g_driver_handle = h;
  return "";
}

std::string LoadNvrtcLibrary(const std::string& path) {
  if (g_nvrtc_handle) return "";
  void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h) return OpenError(path);
  NvrtcApi api{};
  std::string missing;
  bool ok = Resolve(h, api.nvrtcVersion, {"nvrtcVersion"}, missing) &&
            Resolve(h, api.nvrtcGetErrorString, {"nvrtcGetErrorString"}, missing) &&
            Resolve(h, api.nvrtcCreateProgram, {"nvrtcCreateProgram"}, missing) &&
            Resolve(h, api.nvrtcDestroyProgram, {"nvrtcDestroyProgram"}, missing) &&
            Resolve(h, api.nvrtcCompileProgram, {"nvrtcCompileProgram"}, missing) &&
            Resolve(h, api.nvrtcGetProgramLogSize, {"nvrtcGetProgramLogSize"}, missing) &&
            Resolve(h, api.nvrtcGetProgramLog, {"nvrtcGetProgramLog"}, missing) &&
            Resolve(h, api.nvrtcGetPTXSize, {"nvrtcGetPTXSize"}, missing) &&
            Resolve(h, api.nvrtcGetPTX, {"nvrtcGetPTX"}, missing) &&
            Resolve(h, api.nvrtcGetCUBINSize, {"nvrtcGetCUBINSize"}, missing) &&
            Resolve(h, api.nvrtcGetCUBIN, {"nvrtcGetCUBIN"}, missing) &&
            Resolve(h, api.nvrtcGetNumSupportedArchs, {"nvrtcGetNumSupportedArchs"}, missing) &&
            Resolve(h, api.nvrtcGetSupportedArchs, {"nvrtcGetSupportedArchs"}, missing);
  if (!ok) {
    dlclose(h);
    return path + " has no symbol " + missing + " (cupyts needs NVRTC from CUDA 11.2 or newer)";
  }
  g_nvrtc = api;
  g_nvrtc_handle = h;
  return "";
}

std::string LoadCublasLibrary(const std::string& path) {
  if (g_cublas_handle) return "";
  void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h) return OpenError(path);
  CublasApi api{};
  std::string missing;
  bool ok = Resolve(h, api.cublasCreate, {"cublasCreate_v2"}, missing) &&
            Resolve(h, api.cublasDestroy, {"cublasDestroy_v2"}, missing) &&
            Resolve(h, api.cublasGetVersion, {"cublasGetVersion_v2"}, missing) &&
            Resolve(h, api.cublasSetStream, {"cublasSetStream_v2"}, missing) &&
            Resolve(h, api.cublasSetMathMode, {"cublasSetMathMode"}, missing) &&
            Resolve(h, api.cublasSgemm, {"cublasSgemm_v2"}, missing) &&
            Resolve(h, api.cublasDgemm, {"cublasDgemm_v2"}, missing) &&
            Resolve(h, api.cublasGemmEx, {"cublasGemmEx"}, missing) &&
            Resolve(h, api.cublasGemmStridedBatchedEx, {"cublasGemmStridedBatchedEx"}, missing) &&
            Resolve(h, api.cublasCgemm, {"cublasCgemm_v2"}, missing) &&
            Resolve(h, api.cublasZgemm, {"cublasZgemm_v2"}, missing) &&
            Resolve(h, api.cublasCgemmStridedBatched, {"cublasCgemmStridedBatched"}, missing) &&
            Resolve(h, api.cublasZgemmStridedBatched, {"cublasZgemmStridedBatched"}, missing);
  if (!ok) {
    dlclose(h);
    return path + " has no symbol " + missing + " (cupyts needs cuBLAS from CUDA 11 or newer)";
  }
  std::string absent;  // optional symbols: left null where missing
  Resolve(h, api.cublasSetWorkspace, {"cublasSetWorkspace_v2"}, absent);
  g_cublas = api;
  g_cublas_handle = h;
  return "";
}

std::string PreloadLibrary(const std::string& path) {
  return dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL) ? "" : OpenError(path);
}

bool DriverLoaded() { return g_driver_handle != nullptr; }
bool NvrtcLoaded() { return g_nvrtc_handle != nullptr; }
bool CublasLoaded() { return g_cublas_handle != nullptr; }

std::string NvrtcLoadedPath() {
  Dl_info info{};
  if (!g_nvrtc_handle || !dladdr(reinterpret_cast<void*>(g_nvrtc.nvrtcVersion), &info) || !info.dli_fname) return "";
  return info.dli_fname;
}

std::string CublasLoadedPath() {
  Dl_info info{};
  if (!g_cublas_handle || !dladdr(reinterpret_cast<void*>(g_cublas.cublasCreate), &info) || !info.dli_fname) return "";
  return info.dli_fname;
}
