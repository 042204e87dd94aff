// CUDA graphs: one JS function per driver call, no policy (which launches form a graph, and when
// a node's arguments change, is src/runtime/cuda-graph.ts's business). Kernel arguments come as
// the same 8-byte slots as launch() (src/runtime/launch-args.ts); the driver copies them.
#include "driver.h"
#include "errors.h"
#include "loader.h"
#include "values.h"

namespace {
constexpr size_t kMaxArgs = 512;

void RequireGraphs(Napi::Env env) {
  if (!g_cu.cuGraphCreate) throw Napi::Error::New(env, "CUDA graphs: the driver has no graph API (CUDA 11.4 or newer needed)");
}

// Fills `p` from (fn, gx, gy, gz, bx, by, bz, sharedBytes, count, slots) at info[first..].
void KernelParams(const Napi::CallbackInfo& info, size_t first, CUDA_KERNEL_NODE_PARAMS_v1& p, void** params) {
  Napi::Env env = info.Env();
  p.func = ToHandle<CUfunction>(info[first], "function");
  unsigned dims[7];
  for (int i = 0; i < 7; ++i) dims[i] = info[first + 1 + i].As<Napi::Number>().Uint32Value();
  p.gridDimX = dims[0]; p.gridDimY = dims[1]; p.gridDimZ = dims[2];
  p.blockDimX = dims[3]; p.blockDimY = dims[4]; p.blockDimZ = dims[5];
  p.sharedMemBytes = dims[6];
  const size_t count = info[first + 8].As<Napi::Number>().Uint32Value();
  if (!info[first + 9].IsArrayBuffer()) throw Napi::TypeError::New(env, "graph kernel node: expected an ArrayBuffer of argument slots");
  Napi::ArrayBuffer slots = info[first + 9].As<Napi::ArrayBuffer>();
  if (count > kMaxArgs || slots.ByteLength() < count * 8)
    throw Napi::RangeError::New(env, "graph kernel node: more arguments than slots (or than 512)");
  auto* base = static_cast<uint8_t*>(slots.Data());
  for (size_t i = 0; i < count; ++i) params[i] = base + 8 * i;
  p.kernelParams = params;
  p.extra = nullptr;
}

void RequireCapture(Napi::Env env) {
  RequireGraphs(env);
  if (!g_cu.cuStreamBeginCapture) throw Napi::Error::New(env, "CUDA graphs: the driver has no stream capture or child graphs (CUDA 11.1 or newer needed)");
}

// graphsSupported(): whether the driver has the graph calls below.
Napi::Value GraphsSupported(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), g_cu.cuGraphCreate != nullptr);
}

// graphCreate(): an empty graph.
Napi::Value GraphCreate(const Napi::CallbackInfo& info) {
  RequireGraphs(info.Env());
  CUgraph g = nullptr;
  CheckCuda(info.Env(), g_cu.cuGraphCreate(&g, 0), "cuGraphCreate");
  return HandleValue(info.Env(), g);
}

// graphDestroy(graph).
Napi::Value GraphDestroy(const Napi::CallbackInfo& info) {
  RequireGraphs(info.Env());
  CheckCuda(info.Env(), g_cu.cuGraphDestroy(ToHandle<CUgraph>(info[0], "graph")), "cuGraphDestroy");
  return info.Env().Undefined();
}

// graphAddKernelNode(graph, dependency | 0n, fn, gx, gy, gz, bx, by, bz, sharedBytes, count, slots): the node.
Napi::Value GraphAddKernelNode(const Napi::CallbackInfo& info) {
  RequireGraphs(info.Env());
  CUDA_KERNEL_NODE_PARAMS_v1 p{};
  void* params[kMaxArgs];
  KernelParams(info, 2, p, params);
  CUgraphNode dep = ToHandle<CUgraphNode>(info[1], "dependency");
  CUgraphNode node = nullptr;
  CheckCuda(info.Env(), g_cu.cuGraphAddKernelNode(&node, ToHandle<CUgraph>(info[0], "graph"), dep ? &dep : nullptr, dep ? 1 : 0, &p),
            "cuGraphAddKernelNode");
  return HandleValue(info.Env(), node);
}

// graphInstantiate(graph): the executable graph.
Napi::Value GraphInstantiate(const Napi::CallbackInfo& info) {
  RequireGraphs(info.Env());
  CUgraphExec exec = nullptr;
  CheckCuda(info.Env(), g_cu.cuGraphInstantiateWithFlags(&exec, ToHandle<CUgraph>(info[0], "graph"), 0), "cuGraphInstantiateWithFlags");
  return HandleValue(info.Env(), exec);
}

