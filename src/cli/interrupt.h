// Ctrl-C for transfer commands: the first SIGINT (or SIGTERM) cancels the
// running transfers through their CancellationToken, so they stop within a
// second and keep their checkpoints; a second one exits at once.
#ifndef OSSXFER_CLI_INTERRUPT_H_
#define OSSXFER_CLI_INTERRUPT_H_

#include "ossxfer/transfer_control.h"

namespace ossxfer::cli {

// Installs the handlers; `token` is cancelled on the first signal. Call
// once per process, before the transfers start.
void CancelOnInterrupt(const CancellationToken& token);

// True once a SIGINT or SIGTERM arrived.
bool Interrupted();

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_INTERRUPT_H_
