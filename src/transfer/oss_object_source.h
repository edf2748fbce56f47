// An object in OSS or an S3 store, reached through a Client: HeadObject to
// probe (asking an S3 store for the checksum it keeps), or what a listing
// said of it; ranged GetObject with If-Match to fetch, or one whole GET.
#ifndef OSSXFER_TRANSFER_OSS_OBJECT_SOURCE_H_
#define OSSXFER_TRANSFER_OSS_OBJECT_SOURCE_H_

#include "ossxfer/client.h"
#include "ossxfer/download.h"
#include "transfer/object_source.h"

namespace ossxfer::transfer {

class OssObjectSource : public ObjectSource {
 public:
  // Both must outlive the source.
  OssObjectSource(const Client& client, const DownloadRequest& request)
      : client_(client), request_(request) {}

  // Fails for an Archive object that is not restored (InvalidObjectState),
  // saying how to restore it.
  Result<SourceObject> Probe(
      const std::function<bool()>& cancelled) const override;
  Status Fetch(const SourceObject& seen, uint64_t first, uint64_t last,
               BodySink& sink,
               const std::function<bool()>& cancelled) const override;
  // DownloadRequest::listed, unless it names an Archive-class object (its
  // restore state comes only with a HEAD).
  std::optional<SourceObject> Listed() const override;
  Result<ObjectMetadata> FetchWhole(
      const SourceObject& seen, BodySink& sink,
      const std::function<bool()>& cancelled) const override;
  // HEAD ?partNumber=1 of the version probed (S3; the client refuses it
  // for OSS).
  Result<std::optional<ObjectPartHead>> HeadFirstPart(
      const SourceObject& seen,
      const std::function<bool()>& cancelled) const override;
  SourceIdentity Identity() const override;
  std::string CheckpointKey() const override;
  std::string Describe() const override;

 private:
  // A GET of the version `seen`, retried by the engine, not the client.
  // `object` with what every store's object has: its ETag for validator.
  static SourceObject StoreObject(SourceObject object);
  GetObjectRequest GetOf(const SourceObject& seen,
                         const std::function<bool()>& cancelled) const;

  const Client& client_;
  const DownloadRequest& request_;
};

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_OSS_OBJECT_SOURCE_H_
