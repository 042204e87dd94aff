#include "signal_guard.h"

#include <signal.h>

#include <mutex>

namespace {
// Compiles overlap (compileAsync on libuv's pool, warmup worker threads), and signal actions
// belong to the process: the first guard in saves them, the last one out restores them.
std::mutex g_mutex;
int g_depth = 0;
struct sigaction g_saved[32];  // the standard signals, 1..31

bool Guarded(int sig) { return sig != SIGKILL && sig != SIGSTOP; }

void Save() {
  for (int sig = 1; sig < 32; ++sig) {
    if (Guarded(sig)) sigaction(sig, nullptr, &g_saved[sig]);
  }
}

// Puts back each action whose handler is still the saved one (NVRTC restores the handler but not
// its flags or mask). A signal whose handler is now another one was given it by the program on
// another thread during the call, and keeps it. (NVRTC's own restore of SIGINT/SIGTERM still
// replaces a handler installed for those two while it compiles: that race is NVRTC's.)
void Restore() {
  for (int sig = 1; sig < 32; ++sig) {
    struct sigaction now {};
    if (!Guarded(sig) || sigaction(sig, nullptr, &now) != 0) continue;
    if (now.sa_handler == g_saved[sig].sa_handler) sigaction(sig, &g_saved[sig], nullptr);
  }
}
}  // namespace

SignalGuard::SignalGuard() {
  std::lock_guard<std::mutex> lock(g_mutex);
  if (g_depth++ == 0) Save();
}

SignalGuard::~SignalGuard() {
  std::lock_guard<std::mutex> lock(g_mutex);
  if (--g_depth == 0) Restore();
}