// graphExecKernelNodeSetParams(exec, node, fn, gx, gy, gz, bx, by, bz, sharedBytes, count, slots).
Napi::Value GraphExecKernelNodeSetParams(const Napi::CallbackInfo& info) {
  RequireGraphs(info.Env());
  CUDA_KERNEL_NODE_PARAMS_v1 p{};
  void* params[kMaxArgs];
  KernelParams(info, 2, p, params);
  CheckCuda(info.Env(),
            g_cu.cuGraphExecKernelNodeSetParams(ToHandle<CUgraphExec>(info[0], "exec"), ToHandle<CUgraphNode>(info[1], "node"), &p),
            "cuGraphExecKernelNodeSetParams");
  return info.Env().Undefined();
}

// graphLaunch(exec, stream).
Napi::Value GraphLaunch(const Napi::CallbackInfo& info) {
  RequireGraphs(info.Env());
  CheckCuda(info.Env(), g_cu.cuGraphLaunch(ToHandle<CUgraphExec>(info[0], "exec"), ToHandle<CUstream>(info[1], "stream")),
            "cuGraphLaunch");
  return info.Env().Undefined();
}

// graphExecDestroy(exec).
Napi::Value GraphExecDestroy(const Napi::CallbackInfo& info) {
  RequireGraphs(info.Env());
  CheckCuda(info.Env(), g_cu.cuGraphExecDestroy(ToHandle<CUgraphExec>(info[0], "exec")), "cuGraphExecDestroy");
  return info.Env().Undefined();
}
// captureSupported(): whether the driver has the capture and child graph calls below.
Napi::Value CaptureSupported(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), g_cu.cuGraphCreate != nullptr && g_cu.cuStreamBeginCapture != nullptr);
}

// streamBeginCapture(stream): CU_STREAM_CAPTURE_MODE_RELAXED.
Napi::Value StreamBeginCapture(const Napi::CallbackInfo& info) {
  RequireCapture(info.Env());
  constexpr int kRelaxed = 2;
  CheckCuda(info.Env(), g_cu.cuStreamBeginCapture(ToHandle<CUstream>(info[0], "stream"), kRelaxed), "cuStreamBeginCapture");
  return info.Env().Undefined();
}

// streamEndCapture(stream): the captured graph.
Napi::Value StreamEndCapture(const Napi::CallbackInfo& info) {
  RequireCapture(info.Env());
  CUgraph g = nullptr;
  CheckCuda(info.Env(), g_cu.cuStreamEndCapture(ToHandle<CUstream>(info[0], "stream"), &g), "cuStreamEndCapture");
  return HandleValue(info.Env(), g);
}

// graphAddChildGraphNode(graph, dependency | 0n, child): the node (it holds a copy of child).
Napi::Value GraphAddChildGraphNode(const Napi::CallbackInfo& info) {
  RequireCapture(info.Env());
  CUgraphNode dep = ToHandle<CUgraphNode>(info[1], "dependency");
  CUgraphNode node = nullptr;
  CheckCuda(info.Env(),
            g_cu.cuGraphAddChildGraphNode(&node, ToHandle<CUgraph>(info[0], "graph"), dep ? &dep : nullptr, dep ? 1 : 0,
                                          ToHandle<CUgraph>(info[2], "child")),
            "cuGraphAddChildGraphNode");
  return HandleValue(info.Env(), node);
}

// graphExecChildGraphNodeSetParams(exec, node, child): child must have the node's graph's topology.
Napi::Value GraphExecChildGraphNodeSetParams(const Napi::CallbackInfo& info) {
  RequireCapture(info.Env());
  CheckCuda(info.Env(),
            g_cu.cuGraphExecChildGraphNodeSetParams(ToHandle<CUgraphExec>(info[0], "exec"), ToHandle<CUgraphNode>(info[1], "node"),
                                                    ToHandle<CUgraph>(info[2], "child")),
            "cuGraphExecChildGraphNodeSetParams");
  return info.Env().Undefined();
}
}  // namespace

void RegisterDriverGraphs(Napi::Object exports, const std::function<void(const char*, DriverFunction)>& add) {
  add("graphsSupported", GraphsSupported);
  add("graphCreate", GraphCreate);
  add("graphDestroy", GraphDestroy);
  add("graphAddKernelNode", GraphAddKernelNode);
  add("graphInstantiate", GraphInstantiate);
  add("graphExecKernelNodeSetParams", GraphExecKernelNodeSetParams);
  add("graphLaunch", GraphLaunch);
  add("graphExecDestroy", GraphExecDestroy);
  add("captureSupported", CaptureSupported);
  add("streamBeginCapture", StreamBeginCapture);
  add("streamEndCapture", StreamEndCapture);
  add("graphAddChildGraphNode", GraphAddChildGraphNode);
  add("graphExecChildGraphNodeSetParams", GraphExecChildGraphNodeSetParams);
  (void)exports;
}
