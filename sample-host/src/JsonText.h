#ifndef HOST_JSON_TEXT_H
#define HOST_JSON_TEXT_H

#include <string>
#include <string_view>

namespace host {

/// Returns `text` as a quoted JSON string. Control characters become \uXXXX
/// or their short escapes; other bytes, UTF-8 included, pass unchanged.
std::string quoteJson(std::string_view text);

}  // namespace host

#endif
