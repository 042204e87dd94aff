// NCCL: loaded with dlopen like cuBLAS and cuFFT, and one JS function per NCCL call (unique id,
// communicator setup and queries, the collectives, send/recv, group calls). No policy here: which
// buffers, streams and dtypes are used is decided in src/runtime/nccl.ts. Data are device
// pointers (JS numbers); communicators and streams are handles (bigints); a unique id is a
// 128-byte Uint8Array.
#include "nccl.h"

#include <dlfcn.h>

#include <cstring>
#include <string>
#include <vector>

#include "nccl_api.h"
#include "loader.h"
#include "values.h"

namespace {
NcclApi g_nccl{};
void* g_nccl_handle = nullptr;

const char* NcclResultName(ncclResult_t r) {
  switch (r) {
    case 0: return "ncclSuccess";
    case 1: return "ncclUnhandledCudaError";
    case 2: return "ncclSystemError";
    case 3: return "ncclInternalError";
    case 4: return "ncclInvalidArgument";
    case 5: return "ncclInvalidUsage";
    case 6: return "ncclRemoteError";
    case 7: return "ncclInProgress";
    default: return "ncclUnknownError";
  }
}

// An Error "ncclAllReduce: ncclInvalidArgument (4): <NCCL's text>" with .code the result's name.
void Check(Napi::Env env, ncclResult_t result, const char* call) {
  if (result == NCCL_SUCCESS) return;
  std::string name = NcclResultName(result);
  const char* text = g_nccl.ncclGetErrorString ? g_nccl.ncclGetErrorString(result) : nullptr;
  std::string message = std::string(call) + ": " + name + " (" + std::to_string(result) + ")";
  if (text) message += ": " + std::string(text);
  Napi::Error err = Napi::Error::New(env, message);
  err.Set("code", Napi::String::New(env, name));
  err.Set("status", Napi::Number::New(env, result));
  err.Set("call", Napi::String::New(env, call));
  throw err;
}

int Int(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::Number>().Int32Value(); }
size_t Count(const Napi::CallbackInfo& info, size_t i) { return static_cast<size_t>(ToU64(info[i], "count")); }
const void* Ptr(const Napi::CallbackInfo& info, size_t i, const char* what) {
  return reinterpret_cast<const void*>(static_cast<uintptr_t>(ToU64(info[i], what)));
}
void* MutPtr(const Napi::CallbackInfo& info, size_t i, const char* what) { return const_cast<void*>(Ptr(info, i, what)); }
ncclComm_t Comm(const Napi::CallbackInfo& info, size_t i) { return ToHandle<ncclComm_t>(info[i], "communicator"); }
CUstream Stream(const Napi::CallbackInfo& info, size_t i) { return ToHandle<CUstream>(info[i], "stream"); }
Napi::Value Undefined(const Napi::CallbackInfo& info) { return info.Env().Undefined(); }

Napi::Value Version(const Napi::CallbackInfo& info) {
  int v = 0;
  Check(info.Env(), g_nccl.ncclGetVersion(&v), "ncclGetVersion");
  return Napi::Number::New(info.Env(), v);
}

// getUniqueId() -> Uint8Array(128)
Napi::Value GetUniqueId(const Napi::CallbackInfo& info) {
  ncclUniqueId id{};
  Check(info.Env(), g_nccl.ncclGetUniqueId(&id), "ncclGetUniqueId");
  Napi::Uint8Array out = Napi::Uint8Array::New(info.Env(), NCCL_UNIQUE_ID_BYTES);
  std::memcpy(out.Data(), id.internal, NCCL_UNIQUE_ID_BYTES);
  return out;
}

// commInitRank(nranks, id: Uint8Array(128), rank) -> communicator (on the current context's device)
Napi::Value CommInitRank(const Napi::CallbackInfo& info) {
  HostView id_view = ToHostView(info[1], "unique id");
  if (id_view.bytes != NCCL_UNIQUE_ID_BYTES) throw Napi::RangeError::New(info.Env(), "unique id: expected 128 bytes");
  ncclUniqueId id{};
  std::memcpy(id.internal, id_view.data, NCCL_UNIQUE_ID_BYTES);
  ncclComm_t comm = nullptr;
  Check(info.Env(), g_nccl.ncclCommInitRank(&comm, Int(info, 0), id, Int(info, 2)), "ncclCommInitRank");
  return HandleValue(info.Env(), comm);
}

// commInitAll(devices: number[]) -> communicators, one per device in that order
Napi::Value CommInitAll(const Napi::CallbackInfo& info) {
  Napi::Array list = info[0].As<Napi::Array>();
  std::vector<int> devices;
  for (uint32_t i = 0; i < list.Length(); i++) devices.push_back(list.Get(i).As<Napi::Number>().Int32Value());
  std::vector<ncclComm_t> comms(devices.size(), nullptr);
  Check(info.Env(), g_nccl.ncclCommInitAll(comms.data(), static_cast<int>(devices.size()), devices.data()), "ncclCommInitAll");
  Napi::Array out = Napi::Array::New(info.Env(), comms.size());
  for (uint32_t i = 0; i < comms.size(); i++) out.Set(i, HandleValue(info.Env(), comms[i]));
  return out;
}

Napi::Value CommDestroy(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_nccl.ncclCommDestroy(Comm(info, 0)), "ncclCommDestroy");
  return Undefined(info);
}

