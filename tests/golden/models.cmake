# End-to-end run of the built-in model operators (LanguageId, Translate,
# Sentiment, Exec) on workflows/models/mixed_reviews.scope; the driver checks
# the output against tests/golden/models/mixed_sentiment.csv.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_test(NAME golden.models.mixed_reviews
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/models/run_models.py
                 --popper $<TARGET_FILE:popper> --source ${PROJECT_SOURCE_DIR})
set_tests_properties(golden.models.mixed_reviews PROPERTIES TIMEOUT 300)
