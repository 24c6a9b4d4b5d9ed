# Real OCR (tesseract) on the shipped identity-card scans: the light engine
# alone (case "light") and workflows/identity_cards.scope, which escalates
# implausible dates through EDIT ocr USING Ocr(engine: "alt") (case
# "identity_cards"). tests/golden/cards/run_cards.py compares the outputs with
# tests/golden/cards/expected/<case> at --threads 1 and 2 and scores them
# against the cards' ground truth.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
foreach(case light identity_cards)
  add_test(NAME golden.cards.${case}
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/cards/run_cards.py
                   --popper $<TARGET_FILE:popper> --source ${PROJECT_SOURCE_DIR} --case ${case})
  set_tests_properties(golden.cards.${case} PROPERTIES TIMEOUT 300)
endforeach()
