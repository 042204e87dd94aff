// NVRTC: version, supported architectures, and compiling one CUDA C source to CUBIN or PTX,
// synchronously or on a worker thread. A failed compile is not thrown here: the result carries
// the status and the log, and src/runtime/ builds the user-facing error (with the source).
// Every call into NVRTC runs under a SignalGuard (signal_guard.h: NVRTC 11.8 damages the
// SIGINT/SIGTERM actions, so Ctrl-C no longer ended the process).
#include "nvrtc.h"

#include <string>
#include <vector>

#include "errors.h"
#include "loader.h"
#include "signal_guard.h"

namespace {
struct CompileJob {
  std::string source, name;
  std::vector<std::string> options;
  bool cubin = true;
  // results
  nvrtcResult status = NVRTC_SUCCESS;
  std::string step;  // the NVRTC call that failed, if any
  std::string log;
  std::vector<char> binary;
};

void RunCompile(CompileJob& job) {
  SignalGuard guard;
  nvrtcProgram prog = nullptr;
  job.status = g_nvrtc.nvrtcCreateProgram(&prog, job.source.c_str(), job.name.c_str(), 0, nullptr, nullptr);
  if (job.status != NVRTC_SUCCESS) { job.step = "nvrtcCreateProgram"; return; }
  std::vector<const char*> opts;
  for (const auto& o : job.options) opts.push_back(o.c_str());
  job.status = g_nvrtc.nvrtcCompileProgram(prog, static_cast<int>(opts.size()), opts.data());
  if (job.status != NVRTC_SUCCESS) job.step = "nvrtcCompileProgram";
  size_t log_size = 0;
  if (g_nvrtc.nvrtcGetProgramLogSize(prog, &log_size) == NVRTC_SUCCESS && log_size > 1) {
    job.log.resize(log_size);
    g_nvrtc.nvrtcGetProgramLog(prog, job.log.data());
    job.log.resize(log_size - 1);  // drop the terminating NUL
  }
  if (job.status == NVRTC_SUCCESS) {
    size_t size = 0;
    auto get_size = job.cubin ? g_nvrtc.nvrtcGetCUBINSize : g_nvrtc.nvrtcGetPTXSize;
    auto get = job.cubin ? g_nvrtc.nvrtcGetCUBIN : g_nvrtc.nvrtcGetPTX;
    job.status = get_size(prog, &size);
    if (job.status == NVRTC_SUCCESS) {
      job.binary.resize(size);
      job.status = get(prog, job.binary.data());
    }
    if (job.status != NVRTC_SUCCESS) job.step = job.cubin ? "nvrtcGetCUBIN" : "nvrtcGetPTX";
  }
  g_nvrtc.nvrtcDestroyProgram(&prog);
}

CompileJob ReadJob(const Napi::CallbackInfo& info) {
  CompileJob job;
  job.source = info[0].As<Napi::String>().Utf8Value();
  job.name = info[1].As<Napi::String>().Utf8Value();
  Napi::Array opts = info[2].As<Napi::Array>();
  for (uint32_t i = 0; i < opts.Length(); ++i) job.options.push_back(opts.Get(i).As<Napi::String>().Utf8Value());
  job.cubin = info[3].As<Napi::String>().Utf8Value() != "ptx";
  return job;
}

// { ok, status, statusName, step, log, binary: Uint8Array | null }
Napi::Object JobResult(Napi::Env env, CompileJob& job) {
  Napi::Object out = Napi::Object::New(env);
  out.Set("ok", Napi::Boolean::New(env, job.status == NVRTC_SUCCESS));
  out.Set("status", Napi::Number::New(env, job.status));
  out.Set("statusName", Napi::String::New(env, g_nvrtc.nvrtcGetErrorString(job.status)));
  out.Set("step", Napi::String::New(env, job.step));
  out.Set("log", Napi::String::New(env, job.log));
  if (job.status == NVRTC_SUCCESS) {
    auto buf = Napi::Uint8Array::New(env, job.binary.size());
    std::copy(job.binary.begin(), job.binary.end(), buf.Data());
    out.Set("binary", buf);
  } else {
    out.Set("binary", env.Null());
  }
  return out;
}

class CompileWorker : public Napi::AsyncWorker {
 public:
  CompileWorker(Napi::Env env, CompileJob job)
      : Napi::AsyncWorker(env, "cupyts:nvrtc"), deferred_(Napi::Promise::Deferred::New(env)), job_(std::move(job)) {}
  Napi::Promise Promise() { return deferred_.Promise(); }
  void Execute() override { RunCompile(job_); }
  void OnOK() override { deferred_.Resolve(JobResult(Env(), job_)); }

 private:
  Napi::Promise::Deferred deferred_;
  CompileJob job_;
};

Napi::Value LoadNvrtc(const Napi::CallbackInfo& info) {
  SignalGuard guard;  // the library's initializers run here
  return Napi::String::New(info.Env(), LoadNvrtcLibrary(info[0].As<Napi::String>().Utf8Value()));
}

Napi::Value PreloadLib(const Napi::CallbackInfo& info) {
  SignalGuard guard;
  return Napi::String::New(info.Env(), PreloadLibrary(info[0].As<Napi::String>().Utf8Value()));
}

Napi::Value Version(const Napi::CallbackInfo& info) {
  SignalGuard guard;
  int major = 0, minor = 0;
  g_nvrtc.nvrtcVersion(&major, &minor);
  Napi::Array out = Napi::Array::New(info.Env(), 2);
  out.Set(0u, major);
  out.Set(1u, minor);
  return out;
}

Napi::Value LoadedPath(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), NvrtcLoadedPath()); }

Napi::Value SupportedArchs(const Napi::CallbackInfo& info) {
  SignalGuard guard;
  int n = 0;
  g_nvrtc.nvrtcGetNumSupportedArchs(&n);
  std::vector<int> archs(n > 0 ? n : 0);
  if (n > 0) g_nvrtc.nvrtcGetSupportedArchs(archs.data());
  Napi::Array out = Napi::Array::New(info.Env(), archs.size());
  for (size_t i = 0; i < archs.size(); ++i) out.Set(static_cast<uint32_t>(i), archs[i]);
  return out;
}

// compile(source, name, options, 'cubin' | 'ptx')
Napi::Value Compile(const Napi::CallbackInfo& info) {
  CompileJob job = ReadJob(info);
  RunCompile(job);
  return JobResult(info.Env(), job);
}

Napi::Value CompileAsync(const Napi::CallbackInfo& info) {
  auto* worker = new CompileWorker(info.Env(), ReadJob(info));
  Napi::Promise p = worker->Promise();
  worker->Queue();
  return p;
}
}  // namespace

void RegisterNvrtc(Napi::Env env, Napi::Object exports) {
  exports.Set("loadNvrtc", Napi::Function::New(env, LoadNvrtc, "loadNvrtc"));
  exports.Set("preloadLibrary", Napi::Function::New(env, PreloadLib, "preloadLibrary"));
  auto add = [&](const char* name, Napi::Value (*fn)(const Napi::CallbackInfo&)) {
    exports.Set(name, Napi::Function::New(env, [fn](const Napi::CallbackInfo& info) {
      RequireNvrtc(info.Env());
      return fn(info);
    }, name));
  };
  add("nvrtcVersion", Version);
  add("nvrtcLoadedPath", LoadedPath);
  add("nvrtcSupportedArchs", SupportedArchs);
  add("nvrtcCompile", Compile);
  add("nvrtcCompileAsync", CompileAsync);
}
