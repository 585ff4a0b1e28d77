#include "render/generators.h"

#include <gtest/gtest.h>

#include "render/sha256.h"
#include "render/test_util.h"

namespace halint::render {
namespace {

using testing::parse_yaml;

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(std::string(1000, 'a')).substr(0, 16), "41edece42d63e8d9");
}

TEST(Sha256, HardwareAndPortableAgreeOnEveryLength) {
  // Lengths around the 64-byte block and the 56-byte padding edge, and long inputs.
  std::string data;
  uint32_t x = 12345;
  for (int i = 0; i < 5000; ++i) {
    x = x * 1103515245 + 12345;
    data += static_cast<char>(x >> 16);
  }
  for (size_t n : {0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 4999, 5000}) {
    std::string_view d(data.data(), n);
    EXPECT_EQ(sha256_hex(d), sha256_hex(d, false)) << n;
  }
  for (bool hw : {true, false}) {
    EXPECT_EQ(sha256_hex("abc", hw), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex(std::string(1000000, 'a'), hw),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  }
}

TEST(Generators, HashMatchesKubectl) {
  // `kubectl kustomize` (kustomize v5.5) names this generator `a-bdg947hgcc`.
  yaml::Node cm = parse_yaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\n");
  EXPECT_EQ(name_hash(cm), "bdg947hgcc");
}

TEST(Generators, GoJsonEscapesLikeEncodingJson) {
  EXPECT_EQ(go_json_string("a<b>&\"\\\n\t\x01"), "\"a\\u003cb\\u003e\\u0026\\\"\\\\\\n\\t\\u0001\"");
  // Runs of plain bytes between escapes, and the JavaScript line separators.
  EXPECT_EQ(go_json_string("plain text \xE2\x80\xA8 and \xE2\x80\xA9 end\xE2\x82\xAC"),
            "\"plain text \\u2028 and \\u2029 end\xE2\x82\xAC\"");
  EXPECT_EQ(go_json_string(""), "\"\"");
  EXPECT_EQ(go_json_string("<"), "\"\\u003c\"");
}

TEST(Generators, Base64WrapsAt70ColumnsWithTrailingNewlines) {
  EXPECT_EQ(wrapped_base64("abc"), "YWJj");
  std::string long_in(60, 'x');  // 80 base64 characters: two lines
  std::string out = wrapped_base64(long_in);
  EXPECT_EQ(out.size(), 82u);
  EXPECT_EQ(out[70], '\n');
  EXPECT_EQ(out.back(), '\n');
}

TEST(Generators, LiteralsOptionsAndSecrets) {
  FileTable table;
  FileAccess files(table);
  yaml::Node entry = parse_yaml(R"(name: s
literals: [user=admin, 'pw="quoted"']
options: {disableNameSuffixHash: true, labels: {a: b}}
type: kubernetes.io/basic-auth
)");
  yaml::Node opts = parse_yaml("annotations: {x: y}\nimmutable: true\n");
  Generated g = generate({&entry, &opts, true, "/nonexistent"}, files);
  EXPECT_TRUE(g.issues.empty());
  const yaml::Node& n = g.resource.node;
  EXPECT_EQ(n.get("kind")->str(), "Secret");
  EXPECT_EQ(n.path({"data", "user"})->str(), "YWRtaW4=");
  EXPECT_EQ(n.path({"data", "pw"})->str(), "cXVvdGVk");
  EXPECT_EQ(n.get("type")->str(), "kubernetes.io/basic-auth");
  EXPECT_EQ(n.path({"metadata", "labels", "a"})->str(), "b");
  EXPECT_EQ(n.path({"metadata", "annotations", "x"})->str(), "y");
  EXPECT_TRUE(n.get("immutable"));
  EXPECT_FALSE(g.resource.needs_hash);
}

TEST(Generators, MissingFileIsAnIssueRemoteIsSkipped) {
  FileTable table;
  FileAccess files(table);
  yaml::Node entry = parse_yaml("name: c\nfiles: [missing.txt, d.json=https://example.com/d.json]\n");
  Generated g = generate({&entry, nullptr, false, "/nonexistent"}, files);
  EXPECT_EQ(g.issues.size(), 1u);
  EXPECT_EQ(g.skipped.size(), 1u);
  EXPECT_TRUE(g.resource.needs_hash);
}

}  // namespace
}  // namespace halint::render
