// One JS function per CUDA driver call (or per small fixed sequence of them). No policy here:
// retries, pooling decisions and error wording for users live in src/runtime/.
#include "driver.h"

#include <cstring>
#include <map>
#include <string>

#include "async_work.h"
#include "errors.h"
#include "loader.h"
#include "values.h"

namespace {
CUcontext g_ctx = nullptr;  // the primary context made current by useDevice() or setCurrentDevice()
std::map<int, CUcontext> g_device_ctx;  // the primary context of each device useDevice() opened

int Int(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (!info[i].IsNumber()) throw Napi::TypeError::New(info.Env(), std::string(what) + ": expected a number");
  return info[i].As<Napi::Number>().Int32Value();
}

CUdevice Device(const Napi::CallbackInfo& info, size_t i) {
  CUdevice dev = 0;
  CheckCuda(info.Env(), g_cu.cuDeviceGet(&dev, Int(info, i, "ordinal")), "cuDeviceGet");
  return dev;
}

Napi::Value LoadDriver(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), LoadDriverLibrary(info[0].As<Napi::String>().Utf8Value()));
}

Napi::Value Init(const Napi::CallbackInfo& info) {
  CheckCuda(info.Env(), g_cu.cuInit(0), "cuInit");
  return info.Env().Undefined();
}

Napi::Value DriverVersion(const Napi::CallbackInfo& info) {
  int v = 0;
  CheckCuda(info.Env(), g_cu.cuDriverGetVersion(&v), "cuDriverGetVersion");
  return Napi::Number::New(info.Env(), v);
}

Napi::Value DeviceCount(const Napi::CallbackInfo& info) {
  int n = 0;
  CheckCuda(info.Env(), g_cu.cuDeviceGetCount(&n), "cuDeviceGetCount");
  return Napi::Number::New(info.Env(), n);
}

Napi::Value DeviceInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CUdevice dev = Device(info, 0);
  char name[256] = {0};
  CheckCuda(env, g_cu.cuDeviceGetName(name, sizeof(name) - 1, dev), "cuDeviceGetName");
  size_t total = 0;
  CheckCuda(env, g_cu.cuDeviceTotalMem(&total, dev), "cuDeviceTotalMem");
  auto attr = [&](int a) {
    int v = 0;
    CheckCuda(env, g_cu.cuDeviceGetAttribute(&v, a, dev), "cuDeviceGetAttribute");
    return Napi::Number::New(env, v);
  };
  Napi::Object out = Napi::Object::New(env);
  out.Set("name", Napi::String::New(env, name));
  out.Set("totalMemory", Napi::Number::New(env, static_cast<double>(total)));
  out.Set("major", attr(75));
  out.Set("minor", attr(76));
  out.Set("multiprocessors", attr(16));
  out.Set("l2CacheBytes", attr(38));
  out.Set("maxThreadsPerBlock", attr(1));
  out.Set("maxThreadsPerMultiprocessor", attr(39));
  out.Set("maxSharedMemoryPerBlock", attr(8));
  out.Set("maxSharedMemoryPerBlockOptin", attr(97));
  out.Set("maxGridDimX", attr(5));
  out.Set("warpSize", attr(10));
  out.Set("memoryPoolsSupported", attr(115));
  return out;
}

// Retains the device's primary context, makes it current on this thread and sets its default
// memory pool's release threshold to "never", so freed memory stays in the pool for reuse.
Napi::Value UseDevice(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CUdevice dev = Device(info, 0);
  CheckCuda(env, g_cu.cuDevicePrimaryCtxRetain(&g_ctx, dev), "cuDevicePrimaryCtxRetain");
  CheckCuda(env, g_cu.cuCtxSetCurrent(g_ctx), "cuCtxSetCurrent");
  g_device_ctx[Int(info, 0, "ordinal")] = g_ctx;
  CUmemoryPool pool = nullptr;
  CheckCuda(env, g_cu.cuDeviceGetDefaultMemPool(&pool, dev), "cuDeviceGetDefaultMemPool");
  uint64_t threshold = UINT64_MAX;
  CheckCuda(env, g_cu.cuMemPoolSetAttribute(pool, CU_MEMPOOL_ATTR_RELEASE_THRESHOLD, &threshold),
            "cuMemPoolSetAttribute");
  return env.Undefined();
}

