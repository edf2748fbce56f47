#include "cli/config_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

namespace ossxfer::cli {
namespace {

namespace fs = std::filesystem;

constexpr char kFullConfig[] = R"(# ossxfer settings
; a semicolon comment

[default]
endpoint = default.example.com
region=cn-default
access_key_id = DEFAULT_ID
access_key_secret = DEFAULT_SECRET
signature_version = 1

[profile prod]
  endpoint   =   prod.example.com
region = cn-prod
access_key_id = PROD_ID
access_key_secret = PROD_SECRET
session_token = PROD_TOKEN

[bare]
region = cn-bare
)";

class ConfigFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/ossxfer-config-test-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
    env_["HOME"] = (dir_ / "home").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes `text` to `path` with `mode`; returns the path as a string.
  std::string Write(const fs::path& path, std::string_view text,
                    mode_t mode = 0600) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
    EXPECT_EQ(::chmod(path.c_str(), mode), 0);
    return path.string();
  }

  std::string WriteConfig(std::string_view text, mode_t mode = 0600) {
    return Write(dir_ / "config", text, mode);
  }

  SettingsInputs Inputs() {
    SettingsInputs inputs;
    inputs.getenv = [this](const std::string& name) {
      auto it = env_.find(name);
      return it == env_.end() ? std::nullopt
                              : std::optional<std::string>(it->second);
    };
    return inputs;
  }

  Settings Resolve(const SettingsInputs& inputs) {
    Result<Settings> settings = ResolveSettings(inputs);
    EXPECT_TRUE(settings.ok()) << settings.status();
    return settings.ok() ? *settings : Settings{};
  }

  std::string ResolveError(const SettingsInputs& inputs) {
    Result<Settings> settings = ResolveSettings(inputs);
    EXPECT_FALSE(settings.ok());
    return settings.ok() ? "" : settings.status().message();
  }

  fs::path dir_;
  std::map<std::string, std::string> env_;
};

TEST_F(ConfigFileTest, DefaultSectionAndBuiltInDefaults) {
  SettingsInputs inputs = Inputs();
  inputs.config_path = WriteConfig(kFullConfig);
  Settings settings = Resolve(inputs);
  EXPECT_EQ(settings.endpoint, "default.example.com");
  EXPECT_EQ(settings.region, "cn-default");
  EXPECT_EQ(settings.access_key_id, "DEFAULT_ID");
  EXPECT_EQ(settings.access_key_secret, "DEFAULT_SECRET");
  EXPECT_EQ(settings.session_token, "");
  EXPECT_EQ(settings.signature_version, 1);
  EXPECT_TRUE(settings.warnings.empty());
  EXPECT_EQ(settings.sources["endpoint"], *inputs.config_path + " [default]");
  EXPECT_EQ(settings.sources["profile"], "built-in default");
  EXPECT_FALSE(settings.sources.contains("session_token"));
}

TEST_F(ConfigFileTest, PrecedenceFlagOverEnvOverProfileOverDefault) {
  SettingsInputs inputs = Inputs();
  inputs.config_path = WriteConfig(kFullConfig);
  inputs.profile = "prod";

  // Profile over [default]; [default] fills what the profile lacks.
  Settings settings = Resolve(inputs);
  EXPECT_EQ(settings.endpoint, "prod.example.com");
  EXPECT_EQ(settings.region, "cn-prod");
  EXPECT_EQ(settings.signature_version, 1);  // only [default] has it
  EXPECT_EQ(settings.sources["endpoint"],
            *inputs.config_path + " [profile prod]");
  EXPECT_EQ(settings.sources["signature_version"],
            *inputs.config_path + " [default]");
  EXPECT_EQ(settings.sources["profile"], "--profile");

  // Environment over the profile.
  env_["OSS_ENDPOINT"] = "env.example.com";
  env_["OSS_REGION"] = "cn-env";
  settings = Resolve(inputs);
  EXPECT_EQ(settings.endpoint, "env.example.com");
  EXPECT_EQ(settings.region, "cn-env");
  EXPECT_EQ(settings.sources["endpoint"], "environment OSS_ENDPOINT");

  // Flags over the environment.
  inputs.endpoint = "flag.example.com";
  inputs.signature_version = 4;
  settings = Resolve(inputs);
  EXPECT_EQ(settings.endpoint, "flag.example.com");
  EXPECT_EQ(settings.region, "cn-env");
  EXPECT_EQ(settings.signature_version, 4);
  EXPECT_EQ(settings.sources["endpoint"], "--endpoint");
  EXPECT_EQ(settings.sources["signature_version"], "--signature-version");

  // An empty flag or variable counts as unset.
  inputs.endpoint = "";
  env_["OSS_ENDPOINT"] = "";
  EXPECT_EQ(Resolve(inputs).endpoint, "prod.example.com");
}

