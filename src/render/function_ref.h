#pragma once
// A non-owning reference to a callable, for callbacks passed down a walk: std::function
// allocates for most lambdas, and the renderer's walks run millions of times per check.
// Valid only while the callable it was made from lives (the call it is passed to).
#include <memory>
#include <type_traits>
#include <utility>

namespace halint::render {

template <class Sig>
class FunctionRef;
template <class R, class... Args>
class FunctionRef<R(Args...)> {
 public:
  template <class F>
    requires(!std::is_same_v<std::remove_cvref_t<F>, FunctionRef>)
  FunctionRef(F&& f)  // NOLINT: implicit, as std::function
      : obj_(const_cast<void*>(static_cast<const void*>(std::addressof(f)))),
        call_([](void* o, Args... a) -> R { return (*static_cast<std::remove_reference_t<F>*>(o))(std::forward<Args>(a)...); }) {}
  R operator()(Args... a) const { return call_(obj_, std::forward<Args>(a)...); }

 private:
  void* obj_;
  R (*call_)(void*, Args...);
};

}  // namespace halint::render
