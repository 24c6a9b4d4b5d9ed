// The Popper workflow language (DESIGN.md section 1-2). The only grammar; the
// C++ parser is generated from it at build time and never committed.
grammar Popper;

script : statement* EOF ;

statement
  : paramStmt
  | setStmt
  | importStmt
  | assignStmt
  | outputStmt
  ;

paramStmt  : PARAM ident ':' typeName ('=' signedLiteral)? ';' ;
setStmt    : SET ident '=' signedLiteral ';' ;
importStmt : IMPORT STRING ';' ;
assignStmt : ident '=' relation ';' ;
outputStmt : OUTPUT source TO pathRef USING opCall (ORDER BY orderItem (',' orderItem)*)? evaluateClause? ';' ;
// Scores the output's rows against a ground-truth CSV (with a header) on the
// ON columns, all of the output's columns without ON.
evaluateClause : EVALUATE AGAINST pathRef (ON ident (',' ident)*)? ;

orderItem : expr (ASC | DESC)? ;

relation
  : extractRel
  | selectRel
  | processRel
  | reduceRel
  | combineRel
  | unionRel
  | handleRel
  ;

extractRel : EXTRACT columnDef (',' columnDef)* FROM pathRef USING opCall ;
selectRel  : SELECT selectItem (',' selectItem)* FROM source
             (JOIN source ON expr)?
             (WHERE expr)?
             (GROUP BY expr (',' expr)*)?
             (HAVING expr)? ;
// Without PRODUCE a processor adds no columns (the empty prefix of its outputs).
processRel : PROCESS source USING opCall (PRODUCE columnDef (',' columnDef)*)? ;
reduceRel  : REDUCE source ON ident (',' ident)* USING opCall PRODUCE columnDef (',' columnDef)* ;
combineRel : COMBINE source WITH source ON expr USING opCall PRODUCE columnDef (',' columnDef)* ;
unionRel   : UNION source (',' source)+ ;
handleRel  : HANDLE source DETECT expr CORRECT action (',' action)*
             // A sign is accepted so that sema can say why a negative count is wrong.
             (RETRY '-'? INT)?
             (EVENTUALLY policy=(PASS | DROP | REJECT))? ;

action
  : EDIT ident SET assignment (',' assignment)*      # editSetAction
  | EDIT ident USING opCall                          # editUsingAction
  | APPEND TO ident (SET assignment (',' assignment)*)? # appendAction
  | DELETE FROM ident                                # deleteAction
  ;
assignment : ident '=' expr ;

// A source is a named rowset or a parenthesised relation, optionally renamed.
source
  : ident (AS ident)?                                # namedSource
  | '(' relation ')' (AS ident)?                     # nestedSource
  ;

columnDef : ident ':' typeName ('=' signedLiteral)? ;
typeName  : ident ;
pathRef   : STRING | '@' ident ;

opCall  : ident '(' (opArg (',' opArg)*)? ')' ;
opArg   : argName ':' argValue ;
// Argument names may be keywords (TopK(k: 3, by: score)): after '(' or ',' and
// before ':' a keyword cannot mean anything else.
argName : ident | keyword ;
keyword
  : PARAM | SET | IMPORT | EXTRACT | FROM | USING | SELECT | AS | WHERE | JOIN | ON | GROUP | BY
  | HAVING | PROCESS | PRODUCE | REDUCE | COMBINE | WITH | UNION | HANDLE | DETECT | CORRECT | EDIT
  | APPEND | TO | DELETE | RETRY | EVENTUALLY | PASS | DROP | REJECT | OUTPUT | ORDER | ASC | DESC | EVALUATE | AGAINST
  | AND | OR | NOT | IF | TRUE | FALSE
  ;
argValue : signedLiteral | ident | '@' ident ;

selectItem
  : '*'                                              # starItem
  | ident '.' '*'                                    # qualifiedStarItem
  | expr (AS ident)?                                 # exprItem
  ;

// Precedence, tightest first: unary minus, * / %, + -, comparisons, NOT, AND, OR.
expr
  : primary                                          # primaryExpr
  | '-' expr                                         # negateExpr
  | expr op=('*' | '/' | '%') expr                   # mulExpr
  | expr op=('+' | '-') expr                         # addExpr
  | expr op=('==' | '!=' | '<' | '<=' | '>' | '>=') expr # compareExpr
  | NOT expr                                         # notExpr
  | expr AND expr                                    # andExpr
  | expr OR expr                                     # orExpr
  ;

