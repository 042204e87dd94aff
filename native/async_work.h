// Runs one blocking CUDA step on a libuv worker thread and settles a Promise with its status, so
// copies and synchronizations never block the event loop (the "baton" pattern of sharp/node-usb).
#pragma once
#include <napi.h>
#include <functional>
#include "cuda_api.h"

class CudaPromiseWorker : public Napi::AsyncWorker {
 public:
  // `step` runs on the worker thread with `ctx` current and returns a CUresult;
  // `call` names the failing driver function in the error; `keepAlive` (may be empty) is held
  // until the work ends (the JS memory the step reads or writes).
  static Napi::Promise Start(Napi::Env env, CUcontext ctx, const char* call,
                             std::function<CUresult()> step, Napi::Value keepAlive);

 protected:
  void Execute() override;
  void OnOK() override;
  void OnError(const Napi::Error& e) override;

 private:
  CudaPromiseWorker(Napi::Env env, CUcontext ctx, const char* call, std::function<CUresult()> step);
  Napi::Promise::Deferred deferred_;
  CUcontext ctx_;
  const char* call_;
  std::function<CUresult()> step_;
  Napi::ObjectReference keep_alive_;
  CUresult status_ = CUDA_SUCCESS;
};
