# Golden tests of `popper plan` (issue 4), ClickHouse .reference style: each
# tests/golden/plan/<case>.scope pins one planner behaviour, selected from the
# JSON plan by the `// show:` lines in its header; run_plan_golden.py renders
# just those parts and compares them with <case>.reference
# (POPPER_UPDATE_GOLDEN=1 rewrites the references).
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(plan_golden_driver ${CMAKE_CURRENT_LIST_DIR}/plan/run_plan_golden.py)

file(GLOB plan_golden_cases CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/plan/*.scope)
foreach(case ${plan_golden_cases})
  get_filename_component(name ${case} NAME_WE)
  add_test(NAME golden.plan.${name}
           COMMAND ${Python3_EXECUTABLE} ${plan_golden_driver} --popper $<TARGET_FILE:popper> ${case})
endforeach()

# Every example workflow plans in every format, with all passes and with -O0
# (the plan verifier runs after each pass, so a pass that breaks a plan fails here).
file(GLOB plan_example_workflows CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/workflows/*.scope)
foreach(workflow ${plan_example_workflows})
  get_filename_component(name ${workflow} NAME_WE)
  add_test(NAME golden.plan.workflow.${name}
           COMMAND ${Python3_EXECUTABLE} ${plan_golden_driver} --popper $<TARGET_FILE:popper> --smoke ${workflow})
endforeach()

# An unknown pass name is a usage error (exit 2) that lists the valid names.
add_test(NAME golden.plan.unknown_pass
         COMMAND ${Python3_EXECUTABLE} ${plan_golden_driver} --popper $<TARGET_FILE:popper> --unknown-pass
                 ${CMAKE_CURRENT_LIST_DIR}/plan/pushdown_model.scope)