primary
  : literal                                          # literalPrimary
  | '(' expr ')'                                     # parenPrimary
  | IF '(' expr ',' expr ',' expr ')'                # ifPrimary
  | ident '(' (starArg='*' | expr (',' expr)*)? ')'  # callPrimary
  | '@' ident                                        # paramPrimary
  | ident '.' ident                                  # qualifiedColumnPrimary
  | ident                                            # columnPrimary
  ;

literal       : STRING | INT | FLOAT | TRUE | FALSE ;
signedLiteral : STRING | '-'? INT | '-'? FLOAT | TRUE | FALSE ;
ident         : IDENT ;

// Keywords are case-insensitive.
PARAM      : P A R A M ;
SET        : S E T ;
IMPORT     : I M P O R T ;
EXTRACT    : E X T R A C T ;
FROM       : F R O M ;
USING      : U S I N G ;
SELECT     : S E L E C T ;
AS         : A S ;
WHERE      : W H E R E ;
JOIN       : J O I N ;
ON         : O N ;
GROUP      : G R O U P ;
BY         : B Y ;
HAVING     : H A V I N G ;
PROCESS    : P R O C E S S ;
PRODUCE    : P R O D U C E ;
REDUCE     : R E D U C E ;
COMBINE    : C O M B I N E ;
WITH       : W I T H ;
UNION      : U N I O N ;
HANDLE     : H A N D L E ;
DETECT     : D E T E C T ;
CORRECT    : C O R R E C T ;
EDIT       : E D I T ;
APPEND     : A P P E N D ;
TO         : T O ;
DELETE     : D E L E T E ;
RETRY      : R E T R Y ;
EVENTUALLY : E V E N T U A L L Y ;
PASS       : P A S S ;
DROP       : D R O P ;
REJECT     : R E J E C T ;
OUTPUT     : O U T P U T ;
ORDER      : O R D E R ;
ASC        : A S C ;
DESC       : D E S C ;
EVALUATE   : E V A L U A T E ;
AGAINST    : A G A I N S T ;
AND        : A N D ;
OR         : O R ;
NOT        : N O T ;
IF         : I F ;
TRUE       : T R U E ;
FALSE      : F A L S E ;

// Punctuation gets names so the parser's error reporting can refer to it.
COLON   : ':' ;
ASSIGN  : '=' ;
SEMI    : ';' ;
COMMA   : ',' ;
LPAREN  : '(' ;
RPAREN  : ')' ;
AT      : '@' ;
STAR    : '*' ;
DOT     : '.' ;
MINUS   : '-' ;
PLUS    : '+' ;
SLASH   : '/' ;
PERCENT : '%' ;
EQ      : '==' ;
NEQ     : '!=' ;
LT      : '<' ;
LTE     : '<=' ;
GT      : '>' ;
GTE     : '>=' ;

IDENT  : [A-Za-z_] [A-Za-z0-9_]* ;
FLOAT  : DIGITS '.' DIGITS EXPONENT? | DIGITS EXPONENT ;
INT    : DIGITS ;
STRING : '"' ( '\\' ~[\r\n] | ~["\\\r\n] )* '"' ;

// Error tokens: the lexer never fails; the parser's error listener turns these
// into readable, located diagnostics.
UNTERMINATED_STRING  : '"' ( '\\' ~[\r\n] | ~["\\\r\n] )* ;
// Spelled so it cannot contain '*/': with `.*? EOF` the lexer would scan to the
// end of the file for every block comment (quadratic on commented files).
UNTERMINATED_COMMENT : '/*' ( ~'*' | '*'+ ~[*/] )* '*'* EOF ;

LINE_COMMENT  : '//' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
WS            : [ \t\r\n\f]+ -> skip ;
BAD_CHAR      : . ;

fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;
fragment A : [aA] ; fragment B : [bB] ; fragment C : [cC] ; fragment D : [dD] ;
fragment E : [eE] ; fragment F : [fF] ; fragment G : [gG] ; fragment H : [hH] ;
fragment I : [iI] ; fragment J : [jJ] ; fragment K : [kK] ; fragment L : [lL] ;
fragment M : [mM] ; fragment N : [nN] ; fragment O : [oO] ; fragment P : [pP] ;
fragment Q : [qQ] ; fragment R : [rR] ; fragment S : [sS] ; fragment T : [tT] ;
fragment U : [uU] ; fragment V : [vV] ; fragment W : [wW] ; fragment X : [xX] ;
fragment Y : [yY] ; fragment Z : [zZ] ;