Napi::Value CommAbort(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_nccl.ncclCommAbort(Comm(info, 0)), "ncclCommAbort");
  return Undefined(info);
}

Napi::Value CommCount(const Napi::CallbackInfo& info) {
  int v = 0;
  Check(info.Env(), g_nccl.ncclCommCount(Comm(info, 0), &v), "ncclCommCount");
  return Napi::Number::New(info.Env(), v);
}

Napi::Value CommCuDevice(const Napi::CallbackInfo& info) {
  int v = 0;
  Check(info.Env(), g_nccl.ncclCommCuDevice(Comm(info, 0), &v), "ncclCommCuDevice");
  return Napi::Number::New(info.Env(), v);
}

Napi::Value CommUserRank(const Napi::CallbackInfo& info) {
  int v = 0;
  Check(info.Env(), g_nccl.ncclCommUserRank(Comm(info, 0), &v), "ncclCommUserRank");
  return Napi::Number::New(info.Env(), v);
}

// commGetAsyncError(comm) -> the pending asynchronous result (0: none)
Napi::Value CommGetAsyncError(const Napi::CallbackInfo& info) {
  ncclResult_t v = 0;
  Check(info.Env(), g_nccl.ncclCommGetAsyncError(Comm(info, 0), &v), "ncclCommGetAsyncError");
  return Napi::Number::New(info.Env(), v);
}

// allReduce(send, recv, count, dtype, op, comm, stream)
Napi::Value AllReduce(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_nccl.ncclAllReduce(Ptr(info, 0, "send"), MutPtr(info, 1, "recv"), Count(info, 2), Int(info, 3), Int(info, 4),
                                         Comm(info, 5), Stream(info, 6)), "ncclAllReduce");
  return Undefined(info);
}

// broadcast(send, recv, count, dtype, root, comm, stream)
Napi::Value Broadcast(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_nccl.ncclBroadcast(Ptr(info, 0, "send"), MutPtr(info, 1, "recv"), Count(info, 2), Int(info, 3), Int(info, 4),
                                         Comm(info, 5), Stream(info, 6)), "ncclBroadcast");
  return Undefined(info);
}

// reduce(send, recv, count, dtype, op, root, comm, stream)
Napi::Value Reduce(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_nccl.ncclReduce(Ptr(info, 0, "send"), MutPtr(info, 1, "recv"), Count(info, 2), Int(info, 3), Int(info, 4),
                                      Int(info, 5), Comm(info, 6), Stream(info, 7)), "ncclReduce");
  return Undefined(info);
}

// allGather(send, recv, sendCount, dtype, comm, stream)
Napi::Value AllGather(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_nccl.ncclAllGather(Ptr(info, 0, "send"), MutPtr(info, 1, "recv"), Count(info, 2), Int(info, 3), Comm(info, 4),
                                         Stream(info, 5)), "ncclAllGather");
  return Undefined(info);
}

// reduceScatter(send, recv, recvCount, dtype, op, comm, stream)
Napi::Value ReduceScatter(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_nccl.ncclReduceScatter(Ptr(info, 0, "send"), MutPtr(info, 1, "recv"), Count(info, 2), Int(info, 3), Int(info, 4),
                                             Comm(info, 5), Stream(info, 6)), "ncclReduceScatter");
  return Undefined(info);
}

// send(buffer, count, dtype, peer, comm, stream)
Napi::Value Send(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_nccl.ncclSend(Ptr(info, 0, "send"), Count(info, 1), Int(info, 2), Int(info, 3), Comm(info, 4), Stream(info, 5)),
        "ncclSend");
  return Undefined(info);
}

// recv(buffer, count, dtype, peer, comm, stream)
Napi::Value Recv(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_nccl.ncclRecv(MutPtr(info, 0, "recv"), Count(info, 1), Int(info, 2), Int(info, 3), Comm(info, 4), Stream(info, 5)),
        "ncclRecv");
  return Undefined(info);
}

Napi::Value GroupStart(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_nccl.ncclGroupStart(), "ncclGroupStart");
  return Undefined(info);
}

Napi::Value GroupEnd(const Napi::CallbackInfo& info) {
  Check(info.Env(), g_nccl.ncclGroupEnd(), "ncclGroupEnd");
  return Undefined(info);
}

