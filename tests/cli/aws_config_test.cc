#include "cli/aws_config.h"

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

constexpr char kCredentials[] = R"([default]
aws_access_key_id = DEFAULT_ID
aws_secret_access_key = DEFAULT_SECRET

[local]
aws_access_key_id = LOCAL_ID
aws_secret_access_key = LOCAL_SECRET
aws_session_token = LOCAL_TOKEN
)";

constexpr char kConfig[] = R"(# AWS config
[default]
region = eu-west-1

[profile local]
region = us-east-2
endpoint_url = http://127.0.0.1:9000
s3 =
    addressing_style = path
    multipart_chunksize = 16MB

[profile via-services]
services = my-services
endpoint_url = http://profile.example:1

[services my-services]
s3 =
  endpoint_url = http://services.example:2

[profile config-only]
aws_access_key_id = CONFIG_ID
aws_secret_access_key = CONFIG_SECRET
s3 =
  addressing_style = virtual

[profile half]
aws_access_key_id = HALF_ID

[profile odd-style]
s3 =
  addressing_style = sideways
)";

class AwsConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/ossxfer-aws-config-test-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
    env_["HOME"] = dir_.string();
    Write(dir_ / ".aws" / "credentials", kCredentials);
    Write(dir_ / ".aws" / "config", kConfig);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const fs::path& path, std::string_view text,
                    mode_t mode = 0600) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    EXPECT_EQ(::chmod(path.c_str(), mode), 0);
    return path.string();
  }

  AwsSettingsInputs Inputs() {
    AwsSettingsInputs inputs;
    inputs.getenv = [this](const std::string& name) {
      auto it = env_.find(name);
      return it == env_.end() ? std::nullopt
                              : std::optional<std::string>(it->second);
    };
    return inputs;
  }

  AwsSettings Resolve(const AwsSettingsInputs& inputs) {
    Result<AwsSettings> settings = ResolveAwsSettings(inputs);
    EXPECT_TRUE(settings.ok()) << settings.status();
    return settings.ok() ? *settings : AwsSettings{};
  }

  std::string ResolveError(const AwsSettingsInputs& inputs) {
    Result<AwsSettings> settings = ResolveAwsSettings(inputs);
    EXPECT_FALSE(settings.ok());
    return settings.ok() ? "" : settings.status().message();
  }

  fs::path dir_;
  std::map<std::string, std::string> env_;
};

TEST_F(AwsConfigTest, TheDefaultProfileFromBothFiles) {
  AwsSettings settings = Resolve(Inputs());
  EXPECT_EQ(settings.profile, "default");
  EXPECT_EQ(settings.access_key_id, "DEFAULT_ID");
  EXPECT_EQ(settings.secret_access_key, "DEFAULT_SECRET");
  EXPECT_EQ(settings.session_token, "");
  EXPECT_EQ(settings.region, "eu-west-1");
  EXPECT_EQ(settings.endpoint, "");
  EXPECT_EQ(settings.addressing, AddressingStyle::kAuto);
  EXPECT_EQ(settings.sources["access_key_id"],
            (dir_ / ".aws" / "credentials").string() + " [default]");
  EXPECT_TRUE(settings.warnings.empty());
}

TEST_F(AwsConfigTest, ANamedProfileTakesItsSectionsInBothFiles) {
  env_["AWS_PROFILE"] = "local";
  AwsSettings settings = Resolve(Inputs());
  EXPECT_EQ(settings.access_key_id, "LOCAL_ID");
  EXPECT_EQ(settings.session_token, "LOCAL_TOKEN");
  EXPECT_EQ(settings.region, "us-east-2");
  EXPECT_EQ(settings.endpoint, "http://127.0.0.1:9000");
  EXPECT_EQ(settings.addressing, AddressingStyle::kPath);
  EXPECT_EQ(settings.sources["profile"], "environment AWS_PROFILE");
}

TEST_F(AwsConfigTest, ProfileChoicePrecedence) {
  env_["AWS_PROFILE"] = "local";
  env_["AWS_DEFAULT_PROFILE"] = "config-only";
  EXPECT_EQ(Resolve(Inputs()).profile, "config-only");
  AwsSettingsInputs inputs = Inputs();
  inputs.profile = "default";
  EXPECT_EQ(Resolve(inputs).access_key_id, "DEFAULT_ID");
}

