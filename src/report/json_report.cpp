#include "core/json.h"
#include "report/report.h"

namespace halint::report {

void write_json(const ReportInput& in, std::ostream& out) {
  json::Writer w(out);
  w.begin_object();
  w.field("version", 1);
  w.key("tool").begin_object().field("name", "halint").field("version", HALINT_VERSION).end_object();
  w.key("findings").begin_array();
  for (const Finding& f : in.findings) {
    Location l = locate(f, in.analysis);
    const auto* meta = in.catalog.find(f.rule);
    w.begin_object();
    w.field("rule", f.rule);
    w.field("name", meta ? meta->name : "");
    w.field("severity", severity_name(f.severity));
    w.field("message", f.message);
    w.field("file", l.path);
    w.field("line", l.start.line).field("column", l.start.column);
    w.field("endLine", l.end.line).field("endColumn", l.end.column);
    w.key("resource");
    if (f.resource) {
      w.begin_object();
      w.field("apiVersion", f.resource->api_version).field("kind", f.resource->kind);
      w.key("namespace");
      if (f.resource->name_space.empty()) w.null();
      else w.value(f.resource->name_space);
      w.field("name", f.resource->name);
      w.end_object();
    } else {
      w.null();
    }
    w.key("via").begin_array();
    for (const auto& v : f.via) w.value(v);
    w.end_array();
    w.key("fix").begin_object();
    w.field("available", f.fix.has_value());
    w.field("safe", f.fix ? f.fix->safe : false);
    w.field("description", f.fix ? f.fix->description : f.help);
    w.end_object();
    w.end_object();
  }
  w.end_array();
  const auto& s = in.summary;
  w.key("summary").begin_object();
  w.field("files", s.files).field("objects", s.objects).field("renders", s.renders);
  w.field("workloads", s.workloads);
  w.key("helmReleases").begin_object();
  w.field("total", s.helm_releases).field("modelled", s.helm_modelled);
  w.end_object();
  w.field("errors", s.errors).field("warnings", s.warnings).field("infos", s.infos).field("fixable", s.fixable)
      .field("unsafeFixable", s.unsafe_fixable);
  w.end_object();
  w.key("skipped").begin_object();
  w.field("helmTemplates", s.skipped_helm_templates).field("jinja", s.skipped_jinja);
  w.end_object();
  w.end_object();
}

}  // namespace halint::report
