// A test plugin without popper_register: IMPORT must refuse it with a located error.
#include <popper/plugin.h>

extern "C" __attribute__((visibility("default"))) int popper_plugin_api_version() {
  return popper::kPluginApiVersion;
}
