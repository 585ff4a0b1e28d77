#include "fix/diff.h"

#include <algorithm>
#include <vector>

namespace halint::fix {
namespace {

// Lines including their terminator, so a missing final newline is a difference.
std::vector<std::string_view> split(std::string_view s) {
  std::vector<std::string_view> out;
  size_t b = 0;
  while (b < s.size()) {
    size_t e = s.find('\n', b);
    e = e == std::string_view::npos ? s.size() : e + 1;
    out.push_back(s.substr(b, e - b));
    b = e;
  }
  return out;
}

enum class Op { Keep, Del, Add };

// Myers' O((N+M)D) shortest edit script; fix diffs are small, so D is.
std::vector<Op> edit_script(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  int max = n + m;
  std::vector<int> v(2 * max + 2, 0);
  std::vector<std::vector<int>> trace;
  int off = max + 1;
  for (int d = 0; d <= max; ++d) {
    trace.push_back(v);
    for (int k = -d; k <= d; k += 2) {
      int x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1;
      int y = x - k;
      while (x < n && y < m && a[x] == b[y]) ++x, ++y;
      v[off + k] = x;
      if (x >= n && y >= m) {
        // Walk back through the trace.
        std::vector<Op> ops;
        int cx = n, cy = m;
        for (int dd = d; dd > 0; --dd) {
          const auto& pv = trace[dd];
          int kk = cx - cy;
          int pk = (kk == -dd || (kk != dd && pv[off + kk - 1] < pv[off + kk + 1])) ? kk + 1 : kk - 1;
          int px = pv[off + pk], py = px - pk;
          while (cx > px && cy > py) ops.push_back(Op::Keep), --cx, --cy;
          if (cx == px) ops.push_back(Op::Add), --cy;
          else ops.push_back(Op::Del), --cx;
        }
        while (cx > 0 && cy > 0) ops.push_back(Op::Keep), --cx, --cy;
        std::reverse(ops.begin(), ops.end());
        return ops;
      }
    }
  }
  return {};
}

void emit_line(std::string& out, char mark, std::string_view line) {
  out += mark;
  out += line;
  if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

}  // namespace

std::string unified_diff(std::string_view path, std::string_view before, std::string_view after, bool created) {
  if (before == after) return "";
  auto a = split(before), b = split(after);
  auto ops = edit_script(a, b);
  std::string out = std::string("--- ") + (created ? "/dev/null" : "a/" + std::string(path)) + "\n+++ b/" +
                    std::string(path) + "\n";
  constexpr size_t ctx = 3;
  size_t i = 0;
  // Positions in a and b for each op index.
  std::vector<size_t> ai(ops.size() + 1), bi(ops.size() + 1);
  for (size_t k = 0, x = 0, y = 0; k <= ops.size(); ++k) {
    ai[k] = x, bi[k] = y;
    if (k == ops.size()) break;
    if (ops[k] != Op::Add) ++x;
    if (ops[k] != Op::Del) ++y;
  }
  while (i < ops.size()) {
    if (ops[i] == Op::Keep) {
      ++i;
      continue;
    }
    size_t start = i >= ctx ? i - ctx : 0;
    // Extend the hunk while changes are within 2*ctx lines of each other.
    size_t end = i;
    size_t keep_run = 0;
    for (size_t k = i; k < ops.size(); ++k) {
      if (ops[k] == Op::Keep) {
        if (++keep_run > 2 * ctx) break;
      } else {
        keep_run = 0;
        end = k + 1;
      }
    }
    size_t stop = std::min(ops.size(), end + ctx);
    size_t a_count = ai[stop] - ai[start], b_count = bi[stop] - bi[start];
    out += "@@ -" + std::to_string(a_count ? ai[start] + 1 : ai[start]) + (a_count == 1 ? "" : "," + std::to_string(a_count)) +
           " +" + std::to_string(b_count ? bi[start] + 1 : bi[start]) + (b_count == 1 ? "" : "," + std::to_string(b_count)) +
           " @@\n";
    for (size_t k = start; k < stop; ++k) {
      if (ops[k] == Op::Keep) emit_line(out, ' ', a[ai[k]]);
      else if (ops[k] == Op::Del) emit_line(out, '-', a[ai[k]]);
      else emit_line(out, '+', b[bi[k]]);
    }
    i = stop;
  }
  return out;
}

}  // namespace halint::fix
