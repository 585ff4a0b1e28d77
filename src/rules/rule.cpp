#include "rules/rule.h"

namespace halint::rules {

Finding finding_for(std::string_view code, const model::Object& obj, const yaml::Node* at, std::string message) {
  Finding f;
  f.rule = std::string(code);
  f.message = std::move(message);
  const yaml::Node* where = at ? at : &obj.root();
  f.location = where->origin();
  if (!f.location.known()) f.location = obj.root().origin();
  f.resource = obj.ref();
  if (!obj.render.empty()) f.via.push_back(obj.render);
  if (obj.helm) f.via.push_back(obj.helm->via);
  return f;
}

}  // namespace halint::rules