// setCurrentDevice(ordinal): makes the primary context of a device useDevice() opened current.
Napi::Value SetCurrentDevice(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto it = g_device_ctx.find(Int(info, 0, "ordinal"));
  if (it == g_device_ctx.end()) throw Napi::RangeError::New(env, "setCurrentDevice: the device was not opened with useDevice");
  CheckCuda(env, g_cu.cuCtxSetCurrent(it->second), "cuCtxSetCurrent");
  g_ctx = it->second;
  return env.Undefined();
}

Napi::Value MemGetInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  size_t free_bytes = 0, total = 0;
  CheckCuda(env, g_cu.cuMemGetInfo(&free_bytes, &total), "cuMemGetInfo");
  Napi::Object out = Napi::Object::New(env);
  out.Set("free", Napi::Number::New(env, static_cast<double>(free_bytes)));
  out.Set("total", Napi::Number::New(env, static_cast<double>(total)));
  return out;
}

Napi::Value MemPoolStats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CUmemoryPool pool = nullptr;
  CheckCuda(env, g_cu.cuDeviceGetDefaultMemPool(&pool, Device(info, 0)), "cuDeviceGetDefaultMemPool");
  uint64_t reserved = 0, used = 0;
  CheckCuda(env, g_cu.cuMemPoolGetAttribute(pool, CU_MEMPOOL_ATTR_RESERVED_MEM_CURRENT, &reserved),
            "cuMemPoolGetAttribute");
  CheckCuda(env, g_cu.cuMemPoolGetAttribute(pool, CU_MEMPOOL_ATTR_USED_MEM_CURRENT, &used),
            "cuMemPoolGetAttribute");
  Napi::Object out = Napi::Object::New(env);
  out.Set("reserved", Napi::Number::New(env, static_cast<double>(reserved)));
  out.Set("used", Napi::Number::New(env, static_cast<double>(used)));
  return out;
}

Napi::Value MemPoolTrim(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CUmemoryPool pool = nullptr;
  CheckCuda(env, g_cu.cuDeviceGetDefaultMemPool(&pool, Device(info, 0)), "cuDeviceGetDefaultMemPool");
  CheckCuda(env, g_cu.cuMemPoolTrimTo(pool, ToU64(info[1], "minBytesToKeep")), "cuMemPoolTrimTo");
  return env.Undefined();
}

Napi::Value CtxSynchronize(const Napi::CallbackInfo& info) {
  CheckCuda(info.Env(), g_cu.cuCtxSynchronize(), "cuCtxSynchronize");
  return info.Env().Undefined();
}

// streamCreate(flags = CU_STREAM_NON_BLOCKING)
Napi::Value StreamCreate(const Napi::CallbackInfo& info) {
  CUstream s = nullptr;
  unsigned flags = info.Length() > 0 && !info[0].IsUndefined() ? static_cast<unsigned>(Int(info, 0, "flags")) : CU_STREAM_NON_BLOCKING;
  CheckCuda(info.Env(), g_cu.cuStreamCreate(&s, flags), "cuStreamCreate");
  return HandleValue(info.Env(), s);
}

Napi::Value StreamDestroy(const Napi::CallbackInfo& info) {
  CheckCuda(info.Env(), g_cu.cuStreamDestroy(ToHandle<CUstream>(info[0], "stream")), "cuStreamDestroy");
  return info.Env().Undefined();
}

Napi::Value StreamSynchronize(const Napi::CallbackInfo& info) {
  CheckCuda(info.Env(), g_cu.cuStreamSynchronize(ToHandle<CUstream>(info[0], "stream")), "cuStreamSynchronize");
  return info.Env().Undefined();
}

