// Streams, events and pinned host memory: one JS function per driver call (or per small fixed
// sequence of them), no policy. Ordering between streams and the pinned pool live in
// src/runtime/cuda-stream.ts and src/runtime/pinned-pool.ts.
#include <string>

#include "driver.h"
#include "errors.h"
#include "host_copy.h"
#include "loader.h"
#include "values.h"

namespace {
constexpr unsigned CU_MEMHOSTALLOC_PORTABLE = 1;

// streamQuery(stream): true when all its work is done, false while some is pending.
Napi::Value StreamQuery(const Napi::CallbackInfo& info) {
  CUresult r = g_cu.cuStreamQuery(ToHandle<CUstream>(info[0], "stream"));
  if (r != CUDA_ERROR_NOT_READY) CheckCuda(info.Env(), r, "cuStreamQuery");
  return Napi::Boolean::New(info.Env(), r == CUDA_SUCCESS);
}

// eventQuery(event): true when the work before its last record is done.
Napi::Value EventQuery(const Napi::CallbackInfo& info) {
  CUresult r = g_cu.cuEventQuery(ToHandle<CUevent>(info[0], "event"));
  if (r != CUDA_ERROR_NOT_READY) CheckCuda(info.Env(), r, "cuEventQuery");
  return Napi::Boolean::New(info.Env(), r == CUDA_SUCCESS);
}

// streamWaitEvent(stream, event): work queued on `stream` from now on waits for the event.
Napi::Value StreamWaitEvent(const Napi::CallbackInfo& info) {
  CheckCuda(info.Env(),
            g_cu.cuStreamWaitEvent(ToHandle<CUstream>(info[0], "stream"), ToHandle<CUevent>(info[1], "event"), 0),
            "cuStreamWaitEvent");
  return info.Env().Undefined();
}

// streamWaitStream(waiter, waitee, event): records `event` on `waitee`, then makes `waiter` wait
// for it, so work queued on `waiter` from now on runs after the work queued on `waitee` so far.
// The wait captures the event as recorded now, so the caller may record it again at once.
Napi::Value StreamWaitStream(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CUevent e = ToHandle<CUevent>(info[2], "event");
  CheckCuda(env, g_cu.cuEventRecord(e, ToHandle<CUstream>(info[1], "waitee")), "cuEventRecord");
  CheckCuda(env, g_cu.cuStreamWaitEvent(ToHandle<CUstream>(info[0], "waiter"), e, 0), "cuStreamWaitEvent");
  return env.Undefined();
}

// streamDoneAsync(stream): a Promise settled once the work queued on `stream` so far is done,
// without a thread waiting for it: a host function queued on the stream (cuLaunchHostFunc) calls
// back into the event loop through a thread-safe function. Rejected with the stream's error, if any.
struct StreamDone;
void SettleStreamDone(Napi::Env env, Napi::Function, StreamDone* done, void*);
using StreamDoneTsfn = Napi::TypedThreadSafeFunction<StreamDone, void, SettleStreamDone>;

struct StreamDone {
  explicit StreamDone(Napi::Env env, CUstream s) : deferred(Napi::Promise::Deferred::New(env)), stream(s) {}
  Napi::Promise::Deferred deferred;
  CUstream stream;
  StreamDoneTsfn tsfn;
};

void SettleStreamDone(Napi::Env env, Napi::Function, StreamDone* done, void*) {
  if (env == nullptr) return;  // the environment is going away
  CUresult r = g_cu.cuStreamQuery(done->stream);
  if (r == CUDA_SUCCESS || r == CUDA_ERROR_NOT_READY) {
    done->deferred.Resolve(env.Undefined());
  } else {
    done->deferred.Reject(CudaError(env, r, "cuStreamQuery").Value());
  }
}

// Runs on a driver thread once the stream reaches it: no CUDA calls here.
void StreamReached(void* data) {
  auto* done = static_cast<StreamDone*>(data);
  done->tsfn.BlockingCall();
  done->tsfn.Release();
}

Napi::Value StreamDoneAsync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CUstream s = ToHandle<CUstream>(info[0], "stream");
  auto* done = new StreamDone(env, s);
  Napi::Promise promise = done->deferred.Promise();
  done->tsfn = StreamDoneTsfn::New(env, "cupyts:streamDone", 0, 1, done,
                                   [](Napi::Env, void*, StreamDone* d) { delete d; });
  CUresult r = g_cu.cuLaunchHostFunc(s, StreamReached, done);
  if (r != CUDA_SUCCESS) {
    done->deferred.Reject(CudaError(env, r, "cuLaunchHostFunc").Value());
    done->tsfn.Release();  // the finalizer deletes `done`
  }
  return promise;
}

