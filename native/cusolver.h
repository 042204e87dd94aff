#pragma once
#include <napi.h>
void RegisterCusolver(Napi::Env env, Napi::Object exports);