TEST_F(AwsConfigTest, OssxfersOwnConfigNamesAProfileBelowTheEnvironment) {
  AwsSettingsInputs inputs = Inputs();
  inputs.configured_profile = "local";
  inputs.configured_profile_source = "/home/u/.config/ossxfer/config [default]";
  AwsSettings settings = Resolve(inputs);
  EXPECT_EQ(settings.profile, "local");
  EXPECT_EQ(settings.access_key_id, "LOCAL_ID");
  EXPECT_EQ(settings.sources["profile"],
            "aws_profile in /home/u/.config/ossxfer/config [default]");
  env_["AWS_PROFILE"] = "config-only";
  EXPECT_EQ(Resolve(inputs).profile, "config-only");
  env_.erase("AWS_PROFILE");
  inputs.profile = "default";
  EXPECT_EQ(Resolve(inputs).profile, "default");
  // A profile the files lack is an error naming where it was asked for.
  inputs.profile.reset();
  inputs.configured_profile = "nowhere";
  EXPECT_NE(ResolveError(inputs).find("aws_profile in /home/u"),
            std::string::npos);
}

TEST_F(AwsConfigTest, EnvironmentCredentialsComeFirstAndAsOneSet) {
  env_["AWS_PROFILE"] = "local";
  env_["AWS_ACCESS_KEY_ID"] = "ENV_ID";
  env_["AWS_SECRET_ACCESS_KEY"] = "ENV_SECRET";
  AwsSettings settings = Resolve(Inputs());
  EXPECT_EQ(settings.access_key_id, "ENV_ID");
  EXPECT_EQ(settings.secret_access_key, "ENV_SECRET");
  // The profile's token belongs to the profile's key, not this one.
  EXPECT_EQ(settings.session_token, "");
  env_["AWS_SECURITY_TOKEN"] = "LEGACY";
  EXPECT_EQ(Resolve(Inputs()).session_token, "LEGACY");
  env_["AWS_SESSION_TOKEN"] = "CURRENT";
  EXPECT_EQ(Resolve(Inputs()).session_token, "CURRENT");
}

TEST_F(AwsConfigTest, HalfACredentialPairIsAnErrorNamingWhatIsMissing) {
  env_["AWS_ACCESS_KEY_ID"] = "ENV_ID";
  std::string error = ResolveError(Inputs());
  EXPECT_NE(error.find("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY"),
            std::string::npos)
      << error;
  env_.erase("AWS_ACCESS_KEY_ID");
  env_["AWS_PROFILE"] = "half";
  error = ResolveError(Inputs());
  EXPECT_NE(error.find("[profile half] has aws_access_key_id but no "
                       "aws_secret_access_key"),
            std::string::npos)
      << error;
}

TEST_F(AwsConfigTest, TheCredentialsFileBeatsTheConfigFile) {
  Write(dir_ / ".aws" / "config",
        std::string(kConfig) +
            "\n[profile both]\naws_access_key_id = C\naws_secret_access_key "
            "= C\n");
  Write(dir_ / ".aws" / "credentials",
        std::string(kCredentials) +
            "\n[both]\naws_access_key_id = F\naws_secret_access_key = F\n");
  env_["AWS_PROFILE"] = "both";
  EXPECT_EQ(Resolve(Inputs()).access_key_id, "F");
  env_["AWS_PROFILE"] = "config-only";
  AwsSettings settings = Resolve(Inputs());
  EXPECT_EQ(settings.access_key_id, "CONFIG_ID");
  EXPECT_EQ(settings.addressing, AddressingStyle::kVirtual);
}

TEST_F(AwsConfigTest, RegionPrecedence) {
  AwsSettingsInputs inputs = Inputs();
  env_["AWS_DEFAULT_REGION"] = "ap-south-1";
  EXPECT_EQ(Resolve(inputs).region, "ap-south-1");
  env_["AWS_REGION"] = "sa-east-1";
  EXPECT_EQ(Resolve(inputs).region, "sa-east-1");
  inputs.region = "ca-central-1";
  EXPECT_EQ(Resolve(inputs).region, "ca-central-1");
  fs::remove(dir_ / ".aws" / "config");
  env_.clear();
  env_["HOME"] = dir_.string();
  EXPECT_EQ(Resolve(Inputs()).region, "us-east-1");
}

