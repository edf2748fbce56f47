#include "cli/serve_command.h"

#include <fmt/format.h>
#include <signal.h>

#include <cstdlib>
#include <map>
#include <memory>

#include "server/oss_server.h"

namespace ossxfer::cli {
namespace {

struct ServeFlags {
  std::string root;
  std::string listen = "127.0.0.1:0";
  std::string access_key_id;
  std::string access_key_secret;
  std::string security_token;
  bool anonymous = false;
  std::string domain;
  int64_t restore_delay_ms = 0;
  std::string synthetic_bucket = "synthetic";
  std::string faults;
  int not_implemented_status = 501;
  server::DialectRule dialect = server::DialectRule::kAuto;
};

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

int RunServe(const ServeFlags& flags) {
  server::ServerOptions options;
  options.root = flags.root;
  size_t colon = flags.listen.rfind(':');
  if (colon == std::string::npos) {
    fmt::print(stderr,
               "ossxfer serve: --listen must be HOST:PORT (e.g. 127.0.0.1:0), "
               "got {}\n",
               flags.listen);
    return 2;
  }
  options.listen_host = flags.listen.substr(0, colon);
  if (options.listen_host.starts_with('[') &&
      options.listen_host.ends_with(']')) {
    options.listen_host =
        options.listen_host.substr(1, options.listen_host.size() - 2);
  }
  try {
    int port = std::stoi(flags.listen.substr(colon + 1));
    if (port < 0 || port > 65535) throw std::out_of_range("port");
    options.listen_port = static_cast<uint16_t>(port);
  } catch (const std::exception&) {
    fmt::print(stderr,
               "ossxfer serve: the port in --listen {} must be 0 to 65535\n",
               flags.listen);
    return 2;
  }
  options.credentials.access_key_id =
      EnvOr("OSS_ACCESS_KEY_ID", flags.access_key_id);
  options.credentials.access_key_secret =
      EnvOr("OSS_ACCESS_KEY_SECRET", flags.access_key_secret);
  if (!flags.access_key_id.empty())
    options.credentials.access_key_id = flags.access_key_id;
  if (!flags.access_key_secret.empty()) {
    options.credentials.access_key_secret = flags.access_key_secret;
  }
  options.credentials.security_token = flags.security_token;
  options.anonymous = flags.anonymous;
  options.domain = flags.domain;
  options.restore_delay = std::chrono::milliseconds(flags.restore_delay_ms);
  options.synthetic_bucket = flags.synthetic_bucket;
  options.faults_file = flags.faults;
  options.not_implemented_status = flags.not_implemented_status;
  options.dialect_rule = flags.dialect;

  // Signals are blocked before any server thread starts, so they all
  // inherit the mask and only the sigwait below receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  Result<std::unique_ptr<server::OssServer>> server =
      server::OssServer::Start(options);
  if (!server.ok()) {
    fmt::print(stderr, "ossxfer serve: {}\n", server.status().ToString());
    return 1;
  }
  // The first line is the bare address: scripts and tests read it.
  fmt::print("{}\n", (*server)->endpoint());
  fmt::print("ossxfer serve: root {}, {}{}; Ctrl-C stops\n",
             options.root.string(),
             options.anonymous ? "anonymous access"
                               : "signatures checked for AccessKey " +
                                     options.credentials.access_key_id,
             options.synthetic_bucket.empty()
                 ? ""
                 : ", synthetic objects in bucket " + options.synthetic_bucket);
  std::fflush(stdout);
  int received = 0;
  sigwait(&signals, &received);
  (*server)->Stop();
  fmt::print(stderr, "ossxfer serve: stopped on {}\n",
             received == SIGINT ? "SIGINT" : "SIGTERM");
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* serve = app.add_subcommand(
      "serve",
      "Run a local OSS-compatible server (for development, demos and tests)");
  serve->footer(
      "Examples:\n"
      "  ossxfer serve --root /tmp/oss --access-key-id ak --access-key-secret "
      "sk\n"
      "  ossxfer serve --root /tmp/oss --anonymous --listen 127.0.0.1:9000\n"
      "  ossxfer serve --root /tmp/oss --anonymous --faults faults.json\n"
      "The first line printed is the address, e.g. http://127.0.0.1:41234.\n"
      "GET /_ossxfer/stats, PUT|DELETE /_ossxfer/faults: counters and fault "
      "rules "
      "(loopback clients only).");
  serve
      ->add_option("--root", flags->root,
                   "Directory that holds objects and metadata")
      ->required();
  serve
      ->add_option("--listen", flags->listen,
                   "HOST:PORT to listen on; port 0 picks a free one")
      ->capture_default_str();
  serve->add_option("--access-key-id", flags->access_key_id,
                    "The AccessKey id requests must be signed with (default: "
                    "$OSS_ACCESS_KEY_ID)");
  serve->add_option("--access-key-secret", flags->access_key_secret,
                    "Its secret (default: $OSS_ACCESS_KEY_SECRET)");
  serve->add_option("--security-token", flags->security_token,
                    "Require this STS token on every request");
  serve->add_flag("--anonymous", flags->anonymous,
                  "Accept unsigned requests (no checking)");
  serve->add_option("--domain", flags->domain,
                    "Serve virtual-hosted requests for Host <bucket>.<domain> "
                    "(e.g. localhost)");
  serve
      ->add_option("--restore-delay-ms", flags->restore_delay_ms,
                   "How long POST ?restore takes for Archive objects")
      ->check(CLI::NonNegativeNumber);
  serve
      ->add_option("--synthetic-bucket", flags->synthetic_bucket,
                   "Bucket whose keys are sizes, served as generated content "
                   "('' for none)")
      ->capture_default_str();
  serve->add_option("--faults", flags->faults,
                    "JSON file of fault-injection rules");
  serve
      ->add_option("--not-implemented-status", flags->not_implemented_status,
                   "HTTP status of the NotImplemented answer to an OSS "
                   "sub-resource serve lacks: 501, or 400 for SDKs that "
                   "retry every 5xx")
      ->check(CLI::IsMember({400, 501}))
      ->capture_default_str();
  serve
      ->add_option("--dialect", flags->dialect,
                   "Protocol to answer: auto (a request signed the AWS way is "
                   "S3, any other OSS), oss, or s3 (also for unsigned "
                   "requests with --anonymous)")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, server::DialectRule>{
              {"auto", server::DialectRule::kAuto},
              {"oss", server::DialectRule::kOss},
              {"s3", server::DialectRule::kS3}},
          CLI::ignore_case))
      ->capture_default_str();
  serve->callback([flags, exit_code] { *exit_code = RunServe(*flags); });
}

}  // namespace ossxfer::cli