Napi::Value StreamSynchronizeAsync(const Napi::CallbackInfo& info) {
  CUstream s = ToHandle<CUstream>(info[0], "stream");
  return CudaPromiseWorker::Start(info.Env(), g_ctx, "cuStreamSynchronize",
                                  [s] { return g_cu.cuStreamSynchronize(s); }, info.Env().Undefined());
}

// eventCreate(flags = CU_EVENT_DEFAULT)
Napi::Value EventCreate(const Napi::CallbackInfo& info) {
  CUevent e = nullptr;
  unsigned flags = info.Length() > 0 && !info[0].IsUndefined() ? static_cast<unsigned>(Int(info, 0, "flags")) : CU_EVENT_DEFAULT;
  CheckCuda(info.Env(), g_cu.cuEventCreate(&e, flags), "cuEventCreate");
  return HandleValue(info.Env(), e);
}

Napi::Value EventDestroy(const Napi::CallbackInfo& info) {
  CheckCuda(info.Env(), g_cu.cuEventDestroy(ToHandle<CUevent>(info[0], "event")), "cuEventDestroy");
  return info.Env().Undefined();
}

Napi::Value EventRecord(const Napi::CallbackInfo& info) {
  CheckCuda(info.Env(),
            g_cu.cuEventRecord(ToHandle<CUevent>(info[0], "event"), ToHandle<CUstream>(info[1], "stream")),
            "cuEventRecord");
  return info.Env().Undefined();
}

Napi::Value EventSynchronize(const Napi::CallbackInfo& info) {
  CheckCuda(info.Env(), g_cu.cuEventSynchronize(ToHandle<CUevent>(info[0], "event")), "cuEventSynchronize");
  return info.Env().Undefined();
}

Napi::Value EventElapsedMs(const Napi::CallbackInfo& info) {
  float ms = 0;
  CheckCuda(info.Env(),
            g_cu.cuEventElapsedTime(&ms, ToHandle<CUevent>(info[0], "start"), ToHandle<CUevent>(info[1], "end")),
            "cuEventElapsedTime");
  return Napi::Number::New(info.Env(), ms);
}

Napi::Value MemAlloc(const Napi::CallbackInfo& info) {
  CUdeviceptr p = 0;
  CheckCuda(info.Env(), g_cu.cuMemAllocAsync(&p, ToU64(info[0], "bytes"), ToHandle<CUstream>(info[1], "stream")),
            "cuMemAllocAsync");
  return PointerValue(info.Env(), p);
}

Napi::Value MemFree(const Napi::CallbackInfo& info) {
  CheckCuda(info.Env(), g_cu.cuMemFreeAsync(ToU64(info[0], "ptr"), ToHandle<CUstream>(info[1], "stream")),
            "cuMemFreeAsync");
  return info.Env().Undefined();
}

// memcpyHtoD(dst, hostView, stream): returns once the data is on the device.
Napi::Value MemcpyHtoD(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  HostView src = ToHostView(info[1], "memcpyHtoD");
  CUstream s = ToHandle<CUstream>(info[2], "stream");
  CheckCuda(env, g_cu.cuMemcpyHtoDAsync(ToU64(info[0], "dst"), src.data, src.bytes, s), "cuMemcpyHtoDAsync");
  CheckCuda(env, g_cu.cuStreamSynchronize(s), "cuStreamSynchronize");
  return env.Undefined();
}

// memcpyDtoH(hostView, src, stream): waits for the stream's earlier work, then copies.
Napi::Value MemcpyDtoH(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  HostView dst = ToHostView(info[0], "memcpyDtoH");
  CUstream s = ToHandle<CUstream>(info[2], "stream");
  CheckCuda(env, g_cu.cuMemcpyDtoHAsync(dst.data, ToU64(info[1], "src"), dst.bytes, s), "cuMemcpyDtoHAsync");
  CheckCuda(env, g_cu.cuStreamSynchronize(s), "cuStreamSynchronize");
  return env.Undefined();
}