TEST_F(ConfigFileTest, ProfileFromEnvironmentAndBareSectionName) {
  SettingsInputs inputs = Inputs();
  inputs.config_path = WriteConfig(kFullConfig);
  env_["OSSXFER_PROFILE"] = "bare";
  Settings settings = Resolve(inputs);
  EXPECT_EQ(settings.region, "cn-bare");
  EXPECT_EQ(settings.endpoint, "default.example.com");
  EXPECT_EQ(settings.sources["profile"], "environment OSSXFER_PROFILE");
  EXPECT_EQ(settings.sources["region"],
            *inputs.config_path + " [profile bare]");

  inputs.profile = "prod";  // the flag wins over OSSXFER_PROFILE
  EXPECT_EQ(Resolve(inputs).region, "cn-prod");
}

TEST_F(ConfigFileTest, AProfileNamesTheAwsProfileOfS3Urls) {
  SettingsInputs inputs = Inputs();
  inputs.config_path = WriteConfig(
      "[default]\naws_profile = minio\n[profile prod]\naws_profile = "
      "aws-prod\n");
  Settings settings = Resolve(inputs);
  EXPECT_EQ(settings.aws_profile, "minio");
  EXPECT_EQ(settings.sources["aws_profile"],
            *inputs.config_path + " [default]");
  EXPECT_TRUE(settings.warnings.empty());  // a known key
  inputs.profile = "prod";
  EXPECT_EQ(Resolve(inputs).aws_profile, "aws-prod");
}

TEST_F(ConfigFileTest, CredentialsComeAsOneSet) {
  SettingsInputs inputs = Inputs();
  inputs.config_path = WriteConfig(kFullConfig);
  inputs.profile = "prod";
  Settings settings = Resolve(inputs);
  EXPECT_EQ(settings.access_key_id, "PROD_ID");
  EXPECT_EQ(settings.access_key_secret, "PROD_SECRET");
  EXPECT_EQ(settings.session_token, "PROD_TOKEN");

  // The environment's pair replaces the profile's set, token included.
  env_["OSS_ACCESS_KEY_ID"] = "ENV_ID";
  env_["OSS_ACCESS_KEY_SECRET"] = "ENV_SECRET";
  settings = Resolve(inputs);
  EXPECT_EQ(settings.access_key_id, "ENV_ID");
  EXPECT_EQ(settings.access_key_secret, "ENV_SECRET");
  EXPECT_EQ(settings.session_token, "");
  EXPECT_EQ(settings.sources["access_key_id"], "environment OSS_ACCESS_KEY_ID");
  EXPECT_EQ(settings.sources["access_key_secret"],
            "environment OSS_ACCESS_KEY_SECRET");

  env_["OSS_SESSION_TOKEN"] = "ENV_TOKEN";
  EXPECT_EQ(Resolve(inputs).session_token, "ENV_TOKEN");
}

