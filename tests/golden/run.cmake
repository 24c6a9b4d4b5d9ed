# Golden tests of `popper run` (tests/golden/run/<case>/, checked by
# run_golden.py against outputs computed by the independent SQLite oracle,
# tests/oracle/sqlite_oracle.py):
#   golden.run.<case>         run the case, compare outputs, rejects, exit code, accounting
#   golden.run.determinism    every case with --threads 1, 2 and 4: byte-identical outputs
#   golden.run.oracle         the committed expected/ files are exactly what the oracle computes
find_package(Python3 REQUIRED COMPONENTS Interpreter)

set(golden_run_driver ${CMAKE_CURRENT_LIST_DIR}/run_golden.py)
file(GLOB golden_run_entries LIST_DIRECTORIES true CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/run/*)
set(golden_run_cases)
set(golden_run_committed_cases)
foreach(case ${golden_run_entries})
  if(EXISTS ${case}/wf.scope)
    get_filename_component(case_name ${case} NAME)
    add_test(NAME golden.run.${case_name}
             COMMAND ${Python3_EXECUTABLE} ${golden_run_driver} --popper $<TARGET_FILE:popper> ${case})
    set_tests_properties(golden.run.${case_name} PROPERTIES TIMEOUT 600)
    list(APPEND golden_run_cases ${case})
    if(NOT EXISTS ${case}/generate.json)
      list(APPEND golden_run_committed_cases ${case})
    endif()
  endif()
endforeach()

add_test(NAME golden.run.determinism
         COMMAND ${Python3_EXECUTABLE} ${golden_run_driver} --popper $<TARGET_FILE:popper> --determinism ${golden_run_cases})
set_tests_properties(golden.run.determinism PROPERTIES TIMEOUT 1200)

add_test(NAME golden.run.oracle
         COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/oracle/sqlite_oracle.py --check ${golden_run_committed_cases})

# Outputs that damage nothing, a run that is one transaction: TO "-" and
# FROM "-", FIFOs and /dev/stdout written in place, links kept, a failed or
# killed run leaving the old outputs intact and no temporary file.
add_test(NAME run.outputs COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/outputs_test.py
                                  --popper $<TARGET_FILE:popper>)
set_tests_properties(run.outputs PROPERTIES TIMEOUT 300)

# The run report (--report, docs/run-report.md) and the corrections file.
add_test(NAME run.report COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/report_test.py
                                --popper $<TARGET_FILE:popper> --source ${PROJECT_SOURCE_DIR})
set_tests_properties(run.report PROPERTIES TIMEOUT 120)
