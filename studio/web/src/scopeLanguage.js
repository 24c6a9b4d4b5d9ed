// Syntax colouring for .scope files (grammar/Popper.g4): keywords (any
// case), strings, numbers, @parameters, // and /* */ comments.
import { StreamLanguage } from '@codemirror/language';

const KEYWORDS = new Set(
  `PARAM SET IMPORT EXTRACT FROM USING SELECT AS WHERE JOIN ON GROUP BY HAVING PROCESS PRODUCE REDUCE
   COMBINE WITH UNION HANDLE DETECT CORRECT EDIT APPEND TO DELETE RETRY EVENTUALLY PASS DROP REJECT
   OUTPUT ORDER ASC DESC EVALUATE AGAINST AND OR NOT IF TRUE FALSE`.split(/\s+/),
);

export const scope = StreamLanguage.define({
  name: 'scope',
  startState: () => ({ inComment: false }),
  token(stream, state) {
    if (state.inComment) {
      if (stream.skipTo('*/')) {
        stream.pos += 2;
        state.inComment = false;
      } else stream.skipToEnd();
      return 'comment';
    }
    if (stream.eatSpace()) return null;
    if (stream.match('//')) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.match('/*')) {
      state.inComment = true;
      return 'comment';
    }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return 'string';
    if (stream.match(/^\d+(\.\d+)?([eE][-+]?\d+)?/)) return 'number';
    if (stream.match(/^@[A-Za-z_]\w*/)) return 'variableName.special';
    if (stream.match(/^[A-Za-z_]\w*/)) return KEYWORDS.has(stream.current().toUpperCase()) ? 'keyword' : 'variableName';
    stream.next();
    return 'operator';
  },
  languageData: { commentTokens: { line: '//', block: { open: '/*', close: '*/' } } },
});