TEST_F(ConfigFileTest, EnvironmentKeyIdWithoutSecretIsAnError) {
  SettingsInputs inputs = Inputs();
  inputs.config_path = WriteConfig(kFullConfig);
  env_["OSS_ACCESS_KEY_ID"] = "ENV_ID";
  std::string message = ResolveError(inputs);
  EXPECT_NE(message.find("OSS_ACCESS_KEY_ID is set but OSS_ACCESS_KEY_SECRET "
                         "is not"),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find("DEFAULT_SECRET"), std::string::npos);

  env_.erase("OSS_ACCESS_KEY_ID");
  env_["OSS_ACCESS_KEY_SECRET"] = "ENV_SECRET";
  message = ResolveError(inputs);
  EXPECT_NE(message.find("OSS_ACCESS_KEY_SECRET is set but OSS_ACCESS_KEY_ID "
                         "is not"),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find("ENV_SECRET"), std::string::npos);
}

TEST_F(ConfigFileTest, SectionWithHalfAPairIsAnErrorNotAMix) {
  SettingsInputs inputs = Inputs();
  inputs.config_path = WriteConfig(
      "[default]\naccess_key_id = D_ID\naccess_key_secret = D_SECRET\n"
      "[profile half]\naccess_key_id = HALF_ID\n");
  inputs.profile = "half";
  std::string message = ResolveError(inputs);
  EXPECT_NE(message.find(*inputs.config_path +
                         " [profile half] has access_key_id but no "
                         "access_key_secret"),
            std::string::npos)
      << message;
}

TEST_F(ConfigFileTest, SessionTokenWithoutItsPairIsIgnoredWithAWarning) {
  SettingsInputs inputs = Inputs();
  inputs.config_path = WriteConfig(kFullConfig);
  env_["OSS_SESSION_TOKEN"] = "STRAY_TOKEN";
  Settings settings = Resolve(inputs);
  EXPECT_EQ(settings.access_key_id, "DEFAULT_ID");
  EXPECT_EQ(settings.session_token, "");
  ASSERT_EQ(settings.warnings.size(), 1u);
  EXPECT_NE(settings.warnings[0].find("OSS_SESSION_TOKEN is ignored"),
            std::string::npos);
  EXPECT_EQ(settings.warnings[0].find("STRAY_TOKEN"), std::string::npos);
}

TEST_F(ConfigFileTest, NoCredentialsAnywhereIsNotAnError) {
  SettingsInputs inputs = Inputs();
  inputs.config_path = WriteConfig("[default]\nregion = r\n");
  Settings settings = Resolve(inputs);
  EXPECT_EQ(settings.access_key_id, "");
  EXPECT_EQ(settings.access_key_secret, "");
  EXPECT_FALSE(settings.sources.contains("access_key_id"));
}

TEST_F(ConfigFileTest, PermissionWarningOnlyForSecretsOthersCanRead) {
  SettingsInputs inputs = Inputs();
  inputs.config_path = WriteConfig(kFullConfig, 0644);
  Settings settings = Resolve(inputs);
  const std::string expected =
      *inputs.config_path +
      " is readable by other users (mode 0644); it holds secrets: chmod 600 " +
      *inputs.config_path;
  ASSERT_EQ(settings.warnings.size(), 1u);
  EXPECT_EQ(settings.warnings[0], expected);

  ASSERT_EQ(::chmod(inputs.config_path->c_str(), 0600), 0);
  EXPECT_TRUE(Resolve(inputs).warnings.empty());

  ASSERT_EQ(::chmod(inputs.config_path->c_str(), 0640), 0);
  ASSERT_EQ(Resolve(inputs).warnings.size(), 1u);

  // No secret in the file: nothing to warn about.
  inputs.config_path = WriteConfig("[default]\nregion = r\n", 0644);
  EXPECT_TRUE(Resolve(inputs).warnings.empty());
}

