# Golden tests of `popper check` (issue 2): every example workflow must check
# clean, and every bad workflow under check/ must print exactly its .reference
# and exit with its expected code. One ctest per file; the driver is
# run_check_golden.py (python3, standard library only).
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(check_driver ${CMAKE_CURRENT_LIST_DIR}/run_check_golden.py)

file(GLOB good_workflows CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/workflows/*.scope
     ${CMAKE_CURRENT_LIST_DIR}/good/*.scope)
foreach(workflow ${good_workflows})
  get_filename_component(name ${workflow} NAME_WE)
  add_test(NAME check.good.${name}
           COMMAND ${Python3_EXECUTABLE} ${check_driver} --popper $<TARGET_FILE:popper> --good ${workflow})
endforeach()

# Overriding every PARAM type from the command line.
add_test(NAME check.good.params_and_options.overrides
         COMMAND ${Python3_EXECUTABLE} ${check_driver} --popper $<TARGET_FILE:popper>
                 --good ${PROJECT_SOURCE_DIR}/workflows/params_and_options.scope --
                 -p input=data/traffic/segments.csv -p min_lanes=3 -p factor=1 -p keep_zero=true
                 -p limit=-2.5 -p pair=eng-spa -p offset=-10)

file(GLOB bad_workflows CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/check/*.scope)
foreach(case ${bad_workflows})
  get_filename_component(name ${case} NAME_WE)
  add_test(NAME check.bad.${name}
           COMMAND ${Python3_EXECUTABLE} ${check_driver} --popper $<TARGET_FILE:popper> --case ${case})
endforeach()

# Errors go to stderr, a command's own output to stdout.
add_test(NAME check.streams COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/streams_test.py
                                    --popper $<TARGET_FILE:popper>)