TEST_F(AwsConfigTest, EndpointPrecedence) {
  env_["AWS_PROFILE"] = "via-services";
  EXPECT_EQ(Resolve(Inputs()).endpoint, "http://services.example:2");
  env_["AWS_ENDPOINT_URL"] = "http://global:3";
  EXPECT_EQ(Resolve(Inputs()).endpoint, "http://global:3");
  env_["AWS_ENDPOINT_URL_S3"] = "http://s3-only:4";
  EXPECT_EQ(Resolve(Inputs()).endpoint, "http://s3-only:4");
  AwsSettingsInputs inputs = Inputs();
  inputs.endpoint = "http://flag:5";
  EXPECT_EQ(Resolve(inputs).endpoint, "http://flag:5");
  env_["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true";
  EXPECT_EQ(Resolve(Inputs()).endpoint, "");
  EXPECT_EQ(Resolve(inputs).endpoint, "http://flag:5");
}

TEST_F(AwsConfigTest, AProfileEndpointWithoutServices) {
  env_["AWS_PROFILE"] = "via-services";
  Write(dir_ / ".aws" / "config",
        "[profile via-services]\nendpoint_url = http://profile.example:1\n");
  EXPECT_EQ(Resolve(Inputs()).endpoint, "http://profile.example:1");
}

TEST_F(AwsConfigTest, PathStyleFlagAndABadStyle) {
  AwsSettingsInputs inputs = Inputs();
  inputs.profile = "config-only";
  inputs.force_path_style = true;
  EXPECT_EQ(Resolve(inputs).addressing, AddressingStyle::kPath);
  env_["AWS_PROFILE"] = "odd-style";
  std::string error = ResolveError(Inputs());
  EXPECT_NE(error.find("addressing_style must be auto, path or virtual, not "
                       "\"sideways\""),
            std::string::npos)
      << error;
}

TEST_F(AwsConfigTest, AMissingProfileListsTheOthers) {
  env_["AWS_PROFILE"] = "nope";
  std::string error = ResolveError(Inputs());
  EXPECT_NE(error.find("AWS profile \"nope\" (from environment AWS_PROFILE)"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("config-only, default, half, local"), std::string::npos)
      << error;
}

TEST_F(AwsConfigTest, FilesNamedByTheEnvironmentAndAbsentFiles) {
  std::string credentials =
      Write(dir_ / "elsewhere" / "creds",
            "[default]\naws_access_key_id = E\naws_secret_access_key = E\n");
  env_["AWS_SHARED_CREDENTIALS_FILE"] = credentials;
  env_["AWS_CONFIG_FILE"] = (dir_ / "no-such-config").string();
  AwsSettings settings = Resolve(Inputs());
  EXPECT_EQ(settings.access_key_id, "E");
  EXPECT_EQ(settings.region, "us-east-1");
  env_.erase("HOME");
  env_.erase("AWS_SHARED_CREDENTIALS_FILE");
  env_.erase("AWS_CONFIG_FILE");
  EXPECT_TRUE(Resolve(Inputs()).access_key_id.empty());
}

TEST_F(AwsConfigTest, SecretsOthersCanReadAreWarnedAbout) {
  std::string path = Write(dir_ / ".aws" / "credentials", kCredentials, 0644);
  AwsSettings settings = Resolve(Inputs());
  ASSERT_EQ(settings.warnings.size(), 1u);
  EXPECT_NE(settings.warnings[0].find(path + " is readable by other users"),
            std::string::npos);
  // The config file holds no secret of the profile used, but one of
  // another: it is warned about too.
  Write(dir_ / ".aws" / "credentials", kCredentials, 0600);
  ::chmod((dir_ / ".aws" / "config").c_str(), 0644);
  EXPECT_EQ(Resolve(Inputs()).warnings.size(), 1u);
}

TEST(ParseAwsIniFileTest, NestedSettingsCommentsAndErrors) {
  Result<AwsIniFile> parsed = ParseAwsIniFile(
      "\xEF\xBB\xBF[profile x]\r\n# c\n; c\ns3 =\n  addressing_style = path\n"
      "\tmax_concurrent_requests = 20\nregion = r\n  stray = 1\n",
      "f");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const auto& section = parsed->sections.at("profile x");
  EXPECT_EQ(section.at("s3.addressing_style"), "path");
  EXPECT_EQ(section.at("s3.max_concurrent_requests"), "20");
  EXPECT_EQ(section.at("region"), "r");
  // An indented line after a key with a value is an ordinary key.
  EXPECT_EQ(section.at("stray"), "1");

  Result<AwsIniFile> outside = ParseAwsIniFile("key = v\n", "f");
  ASSERT_FALSE(outside.ok());
  EXPECT_NE(outside.status().message().find("f:1:"), std::string::npos);
  Result<AwsIniFile> secret =
      ParseAwsIniFile("[default]\nwJalrXUtnFEMI-pasted\n", "f");
  ASSERT_FALSE(secret.ok());
  EXPECT_EQ(secret.status().message().find("wJalr"), std::string::npos);
  EXPECT_NE(secret.status().message().find("f:2:"), std::string::npos);
  EXPECT_FALSE(ParseAwsIniFile("[default\n", "f").ok());
  EXPECT_FALSE(ParseAwsIniFile("[ ]\n", "f").ok());
}

}  // namespace
}  // namespace ossxfer::cli