TEST_F(ConfigFileTest, MissingNamedProfileListsTheOthers) {
  SettingsInputs inputs = Inputs();
  inputs.config_path = WriteConfig(kFullConfig);
  inputs.profile = "staging";
  std::string message = ResolveError(inputs);
  EXPECT_NE(message.find("profile \"staging\" (from --profile) is not in " +
                         *inputs.config_path),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("profiles there: bare, default, prod"),
            std::string::npos)
      << message;

  inputs.profile.reset();
  env_["OSSXFER_PROFILE"] = "gone";
  message = ResolveError(inputs);
  EXPECT_NE(message.find("(from environment OSSXFER_PROFILE)"),
            std::string::npos)
      << message;
}

TEST_F(ConfigFileTest, NamedProfileWithoutAnyFile) {
  SettingsInputs inputs = Inputs();
  inputs.profile = "prod";
  std::string message = ResolveError(inputs);
  EXPECT_NE(message.find("there is no config file at " +
                         (dir_ / "home/.config/ossxfer/config").string()),
            std::string::npos)
      << message;
}

TEST_F(ConfigFileTest, MissingFiles) {
  // The default file may be missing.
  SettingsInputs inputs = Inputs();
  Settings settings = Resolve(inputs);
  EXPECT_EQ(settings.endpoint, "");
  EXPECT_EQ(settings.signature_version, 4);
  EXPECT_EQ(settings.sources["signature_version"], "built-in default");

  // A named one may not.
  inputs.config_path = (dir_ / "nope").string();
  std::string message = ResolveError(inputs);
  EXPECT_NE(message.find("config file " + *inputs.config_path +
                         " (named by --config) does not exist"),
            std::string::npos)
      << message;

  inputs.config_path.reset();
  env_["OSSXFER_CONFIG"] = (dir_ / "nope2").string();
  message = ResolveError(inputs);
  EXPECT_NE(message.find("(named by environment OSSXFER_CONFIG) does not "
                         "exist"),
            std::string::npos)
      << message;

  env_["OSSXFER_CONFIG"] = dir_.string();
  message = ResolveError(inputs);
  EXPECT_NE(message.find("is a directory"), std::string::npos) << message;
}

TEST_F(ConfigFileTest, DefaultPathHonoursXdgConfigHome) {
  Write(dir_ / "home/.config/ossxfer/config", "[default]\nregion = home\n");
  Write(dir_ / "xdg/ossxfer/config", "[default]\nregion = xdg\n");
  SettingsInputs inputs = Inputs();
  EXPECT_EQ(Resolve(inputs).region, "home");
  env_["XDG_CONFIG_HOME"] = (dir_ / "xdg").string();
  EXPECT_EQ(Resolve(inputs).region, "xdg");
  // OSSXFER_CONFIG names a file explicitly; --config wins over it.
  env_["OSSXFER_CONFIG"] = Write(dir_ / "env.ini", "[default]\nregion = env\n");
  EXPECT_EQ(Resolve(inputs).region, "env");
  inputs.config_path = Write(dir_ / "flag.ini", "[default]\nregion = flag\n");
  EXPECT_EQ(Resolve(inputs).region, "flag");
  // "~/" is expanded in a named path (the shell does not do it in --x=~/y).
  inputs.config_path = "~/.config/ossxfer/config";
  EXPECT_EQ(Resolve(inputs).region, "home");
}

TEST_F(ConfigFileTest, SyntaxErrorsNameFileAndLine) {
  struct Case {
    std::string text;
    int line;
    std::string why;
  };
  for (const Case& c : std::vector<Case>{
           {"[default]\nendpoint = x\nthis is not a pair\n", 3,
            "expected \"key = value\" or a [section]"},
           {"region = r\n", 1, "\"region\" is outside a section"},
           {"# c\n\n[default\n", 3, "a section header must end with ']'"},
           {"[default]\n = value\n", 2, "a key is missing before '='"},
           {"[]\n", 1, "invalid section []"},
           {"[profile ]\n", 1, "invalid section"},
           {"[two words]\n", 1, "invalid section"},
           {"[default]\n\n\n\nsignature_version = 2\n", 5,
            "signature_version must be 1 or 4, not \"2\""},
       }) {
    SettingsInputs inputs = Inputs();
    inputs.config_path = WriteConfig(c.text);
    std::string message = ResolveError(inputs);
    EXPECT_NE(message.find(*inputs.config_path + ":" + std::to_string(c.line) +
                           ": " + c.why),
              std::string::npos)
        << c.text << " -> " << message;
  }
}

