#include "transfer/content_type.h"

#include <gtest/gtest.h>

namespace ossxfer::transfer {
namespace {

constexpr const char* kDefault = "application/octet-stream";

TEST(GuessContentTypeTest, CommonExtensions) {
  EXPECT_EQ(GuessContentType("notes.txt"), "text/plain");
  EXPECT_EQ(GuessContentType("index.html"), "text/html");
  EXPECT_EQ(GuessContentType("index.htm"), "text/html");
  EXPECT_EQ(GuessContentType("style.css"), "text/css");
  EXPECT_EQ(GuessContentType("app.js"), "text/javascript");
  EXPECT_EQ(GuessContentType("data.json"), "application/json");
  EXPECT_EQ(GuessContentType("feed.xml"), "application/xml");
  EXPECT_EQ(GuessContentType("table.csv"), "text/csv");
  EXPECT_EQ(GuessContentType("README.md"), "text/markdown");
  EXPECT_EQ(GuessContentType("photo.jpg"), "image/jpeg");
  EXPECT_EQ(GuessContentType("photo.jpeg"), "image/jpeg");
  EXPECT_EQ(GuessContentType("icon.png"), "image/png");
  EXPECT_EQ(GuessContentType("logo.svg"), "image/svg+xml");
  EXPECT_EQ(GuessContentType("song.mp3"), "audio/mpeg");
  EXPECT_EQ(GuessContentType("clip.mp4"), "video/mp4");
  EXPECT_EQ(GuessContentType("backup.tar"), "application/x-tar");
  EXPECT_EQ(GuessContentType("backup.tgz"), "application/gzip");
  EXPECT_EQ(GuessContentType("backup.tar.bz2"), "application/x-bzip2");
  EXPECT_EQ(GuessContentType("backup.tar.xz"), "application/x-xz");
  EXPECT_EQ(GuessContentType("backup.tar.zst"), "application/zstd");
  EXPECT_EQ(GuessContentType("bundle.zip"), "application/zip");
  EXPECT_EQ(GuessContentType("bundle.7z"), "application/x-7z-compressed");
  EXPECT_EQ(GuessContentType("paper.pdf"), "application/pdf");
  EXPECT_EQ(GuessContentType("report.docx"),
            "application/"
            "vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_EQ(GuessContentType("module.wasm"), "application/wasm");
  EXPECT_EQ(GuessContentType("disk.iso"), "application/x-iso9660-image");
  EXPECT_EQ(GuessContentType("firmware.bin"), "application/octet-stream");
  EXPECT_EQ(GuessContentType("app.apk"),
            "application/vnd.android.package-archive");
}

TEST(GuessContentTypeTest, UsesTheLastExtension) {
  EXPECT_EQ(GuessContentType("a.tar.gz"), "application/gzip");
  EXPECT_EQ(GuessContentType("photo.png.txt"), "text/plain");
  EXPECT_EQ(GuessContentType("v1.2.3.json"), "application/json");
}

TEST(GuessContentTypeTest, IgnoresCase) {
  EXPECT_EQ(GuessContentType("photo.JPG"), "image/jpeg");
  EXPECT_EQ(GuessContentType("PAGE.Html"), "text/html");
  EXPECT_EQ(GuessContentType("A.TAR.GZ"), "application/gzip");
}

TEST(GuessContentTypeTest, NoExtensionIsTheDefault) {
  EXPECT_EQ(GuessContentType("Makefile"), kDefault);
  EXPECT_EQ(GuessContentType(""), kDefault);
}

TEST(GuessContentTypeTest, ADotfileHasNoExtension) {
  EXPECT_EQ(GuessContentType(".bashrc"), kDefault);
  EXPECT_EQ(GuessContentType(".json"), kDefault);
  EXPECT_EQ(GuessContentType("home/.json"), kDefault);
  // A dotfile may still have an extension of its own.
  EXPECT_EQ(GuessContentType(".config.json"), "application/json");
}

TEST(GuessContentTypeTest, ATrailingDotHasNoExtension) {
  EXPECT_EQ(GuessContentType("file."), kDefault);
  EXPECT_EQ(GuessContentType("file.txt."), kDefault);
  EXPECT_EQ(GuessContentType("."), kDefault);
}

TEST(GuessContentTypeTest, OnlyTheLastPathComponentCounts) {
  EXPECT_EQ(GuessContentType("a/b.c/file"), kDefault);
  EXPECT_EQ(GuessContentType("site.html/index"), kDefault);
  EXPECT_EQ(GuessContentType("a/b.c/page.css"), "text/css");
  EXPECT_EQ(GuessContentType("/abs/dir/"), kDefault);
}

TEST(GuessContentTypeTest, AnUnknownExtensionIsTheDefault) {
  EXPECT_EQ(GuessContentType("data.xyzzy"), kDefault);
  EXPECT_EQ(GuessContentType("data.jpgx"), kDefault);
  EXPECT_EQ(GuessContentType("data.j"), kDefault);
}

}  // namespace
}  // namespace ossxfer::transfer
