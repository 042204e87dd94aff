#pragma once
#include <napi.h>
void RegisterNccl(Napi::Env env, Napi::Object exports);