// "" on success, otherwise the reason (dlerror text or the missing symbol).
std::string LoadNcclLibrary(const std::string& path) {
  if (g_nccl_handle) return "";
  void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h) return OpenError(path);
  NcclApi api{};
  std::string missing;
  bool ok = Resolve(h, api.ncclGetVersion, "ncclGetVersion", missing) &&
            Resolve(h, api.ncclGetUniqueId, "ncclGetUniqueId", missing) &&
            Resolve(h, api.ncclCommInitRank, "ncclCommInitRank", missing) &&
            Resolve(h, api.ncclCommInitAll, "ncclCommInitAll", missing) &&
            Resolve(h, api.ncclCommDestroy, "ncclCommDestroy", missing) &&
            Resolve(h, api.ncclCommAbort, "ncclCommAbort", missing) &&
            Resolve(h, api.ncclCommCount, "ncclCommCount", missing) &&
            Resolve(h, api.ncclCommCuDevice, "ncclCommCuDevice", missing) &&
            Resolve(h, api.ncclCommUserRank, "ncclCommUserRank", missing) &&
            Resolve(h, api.ncclCommGetAsyncError, "ncclCommGetAsyncError", missing) &&
            Resolve(h, api.ncclGetErrorString, "ncclGetErrorString", missing) &&
            Resolve(h, api.ncclAllReduce, "ncclAllReduce", missing) &&
            Resolve(h, api.ncclBroadcast, "ncclBroadcast", missing) &&
            Resolve(h, api.ncclReduce, "ncclReduce", missing) &&
            Resolve(h, api.ncclAllGather, "ncclAllGather", missing) &&
            Resolve(h, api.ncclReduceScatter, "ncclReduceScatter", missing) &&
            Resolve(h, api.ncclSend, "ncclSend", missing) &&
            Resolve(h, api.ncclRecv, "ncclRecv", missing) &&
            Resolve(h, api.ncclGroupStart, "ncclGroupStart", missing) &&
            Resolve(h, api.ncclGroupEnd, "ncclGroupEnd", missing);
  if (!ok) {
    dlclose(h);
    return path + " has no symbol " + missing + " (cupyts needs NCCL 2.7 or newer)";
  }
  g_nccl = api;
  g_nccl_handle = h;
  return "";
}

Napi::Value LoadNccl(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), LoadNcclLibrary(info[0].As<Napi::String>().Utf8Value()));
}

// The file NCCL came from (dladdr on one of its symbols), "" if not loaded.
Napi::Value LoadedPath(const Napi::CallbackInfo& info) {
  Dl_info dl{};
  if (!g_nccl_handle || !dladdr(reinterpret_cast<void*>(g_nccl.ncclGetVersion), &dl) || !dl.dli_fname) {
    return Napi::String::New(info.Env(), "");
  }
  return Napi::String::New(info.Env(), dl.dli_fname);
}

void RequireNccl(Napi::Env env) {
  if (!g_nccl_handle) {
    Napi::Error err = Napi::Error::New(env, "the NCCL library is not loaded");
    err.Set("code", Napi::String::New(env, "ERR_NCCL_NOT_LOADED"));
    throw err;
  }
}
}  // namespace

void RegisterNccl(Napi::Env env, Napi::Object exports) {
  exports.Set("loadNccl", Napi::Function::New(env, LoadNccl, "loadNccl"));
  exports.Set("ncclLoadedPath", Napi::Function::New(env, LoadedPath, "ncclLoadedPath"));
  auto add = [&](const char* name, Napi::Value (*fn)(const Napi::CallbackInfo&)) {
    exports.Set(name, Napi::Function::New(env, [fn](const Napi::CallbackInfo& info) {
      RequireNccl(info.Env());
      return fn(info);
    }, name));
  };
  add("ncclGetVersion", Version);
  add("ncclGetUniqueId", GetUniqueId);
  add("ncclCommInitRank", CommInitRank);
  add("ncclCommInitAll", CommInitAll);
  add("ncclCommDestroy", CommDestroy);
  add("ncclCommAbort", CommAbort);
  add("ncclCommCount", CommCount);
  add("ncclCommCuDevice", CommCuDevice);
  add("ncclCommUserRank", CommUserRank);
  add("ncclCommGetAsyncError", CommGetAsyncError);
  add("ncclAllReduce", AllReduce);
  add("ncclBroadcast", Broadcast);
  add("ncclReduce", Reduce);
  add("ncclAllGather", AllGather);
  add("ncclReduceScatter", ReduceScatter);
  add("ncclSend", Send);
  add("ncclRecv", Recv);
  add("ncclGroupStart", GroupStart);
  add("ncclGroupEnd", GroupEnd);
}
