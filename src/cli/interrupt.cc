#include "cli/interrupt.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>

#include "cli/exit_codes.h"

namespace ossxfer::cli {
namespace {

// The handler may only touch lock-free atomics: the token is copied here
// once, before any signal can arrive, and never changed afterwards.
std::atomic<int> signals_received{0};
const CancellationToken* interrupt_token = nullptr;

void OnInterrupt(int) {
  if (signals_received.fetch_add(1) >= 1) {
    constexpr char kMessage[] = "\nossxfer: interrupted again, exiting now\n";
    (void)!::write(STDERR_FILENO, kMessage, sizeof(kMessage) - 1);
    ::_exit(kExitInterrupted);
  }
  constexpr char kStopping[] =
      "\nossxfer: stopping (Ctrl-C again exits at once)\n";
  (void)!::write(STDERR_FILENO, kStopping, sizeof(kStopping) - 1);
  if (interrupt_token != nullptr) interrupt_token->Cancel();
}

}  // namespace

void CancelOnInterrupt(const CancellationToken& token) {
  static const CancellationToken kept = token;
  interrupt_token = &kept;
  struct sigaction action {};
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool Interrupted() { return signals_received.load() > 0; }

}  // namespace ossxfer::cli
