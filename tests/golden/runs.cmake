# The run store and `popper runs` through the real binary (runs_test.py):
#   golden.runs          lab_exercise3 without and with its handler: list, show,
#                        compare, diff and corrections against tests/golden/runs/*.reference
#   runs.store_errors    unknown ids, a damaged, newer or unwritable store: exit codes,
#                        messages, nothing written; two runs recording at once
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_test(NAME golden.runs
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/runs_test.py --popper $<TARGET_FILE:popper>
                 --source ${PROJECT_SOURCE_DIR} golden)
add_test(NAME runs.store_errors
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/runs_test.py --popper $<TARGET_FILE:popper>
                 --source ${PROJECT_SOURCE_DIR} errors)
set_tests_properties(golden.runs runs.store_errors PROPERTIES TIMEOUT 300)
