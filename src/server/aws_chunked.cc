#include "server/aws_chunked.h"

#include <fmt/format.h>

#include <algorithm>

#include "server/store_errors.h"
#include "util/digest.h"
#include "util/encoding.h"
#include "util/text.h"

namespace ossxfer::server {
namespace {

// A size line is "<hex>;chunk-signature=<64 hex>": far below this. The
// trailer is a checksum header and its signature.
constexpr size_t kMaxSizeLine = 4096;
constexpr size_t kMaxTrailer = 16 * 1024;

constexpr std::string_view kEmptySha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr std::string_view kSignatureField = "chunk-signature=";

Status Incomplete(std::string_view what) {
  return OssError(400, "IncompleteBody",
                  "The aws-chunked body is malformed: " + std::string(what));
}

Status WrongSignature(std::string_view what) {
  return OssError(403, "SignatureDoesNotMatch",
                  "The request signature we calculated does not match the "
                  "signature you provided (" +
                      std::string(what) + ").");
}

bool SameText(std::string_view a, std::string_view b) {
  return util::EqualsIgnoringAsciiCase(a, b);
}

}  // namespace

struct AwsChunkedDecoder::ChunkHash {
  std::unique_ptr<util::DigestStream> sha256;
  void Restart() {
    sha256 =
        std::make_unique<util::DigestStream>(util::DigestAlgorithm::kSha256);
  }
};

AwsChunkedDecoder::AwsChunkedDecoder(DataWriter& inner,
                                     std::optional<ChunkSigning> signing,
                                     std::optional<std::string> trailer)
    : inner_(inner),
      signing_(std::move(signing)),
      trailer_(std::move(trailer)),
      chunk_hash_(std::make_unique<ChunkHash>()) {
  if (signing_) previous_signature_ = signing_->seed_signature;
}

AwsChunkedDecoder::~AwsChunkedDecoder() = default;

Status AwsChunkedDecoder::Fail(Status status) {
  if (failure_.ok()) failure_ = std::move(status);
  return failure_;
}

Status AwsChunkedDecoder::Append(const char* data, size_t size) {
  if (!failure_.ok()) return failure_;
  std::string_view input(data, size);
  while (!input.empty()) {
    switch (state_) {
      case State::kData: {
        const size_t take =
            static_cast<size_t>(std::min<uint64_t>(chunk_left_, input.size()));
        if (signing_) chunk_hash_->sha256->Update(input.data(), take);
        if (Status passed = inner_.Append(input.data(), take); !passed.ok()) {
          return Fail(passed);
        }
        decoded_ += take;
        chunk_left_ -= take;
        input.remove_prefix(take);
        if (chunk_left_ == 0) state_ = State::kDataEnd;
        break;
      }
      case State::kDataEnd: {
        line_ += input.front();
        input.remove_prefix(1);
        if (line_.size() < 2) break;
        if (line_ != "\r\n")
          return Fail(
              Incomplete("a chunk's data is not "
                         "followed by CRLF"));
        line_.clear();
        if (Status ended = EndChunk(); !ended.ok()) return Fail(ended);
        state_ = State::kSizeLine;
        break;
      }
      case State::kSizeLine:
      case State::kTrailer: {
        const size_t limit =
            state_ == State::kSizeLine ? kMaxSizeLine : kMaxTrailer;
        const size_t newline = input.find('\n');
        const size_t take =
            newline == std::string_view::npos ? input.size() : newline + 1;
        line_.append(input.substr(0, take));
        input.remove_prefix(take);
        if (line_.size() + trailer_text_.size() > limit) {
          return Fail(Incomplete(state_ == State::kSizeLine
                                     ? "a chunk header is longer than 4 KiB"
                                     : "the trailer is longer than 16 KiB"));
        }
        if (newline == std::string_view::npos) break;
        if (!line_.ends_with("\r\n")) {
          return Fail(Incomplete("a line does not end in CRLF"));
        }
        const std::string line = line_.substr(0, line_.size() - 2);
        line_.clear();
        Status taken = state_ == State::kSizeLine ? TakeSizeLine(line)
                                                  : TakeTrailerLine(line);
        if (!taken.ok()) return Fail(taken);
        break;
      }
      case State::kDone:
        return Fail(Incomplete("bytes follow the end of the body"));
    }
  }
  return Status();
}

Status AwsChunkedDecoder::TakeSizeLine(std::string_view line) {
  const size_t semicolon = line.find(';');
  const std::string_view hex = line.substr(0, semicolon);
  if (hex.empty() || hex.size() > 15 ||
      !std::all_of(hex.begin(), hex.end(), [](char c) {
        return std::isxdigit(static_cast<unsigned char>(c));
      })) {
    return Incomplete(
        fmt::format("\"{}\" is not a chunk size in hex", line.substr(0, 40)));
  }
  chunk_left_ = std::stoull(std::string(hex), nullptr, 16);
  chunk_signature_.clear();
  if (semicolon != std::string_view::npos) {
    const std::string_view extension = line.substr(semicolon + 1);
    if (extension.starts_with(kSignatureField)) {
      chunk_signature_ = extension.substr(kSignatureField.size());
    }
  }
  if (signing_ && chunk_signature_.empty()) {
    return Incomplete("a chunk has no chunk-signature");
  }
  if (signing_) chunk_hash_->Restart();
  if (chunk_left_ > 0) {
    state_ = State::kData;
    return Status();
  }
  // The final, empty chunk: signed like the others, then the trailer
  // (possibly empty) up to an empty line.
  final_chunk_ = true;
  state_ = State::kTrailer;
  return EndChunk();
}

Status AwsChunkedDecoder::EndChunk() {
  if (!signing_) return Status();
  const std::string data_hash = util::HexLower(chunk_hash_->sha256->Finish());
  const std::string string_to_sign = fmt::format(
      "AWS4-HMAC-SHA256-PAYLOAD\n{}\n{}\n{}\n{}\n{}", signing_->date,
      signing_->scope, previous_signature_, kEmptySha256, data_hash);
  const std::string expected =
      util::HexLower(util::HmacSha256(signing_->signing_key, string_to_sign));
  if (expected != chunk_signature_) {
    return WrongSignature(final_chunk_ ? "the final chunk's signature"
                                       : "a chunk-signature");
  }
  previous_signature_ = expected;
  return Status();
}

Status AwsChunkedDecoder::TakeTrailerLine(std::string_view line) {
  if (line.empty()) {
    // Some senders put an empty line between the final chunk and the
    // trailer (s3-protocol.md §2.9): one is skipped while nothing of a
    // trailer that is due has come yet; otherwise the empty line ends it.
    const bool nothing_yet = !trailer_value_ && !trailer_signature_;
    if (trailer_ && nothing_yet && !skipped_blank_) {
      skipped_blank_ = true;
      return Status();
    }
    state_ = State::kDone;
    return Status();
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) {
    return OssError(400, "InvalidRequest", "a trailer line is not name:value");
  }
  const std::string name = util::AsciiLower(
      util::Trim(line.substr(0, colon), util::kHttpWhitespace));
  const std::string value(
      util::Trim(line.substr(colon + 1), util::kHttpWhitespace));
  if (name == "x-amz-trailer-signature") {
    trailer_signature_ = value;
    return Status();
  }
  if (!trailer_ || !SameText(name, *trailer_) || trailer_value_) {
    return OssError(400, "InvalidRequest",
                    fmt::format("the trailer sends {}, which x-amz-trailer "
                                "did not announce (or sends it twice)",
                                name));
  }
  trailer_value_ = value;
  trailer_text_ += name + ":" + value + "\n";
  return Status();
}

Status AwsChunkedDecoder::Finish(uint64_t decoded_length) {
  if (!failure_.ok()) return failure_;
  if (state_ != State::kDone) {
    return Fail(
        Incomplete("the body ended before its final chunk and "
                   "trailer"));
  }
  if (trailer_ && !trailer_value_) {
    return Fail(OssError(400, "InvalidRequest",
                         "x-amz-trailer announced " + *trailer_ +
                             ", and the body's trailer does not carry it"));
  }
  if (signing_ && trailer_) {
    const std::string string_to_sign =
        fmt::format("AWS4-HMAC-SHA256-TRAILER\n{}\n{}\n{}\n{}", signing_->date,
                    signing_->scope, previous_signature_,
                    util::HexLower(util::Sha256(trailer_text_)));
    const std::string expected =
        util::HexLower(util::HmacSha256(signing_->signing_key, string_to_sign));
    if (trailer_signature_ != expected) {
      return Fail(WrongSignature("x-amz-trailer-signature"));
    }
  }
  if (decoded_ != decoded_length) {
    return Fail(Incomplete(fmt::format(
        "it carries {} bytes, and x-amz-decoded-content-length says {}",
        decoded_, decoded_length)));
  }
  return Status();
}

}  // namespace ossxfer::server
