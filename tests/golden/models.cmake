# End-to-end run of the built-in model operators (LanguageId, Translate,
# Sentiment, Exec) on workflows/models/mixed_reviews.scope; the driver checks
# the output against tests/golden/models/mixed_sentiment.csv.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_test(NAME golden.models.mixed_reviews
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/models/run_models.py
                 --popper $<TARGET_FILE:popper> --source ${PROJECT_SOURCE_DIR})
set_tests_properties(golden.models.mixed_reviews PROPERTIES TIMEOUT 300)

# The lab's workflows (workflows/lab_*.scope) with the real models and their
# ground-truth scores: tests/golden/models/lab/<case>/ (see run_lab.py).
file(GLOB golden_lab_entries LIST_DIRECTORIES true CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/models/lab/*)
foreach(case ${golden_lab_entries})
  if(EXISTS ${case}/args)
    get_filename_component(case_name ${case} NAME)
    add_test(NAME golden.models.${case_name}
             COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/models/run_lab.py
                     --popper $<TARGET_FILE:popper> --source ${PROJECT_SOURCE_DIR} ${case})
    set_tests_properties(golden.models.${case_name} PROPERTIES TIMEOUT 300)
  endif()
endforeach()

# Exec's faults through the binary: a command that cannot start, a model that
# rejects every row, floods its stderr or writes an extra line.
add_test(NAME golden.models.exec_faults
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/exec_faults_test.py --popper $<TARGET_FILE:popper>)
set_tests_properties(golden.models.exec_faults PROPERTIES TIMEOUT 300)
