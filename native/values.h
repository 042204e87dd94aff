// Small conversions between JS values and the driver's handles and pointers.
// Device pointers travel as JS numbers (every x86-64 and arm64 virtual address is below 2^53);
// opaque handles (streams, events, modules, functions) travel as bigints.
#pragma once
#include <napi.h>
#include <cstdint>

uint64_t ToU64(const Napi::Value& v, const char* what);
Napi::Value PointerValue(Napi::Env env, uint64_t ptr);
Napi::BigInt HandleValue(Napi::Env env, const void* handle);

template <typename T>
T ToHandle(const Napi::Value& v, const char* what) {
  return reinterpret_cast<T>(static_cast<uintptr_t>(ToU64(v, what)));
}

// A view of JS memory (TypedArray, DataView, Buffer or ArrayBuffer): base pointer and byte length.
struct HostView {
  void* data;
  size_t bytes;
};
HostView ToHostView(const Napi::Value& v, const char* what);