TEST_F(ConfigFileTest, SyntaxErrorDoesNotEchoTheLine) {
  // A secret pasted without "key =" must not reach the terminal or a log.
  SettingsInputs inputs = Inputs();
  inputs.config_path = WriteConfig("[default]\nPASTED_SECRET_VALUE\n");
  std::string message = ResolveError(inputs);
  EXPECT_NE(message.find(":2: expected"), std::string::npos) << message;
  EXPECT_EQ(message.find("PASTED"), std::string::npos) << message;
}

TEST_F(ConfigFileTest, UnknownAndRepeatedKeysAreWarnings) {
  SettingsInputs inputs = Inputs();
  inputs.config_path = WriteConfig(
      "[default]\nendpont = typo\nregion = a\nregion = b\n[default]\n"
      "endpoint = e\n");
  Settings settings = Resolve(inputs);
  EXPECT_EQ(settings.region, "b");
  EXPECT_EQ(settings.endpoint, "e");  // repeated sections merge
  ASSERT_EQ(settings.warnings.size(), 2u);
  EXPECT_NE(settings.warnings[0].find(*inputs.config_path +
                                      ":2: unknown key \"endpont\" ignored"),
            std::string::npos)
      << settings.warnings[0];
  EXPECT_NE(settings.warnings[1].find(*inputs.config_path +
                                      ":4: \"region\" is set again"),
            std::string::npos)
      << settings.warnings[1];
}

TEST(ParseConfigFileTest, CommentsWhitespaceCrlfAndProfileSpellings) {
  Result<ConfigFile> config = ParseConfigFile(
      "\xEF\xBB\xBF# c\r\n  ; c\r\n[profile default]\r\n"
      "endpoint\t=\tvalue # not a comment\r\n[profile  p1]\r\n"
      "region = \r\n[p2]\r\nregion=x=y\r\n",
      "cfg");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->profiles["default"]["endpoint"].text,
            "value # not a comment");
  EXPECT_EQ(config->profiles["default"]["endpoint"].line, 4);
  EXPECT_EQ(config->profiles["p1"]["region"].text, "");
  EXPECT_EQ(config->profiles["p2"]["region"].text, "x=y");
  EXPECT_TRUE(config->warnings.empty());
}

TEST_F(ConfigFileTest, InvalidSignatureVersionFlag) {
  SettingsInputs inputs = Inputs();
  inputs.signature_version = 2;
  std::string message = ResolveError(inputs);
  EXPECT_NE(message.find("signature version 2 is not supported"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("use 1 or 4"), std::string::npos);
}

TEST_F(ConfigFileTest, SecretsNeverInWarningsOrErrors) {
  SettingsInputs inputs = Inputs();
  inputs.config_path = WriteConfig(
      std::string(kFullConfig) + "[default]\naccess_key_secret = SECOND\n",
      0666);
  Settings settings = Resolve(inputs);
  for (const std::string& warning : settings.warnings) {
    EXPECT_EQ(warning.find("SECRET"), std::string::npos) << warning;
    EXPECT_EQ(warning.find("SECOND"), std::string::npos) << warning;
  }
  for (const auto& [field, source] : settings.sources) {
    EXPECT_EQ(source.find("SECRET"), std::string::npos) << source;
  }
  EXPECT_EQ(settings.warnings.size(), 2u);  // repeated key, mode 0666
}

}  // namespace
}  // namespace ossxfer::cli
