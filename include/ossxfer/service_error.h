// An error answered by the OSS service (or an OSS-compatible server).
#ifndef OSSXFER_SERVICE_ERROR_H_
#define OSSXFER_SERVICE_ERROR_H_

#include <string>

namespace ossxfer {

// Everything OSS says about a failed request. All fields are kept, so that
// a user can quote the RequestId to support and look the EC code up.
struct ServiceError {
  int http_status = 0;
  std::string code;        // e.g. "NoSuchKey"
  std::string message;     // e.g. "The specified key does not exist."
  std::string request_id;  // also in the x-oss-request-id header
  std::string host_id;     // the host the request was sent to
  std::string ec;          // error-center code, e.g. "0026-00000001"

  // "NoSuchKey (HTTP 404): The specified key does not exist. [RequestId:
  // 6556E3AED11E553933CCDEDF, HostId: b.oss-cn-hangzhou.aliyuncs.com, EC:
  // 0026-00000001]". Fields the server did not send are left out.
  std::string ToString() const;
};

}  // namespace ossxfer

#endif  // OSSXFER_SERVICE_ERROR_H_
