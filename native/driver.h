#pragma once
#include <napi.h>
#include <functional>
void RegisterDriver(Napi::Env env, Napi::Object exports);

// Streams, events and pinned host memory (driver_streams.cc), registered by RegisterDriver through
// its `add` (which checks that the driver is loaded).
using DriverFunction = Napi::Value (*)(const Napi::CallbackInfo&);
void RegisterDriverStreams(Napi::Object exports, const std::function<void(const char*, DriverFunction)>& add);

// CUDA graphs (driver_graphs.cc), registered by RegisterDriver through its `add`.
void RegisterDriverGraphs(Napi::Object exports, const std::function<void(const char*, DriverFunction)>& add);
