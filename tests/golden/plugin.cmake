# Tests of the C++ plugin API (include/popper/plugin.h, issue 7) and of
# operator-emitted back edges (issue 5): tests/plugin/, driven by
# tests/plugin/run_plugin_tests.py, which copies each case beside the plugin
# libraries into a scratch folder so IMPORT paths and messages are stable.
#  plugin.check.<case>  `popper check` of tests/plugin/check/<case>.scope vs .reference
#  plugin.run.<case>    `popper run` of tests/plugin/run/<case>/wf.scope vs expected/
find_package(Python3 REQUIRED COMPONENTS Interpreter)

# Broken plugins, for the load errors IMPORT must report, and Actions, whose
# processor emits every back-edge action (tests/unit/plugin).
foreach(lib NoEntry BadVersion Duplicate BadSignature Actions)
  add_library(popper_test_${lib} MODULE ${PROJECT_SOURCE_DIR}/tests/plugin/libs/${lib}Plugin.cpp)
  target_include_directories(popper_test_${lib} PRIVATE ${PROJECT_SOURCE_DIR}/include)
  set_target_properties(popper_test_${lib} PROPERTIES CXX_VISIBILITY_PRESET hidden
                        LIBRARY_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests/plugin)
endforeach()

set(plugin_driver ${PROJECT_SOURCE_DIR}/tests/plugin/run_plugin_tests.py)
set(plugin_libs --lib $<TARGET_FILE:popper_example_plugin> --lib $<TARGET_FILE:popper_test_NoEntry>
                --lib $<TARGET_FILE:popper_test_BadVersion> --lib $<TARGET_FILE:popper_test_Duplicate>
                --lib $<TARGET_FILE:popper_test_BadSignature>)

file(GLOB plugin_check_cases CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/plugin/check/*.scope)
foreach(case ${plugin_check_cases})
  get_filename_component(name ${case} NAME_WE)
  add_test(NAME plugin.check.${name}
           COMMAND ${Python3_EXECUTABLE} ${plugin_driver} --popper $<TARGET_FILE:popper> ${plugin_libs} check ${case})
endforeach()

file(GLOB plugin_run_cases LIST_DIRECTORIES true CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/plugin/run/*)
foreach(case ${plugin_run_cases})
  if(EXISTS ${case}/wf.scope)
    get_filename_component(name ${case} NAME)
    add_test(NAME plugin.run.${name}
             COMMAND ${Python3_EXECUTABLE} ${plugin_driver} --popper $<TARGET_FILE:popper> ${plugin_libs} run ${case})
    set_tests_properties(plugin.run.${name} PROPERTIES TIMEOUT 120)
  endif()
endforeach()

# The unit test (tests/unit/plugin) loads the example plugin by its path.
if(TARGET test_plugin)
  add_dependencies(test_plugin popper_example_plugin popper_test_Actions)
  target_compile_definitions(test_plugin PRIVATE POPPER_EXAMPLE_PLUGIN="$<TARGET_FILE:popper_example_plugin>"
                             POPPER_ACTIONS_PLUGIN="$<TARGET_FILE:popper_test_Actions>")
endif()
