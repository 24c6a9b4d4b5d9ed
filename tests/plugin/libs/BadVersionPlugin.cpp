// A test plugin that claims another API version: IMPORT must refuse it before registering.
#include <popper/plugin.h>

extern "C" __attribute__((visibility("default"))) int popper_plugin_api_version() {
  return popper::kPluginApiVersion + 41;
}
extern "C" __attribute__((visibility("default"))) void popper_register(popper::PluginRegistry&) {}
