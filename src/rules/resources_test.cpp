// Quantities and pod requests, as the API server parses and the scheduler sums them.
#include "rules/resources.h"

#include <gtest/gtest.h>

#include "yaml/parser.h"
#include "yaml/test_util.h"

namespace halint::rules {
namespace {

using yaml::testing::first_document;

TEST(Quantity, Cpu) {
  EXPECT_EQ(cpu_millis("500m"), 500);
  EXPECT_EQ(cpu_millis("2"), 2000);
  EXPECT_EQ(cpu_millis("0.5"), 500);
  EXPECT_EQ(cpu_millis(".25"), 250);
  EXPECT_EQ(cpu_millis("1.5"), 1500);
  EXPECT_EQ(cpu_millis("+3"), 3000);
  EXPECT_EQ(cpu_millis("0"), 0);
  EXPECT_EQ(cpu_millis("100u"), 1);      // a fraction of a millicore rounds up
  EXPECT_EQ(cpu_millis("250000n"), 1);   // 0.25m
  EXPECT_EQ(cpu_millis("1500000n"), 2);  // 1.5m
  EXPECT_EQ(cpu_millis("2k"), 2'000'000);
}

TEST(Quantity, Memory) {
  EXPECT_EQ(memory_bytes("1Ki"), 1024);
  EXPECT_EQ(memory_bytes("128Mi"), 128LL * 1024 * 1024);
  EXPECT_EQ(memory_bytes("16Gi"), 16LL << 30);
  EXPECT_EQ(memory_bytes("1Ti"), 1LL << 40);
  EXPECT_EQ(memory_bytes("1.5Gi"), 3LL << 29);
  EXPECT_EQ(memory_bytes("1k"), 1000);
  EXPECT_EQ(memory_bytes("1M"), 1'000'000);
  EXPECT_EQ(memory_bytes("2G"), 2'000'000'000);
  EXPECT_EQ(memory_bytes("129e6"), 129'000'000);
  EXPECT_EQ(memory_bytes("1E3"), 1000);  // exponent, not exa
  EXPECT_EQ(memory_bytes("1P"), 1'000'000'000'000'000);
  EXPECT_FALSE(memory_bytes("1E"));  // exa: beyond what thousandths of a byte hold in 64 bits
  EXPECT_EQ(memory_bytes("128974848"), 128974848);
  EXPECT_EQ(memory_bytes("500m"), 1);  // half a byte rounds up
}

TEST(Quantity, RejectsWhatIsNotAQuantity) {
  for (const char* bad : {"", "m", "1.2.3", "-1", "1K", "1gi", "1MB", "abc", "1 Gi", "1e", "${MEM}", "10Ei"})
    EXPECT_FALSE(memory_bytes(bad)) << bad;
  EXPECT_FALSE(cpu_millis("9223372036854775807"));  // too large once in millicores
  EXPECT_FALSE(cpu_millis("12345678901234567890123"));
}

TEST(Quantity, FromNodes) {
  yaml::Node m = first_document("{a: 2, b: 0.5, c: 1Gi, d: '${CPU}', e: [1]}");
  EXPECT_EQ(cpu_millis(*m.get("a")), 2000);
  EXPECT_EQ(cpu_millis(*m.get("b")), 500);
  EXPECT_EQ(memory_bytes(*m.get("c")), 1LL << 30);
  EXPECT_FALSE(cpu_millis(*m.get("d")));
  EXPECT_FALSE(cpu_millis(*m.get("e")));
}

std::optional<PodRequests> requests(const std::string& spec) {
  yaml::Node n = first_document(spec);
  return pod_requests(&n);
}

TEST(PodRequests, SumsContainers) {
  auto r = requests(R"(
containers:
  - name: a
    resources: {requests: {cpu: 250m, memory: 64Mi}}
  - name: b
    resources: {requests: {cpu: "1", memory: 1Gi}}
  - name: c
)");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->cpu_millis, 1250);
  EXPECT_EQ(r->memory_bytes, (64LL << 20) + (1LL << 30));
}

TEST(PodRequests, RequestDefaultsToLimit) {
  auto r = requests(R"(
containers:
  - name: a
    resources: {limits: {cpu: "2", memory: 1Gi}, requests: {cpu: 100m}}
)");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->cpu_millis, 100);
  EXPECT_EQ(r->memory_bytes, 1LL << 30);
}

TEST(PodRequests, InitContainersRaiseToTheirPeak) {
  auto r = requests(R"(
initContainers:
  - name: migrate
    resources: {requests: {cpu: "2", memory: 128Mi}}
containers:
  - name: app
    resources: {requests: {cpu: 500m, memory: 1Gi}}
)");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->cpu_millis, 2000);          // the init container needs more
  EXPECT_EQ(r->memory_bytes, 1LL << 30);  // the app needs more
}

TEST(PodRequests, SidecarsAddToEverythingAfterThem) {
  auto r = requests(R"(
initContainers:
  - name: proxy
    restartPolicy: Always
    resources: {requests: {cpu: 100m}}
  - name: migrate
    resources: {requests: {cpu: "1"}}
containers:
  - name: app
    resources: {requests: {cpu: 500m}}
overhead: {cpu: 10m}
)");
  ASSERT_TRUE(r);
  // max(app 500m + sidecar 100m, migrate 1 + sidecar 100m) + overhead 10m
  EXPECT_EQ(r->cpu_millis, 1110);
}

TEST(PodRequests, UnknownValuesMakeThePodUnknown) {
  EXPECT_FALSE(requests("containers:\n  - resources: {requests: {cpu: '${CPU}'}}\n"));
  EXPECT_FALSE(requests("containers:\n  - resources: {requests: {memory: lots}}\n"));
  EXPECT_FALSE(requests("containers: ${CONTAINERS}\n"));
  EXPECT_FALSE(requests("containers:\n  - resources: ${RESOURCES}\n"));
  EXPECT_FALSE(requests("initContainers:\n  - restartPolicy: ${POLICY}\n"));
  // No requests at all is known: zero.
  auto r = requests("containers:\n  - name: a\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->cpu_millis, 0);
}

}  // namespace
}  // namespace halint::rules
