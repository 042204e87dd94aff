#include "async_work.h"

#include "errors.h"
#include "loader.h"

CudaPromiseWorker::CudaPromiseWorker(Napi::Env env, CUcontext ctx, const char* call,
                                     std::function<CUresult()> step)
    : Napi::AsyncWorker(env, "cupyts:cuda"), deferred_(Napi::Promise::Deferred::New(env)),
      ctx_(ctx), call_(call), step_(std::move(step)) {}

Napi::Promise CudaPromiseWorker::Start(Napi::Env env, CUcontext ctx, const char* call,
                                       std::function<CUresult()> step, Napi::Value keepAlive) {
  auto* worker = new CudaPromiseWorker(env, ctx, call, std::move(step));
  if (keepAlive.IsObject()) worker->keep_alive_ = Napi::Persistent(keepAlive.As<Napi::Object>());
  Napi::Promise promise = worker->deferred_.Promise();
  worker->Queue();
  return promise;
}

void CudaPromiseWorker::Execute() {
  status_ = g_cu.cuCtxSetCurrent(ctx_);
  if (status_ != CUDA_SUCCESS) {
    call_ = "cuCtxSetCurrent";
  } else {
    status_ = step_();
  }
  if (status_ != CUDA_SUCCESS) SetError(call_);
}

void CudaPromiseWorker::OnOK() { deferred_.Resolve(Env().Undefined()); }

void CudaPromiseWorker::OnError(const Napi::Error&) {
  deferred_.Reject(CudaError(Env(), status_, call_).Value());
}
