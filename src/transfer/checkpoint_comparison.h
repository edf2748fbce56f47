// What differs between a checkpoint and the transfer asked for now: a
// checkpoint is resumed only when nothing does, and the message that
// discards it names every difference.
#ifndef OSSXFER_TRANSFER_CHECKPOINT_COMPARISON_H_
#define OSSXFER_TRANSFER_CHECKPOINT_COMPARISON_H_

#include <string>
#include <vector>

namespace ossxfer::transfer {

class CheckpointComparison {
 public:
  // Records `what` ("part size") when `different`.
  void Differs(bool different, std::string what);
  bool matches() const { return differences_.empty(); }
  // "source path, part size": the differences in the order found.
  std::string Summary() const;

 private:
  std::vector<std::string> differences_;
};

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_CHECKPOINT_COMPARISON_H_
