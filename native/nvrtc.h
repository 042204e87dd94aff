#pragma once
#include <napi.h>
void RegisterNvrtc(Napi::Env env, Napi::Object exports);