Napi::Value MemcpyHtoDAsync(const Napi::CallbackInfo& info) {
  HostView src = ToHostView(info[1], "memcpyHtoDAsync");
  CUdeviceptr dst = ToU64(info[0], "dst");
  CUstream s = ToHandle<CUstream>(info[2], "stream");
  return CudaPromiseWorker::Start(info.Env(), g_ctx, "cuMemcpyHtoDAsync", [=] {
    CUresult r = g_cu.cuMemcpyHtoDAsync(dst, src.data, src.bytes, s);
    return r != CUDA_SUCCESS ? r : g_cu.cuStreamSynchronize(s);
  }, info[1]);
}

Napi::Value MemcpyDtoHAsync(const Napi::CallbackInfo& info) {
  HostView dst = ToHostView(info[0], "memcpyDtoHAsync");
  CUdeviceptr src = ToU64(info[1], "src");
  CUstream s = ToHandle<CUstream>(info[2], "stream");
  return CudaPromiseWorker::Start(info.Env(), g_ctx, "cuMemcpyDtoHAsync", [=] {
    CUresult r = g_cu.cuMemcpyDtoHAsync(dst.data, src, dst.bytes, s);
    return r != CUDA_SUCCESS ? r : g_cu.cuStreamSynchronize(s);
  }, info[0]);
}

// memcpyDtoD(dst, src, bytes, stream): stream-ordered, returns at once.
Napi::Value MemcpyDtoD(const Napi::CallbackInfo& info) {
  CheckCuda(info.Env(),
            g_cu.cuMemcpyDtoDAsync(ToU64(info[0], "dst"), ToU64(info[1], "src"), ToU64(info[2], "bytes"),
                                   ToHandle<CUstream>(info[3], "stream")),
            "cuMemcpyDtoDAsync");
  return info.Env().Undefined();
}

// memsetD8(ptr, byteValue, bytes, stream): stream-ordered, returns at once.
Napi::Value MemsetD8(const Napi::CallbackInfo& info) {
  CheckCuda(info.Env(),
            g_cu.cuMemsetD8Async(ToU64(info[0], "ptr"), static_cast<unsigned char>(Int(info, 1, "value")),
                                 ToU64(info[2], "bytes"), ToHandle<CUstream>(info[3], "stream")),
            "cuMemsetD8Async");
  return info.Env().Undefined();
}

Napi::Value ModuleLoad(const Napi::CallbackInfo& info) {
  HostView image = ToHostView(info[0], "moduleLoad");
  CUmodule m = nullptr;
  CheckCuda(info.Env(), g_cu.cuModuleLoadData(&m, image.data), "cuModuleLoadData");
  return HandleValue(info.Env(), m);
}

Napi::Value ModuleUnload(const Napi::CallbackInfo& info) {
  CheckCuda(info.Env(), g_cu.cuModuleUnload(ToHandle<CUmodule>(info[0], "module")), "cuModuleUnload");
  return info.Env().Undefined();
}

Napi::Value ModuleGetFunction(const Napi::CallbackInfo& info) {
  CUfunction f = nullptr;
  std::string name = info[1].As<Napi::String>().Utf8Value();
  CheckCuda(info.Env(), g_cu.cuModuleGetFunction(&f, ToHandle<CUmodule>(info[0], "module"), name.c_str()),
            "cuModuleGetFunction");
  return HandleValue(info.Env(), f);
}

Napi::Value FunctionAttributes(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CUfunction f = ToHandle<CUfunction>(info[0], "function");
  auto attr = [&](int a) {
    int v = 0;
    CheckCuda(env, g_cu.cuFuncGetAttribute(&v, a, f), "cuFuncGetAttribute");
    return Napi::Number::New(env, v);
  };
  Napi::Object out = Napi::Object::New(env);
  out.Set("maxThreadsPerBlock", attr(0));
  out.Set("sharedBytes", attr(1));
  out.Set("constBytes", attr(2));
  out.Set("localBytes", attr(3));
  out.Set("registers", attr(4));
  out.Set("ptxVersion", attr(5));
  out.Set("binaryVersion", attr(6));
  return out;
}

