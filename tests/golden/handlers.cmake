# Golden tests of in-flight error handling (tests/golden/handlers/<case>/,
# hand-verified expected outputs, or computed independently by the case's
# oracle.py, checked by handlers/run_handlers.py with --threads 1, 2 and 4 and
# once with --verify): golden.handlers.<case>.
find_package(Python3 REQUIRED COMPONENTS Interpreter)

file(GLOB golden_handler_entries LIST_DIRECTORIES true CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/handlers/*)
foreach(case ${golden_handler_entries})
  if(EXISTS ${case}/wf.scope)
    get_filename_component(case_name ${case} NAME)
    add_test(NAME golden.handlers.${case_name}
             COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/handlers/run_handlers.py
                     --popper $<TARGET_FILE:popper> ${case})
    set_tests_properties(golden.handlers.${case_name} PROPERTIES TIMEOUT 300)
  endif()
endforeach()
