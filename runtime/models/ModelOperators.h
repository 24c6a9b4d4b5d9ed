// The built-in model operators (DESIGN section 5): LanguageId (libexttextcat),
// Translate (Apertium), Classify and Sentiment (fastText), Exec (a JSON Lines
// subprocess), Ocr (tesseract). Each lives in its own file and registers itself here.
#pragma once

#include "runtime/ops/OperatorApi.h"

namespace popper::models {

void registerLanguageId(ops::OperatorLibrary& library);
void registerTranslate(ops::OperatorLibrary& library);
void registerClassify(ops::OperatorLibrary& library);  // Classify and Sentiment
void registerExec(ops::OperatorLibrary& library);
void registerOcr(ops::OperatorLibrary& library);  // tesseract

// All of the above.
void registerModelOperators(ops::OperatorLibrary& library);

}  // namespace popper::models
