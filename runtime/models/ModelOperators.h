// The built-in model operators (docs/design.md, "Stage by stage"): LanguageId (libexttextcat),
// Translate (Apertium), Classify and Sentiment (fastText), Exec (a JSON Lines
// subprocess), Ocr (tesseract). Each lives in its own file and registers itself here.
#pragma once

#include "runtime/catalog/OperatorCatalog.h"

namespace popper::models {

void registerLanguageId(catalog::OperatorCatalog& catalog);
void registerTranslate(catalog::OperatorCatalog& catalog);
void registerClassify(catalog::OperatorCatalog& catalog);  // Classify and Sentiment
void registerExec(catalog::OperatorCatalog& catalog);
void registerOcr(catalog::OperatorCatalog& catalog);  // tesseract

// All of the above.
void registerModelOperators(catalog::OperatorCatalog& catalog);

}  // namespace popper::models