// launch(fn, gx, gy, gz, bx, by, bz, sharedBytes, stream, count, slots): `slots` is an
// ArrayBuffer of 8-byte argument slots, each value at the start of its slot (packed by
// src/runtime/launch-args.ts); the driver copies the values before cuLaunchKernel returns.
Napi::Value Launch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  constexpr size_t kMaxArgs = 512;
  CUfunction f = ToHandle<CUfunction>(info[0], "function");
  unsigned dims[7];
  for (int i = 0; i < 7; ++i) dims[i] = static_cast<unsigned>(info[1 + i].As<Napi::Number>().Uint32Value());
  CUstream s = ToHandle<CUstream>(info[8], "stream");
  const size_t count = info[9].As<Napi::Number>().Uint32Value();
  if (!info[10].IsArrayBuffer()) throw Napi::TypeError::New(env, "launch: expected an ArrayBuffer of argument slots");
  Napi::ArrayBuffer slots = info[10].As<Napi::ArrayBuffer>();
  if (count > kMaxArgs || slots.ByteLength() < count * 8)
    throw Napi::RangeError::New(env, "launch: more arguments than slots (or than 512)");
  auto* base = static_cast<uint8_t*>(slots.Data());
  void* params[kMaxArgs];
  for (size_t i = 0; i < count; ++i) params[i] = base + 8 * i;
  CheckCuda(env, g_cu.cuLaunchKernel(f, dims[0], dims[1], dims[2], dims[3], dims[4], dims[5], dims[6], s,
                                     params, nullptr),
            "cuLaunchKernel");
  return env.Undefined();
}
}  // namespace

void RegisterDriver(Napi::Env env, Napi::Object exports) {
  exports.Set("loadDriver", Napi::Function::New(env, LoadDriver, "loadDriver"));
  // Every other call needs the driver library: check once here rather than in each function.
  auto add = [&](const char* name, Napi::Value (*fn)(const Napi::CallbackInfo&)) {
    exports.Set(name, Napi::Function::New(env, [fn](const Napi::CallbackInfo& info) {
      RequireDriver(info.Env());
      return fn(info);
    }, name));
  };
  add("init", Init);
  add("driverVersion", DriverVersion);
  add("deviceCount", DeviceCount);
  add("deviceInfo", DeviceInfo);
  add("useDevice", UseDevice);
  add("setCurrentDevice", SetCurrentDevice);
  add("memGetInfo", MemGetInfo);
  add("memPoolStats", MemPoolStats);
  add("memPoolTrim", MemPoolTrim);
  add("ctxSynchronize", CtxSynchronize);
  add("streamCreate", StreamCreate);
  add("streamDestroy", StreamDestroy);
  add("streamSynchronize", StreamSynchronize);
  add("streamSynchronizeAsync", StreamSynchronizeAsync);
  add("eventCreate", EventCreate);
  add("eventDestroy", EventDestroy);
  add("eventRecord", EventRecord);
  add("eventSynchronize", EventSynchronize);
  add("eventElapsedMs", EventElapsedMs);
  add("memAlloc", MemAlloc);
  add("memFree", MemFree);
  add("memcpyHtoD", MemcpyHtoD);
  add("memcpyDtoH", MemcpyDtoH);
  add("memcpyHtoDAsync", MemcpyHtoDAsync);
  add("memcpyDtoHAsync", MemcpyDtoHAsync);
  add("memcpyDtoD", MemcpyDtoD);
  add("memsetD8", MemsetD8);
  add("moduleLoad", ModuleLoad);
  add("moduleUnload", ModuleUnload);
  add("moduleGetFunction", ModuleGetFunction);
  add("functionAttributes", FunctionAttributes);
  add("launch", Launch);
  RegisterDriverStreams(exports, add);
  RegisterDriverGraphs(exports, add);
}