void* HostPointer(const Napi::Value& v, const char* what) {
  return reinterpret_cast<void*>(static_cast<uintptr_t>(ToU64(v, what)));
}

// hostAlloc(bytes): page-locked host memory (cuMemHostAlloc), its address as a number.
Napi::Value HostAlloc(const Napi::CallbackInfo& info) {
  void* p = nullptr;
  CheckCuda(info.Env(), g_cu.cuMemHostAlloc(&p, ToU64(info[0], "bytes"), CU_MEMHOSTALLOC_PORTABLE), "cuMemHostAlloc");
  return PointerValue(info.Env(), reinterpret_cast<uintptr_t>(p));
}

Napi::Value HostFree(const Napi::CallbackInfo& info) {
  CheckCuda(info.Env(), g_cu.cuMemFreeHost(HostPointer(info[0], "ptr")), "cuMemFreeHost");
  return info.Env().Undefined();
}

// memcpyDtoHQueued(hostPtr, src, bytes, stream): queues a copy into page-locked memory; returns at once.
Napi::Value MemcpyDtoHQueued(const Napi::CallbackInfo& info) {
  CheckCuda(info.Env(),
            g_cu.cuMemcpyDtoHAsync(HostPointer(info[0], "hostPtr"), ToU64(info[1], "src"), ToU64(info[2], "bytes"),
                                   ToHandle<CUstream>(info[3], "stream")),
            "cuMemcpyDtoHAsync");
  return info.Env().Undefined();
}

// memcpyHtoDQueued(dst, hostPtr, bytes, stream): queues a copy from page-locked memory; returns at once.
Napi::Value MemcpyHtoDQueued(const Napi::CallbackInfo& info) {
  CheckCuda(info.Env(),
            g_cu.cuMemcpyHtoDAsync(ToU64(info[0], "dst"), HostPointer(info[1], "hostPtr"), ToU64(info[2], "bytes"),
                                   ToHandle<CUstream>(info[3], "stream")),
            "cuMemcpyHtoDAsync");
  return info.Env().Undefined();
}

// The optional thread count of hostRead/hostWrite (argument `i`); 1 where it is left out.
unsigned CopyThreads(const Napi::CallbackInfo& info, size_t i) {
  return info.Length() > i && !info[i].IsUndefined() ? static_cast<unsigned>(ToU64(info[i], "threads")) : 1;
}

// hostRead(view, hostPtr, threads?): copies view.byteLength bytes from host memory at hostPtr into
// the view, split over `threads` threads (./host_copy.h).
Napi::Value HostRead(const Napi::CallbackInfo& info) {
  HostView dst = ToHostView(info[0], "hostRead");
  if (dst.bytes > 0) CopyHostMemory(dst.data, HostPointer(info[1], "hostPtr"), dst.bytes, CopyThreads(info, 2));
  return info.Env().Undefined();
}

// hostWrite(hostPtr, view, threads?): copies the view's bytes to host memory at hostPtr, split over `threads` threads.
Napi::Value HostWrite(const Napi::CallbackInfo& info) {
  HostView src = ToHostView(info[1], "hostWrite");
  if (src.bytes > 0) CopyHostMemory(HostPointer(info[0], "hostPtr"), src.data, src.bytes, CopyThreads(info, 2));
  return info.Env().Undefined();
}
}  // namespace

void RegisterDriverStreams(Napi::Object, const std::function<void(const char*, DriverFunction)>& add) {
  add("streamQuery", StreamQuery);
  add("eventQuery", EventQuery);
  add("streamWaitEvent", StreamWaitEvent);
  add("streamWaitStream", StreamWaitStream);
  add("streamDoneAsync", StreamDoneAsync);
  add("hostAlloc", HostAlloc);
  add("hostFree", HostFree);
  add("memcpyDtoHQueued", MemcpyDtoHQueued);
  add("memcpyHtoDQueued", MemcpyHtoDQueued);
  add("hostRead", HostRead);
  add("hostWrite", HostWrite);
}
